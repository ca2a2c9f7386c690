import type { Call } from '../../../language/model/types';
import { callChains, callLabel, chainText, type CallChain } from '../../analysis/calls';
import { DEFAULT_AMPLIFICATION_LIMIT } from '../defaults';
import type { Rule } from '../types';

export const amplification: Rule = {
  id: 'retry/amplification',
  severity: 'warning',
  description: 'Retries at several levels of a synchronous call chain multiply: one failing request becomes many attempts at the bottom.',
  check({ model, config, report }) {
    const limit = config.amplificationLimit ?? DEFAULT_AMPLIFICATION_LIMIT;
    // For each offending chain, the deepest retrying call is where the product lands; keep its worst chain.
    const worst = new Map<Call, { chain: CallChain; depth: number }>();
    for (const chain of callChains(model)) {
      if (chain.factor <= limit) continue;
      let depth = -1;
      chain.edges.forEach((e, i) => {
        if (e.call && e.call.retry >= 1) depth = i;
      });
      const call = chain.edges[depth]!.call!;
      // The product up to the offending call is the whole chain's: later edges do not retry.
      const trimmed = { ...chain, edges: chain.edges.slice(0, depth + 1), names: chain.names.slice(0, depth + 2) };
      const seen = worst.get(call);
      if (!seen || chain.factor > seen.chain.factor) worst.set(call, { chain: trimmed, depth });
    }
    for (const [call, { chain }] of worst) {
      const retrying = chain.edges.filter((e) => e.call && e.call.retry >= 1).map((e) => e.call!);
      const product = retrying.map((c) => `${c.retry + 1}`).join(' × ');
      report({
        range: call.props.statement('retry')!.range,
        message: `Retries multiply to ${chain.factor}× on \`${callLabel(call)}\` along ${chainText(chain)} (${product} attempts, limit ${limit}): one failing request at the entry becomes ${chain.factor} attempts here, exactly when it is least able to serve them; retry at one level only (usually the outermost) and fail fast below`,
        related: retrying
          .filter((c) => c !== call)
          .map((c) => ({ message: `retry ${c.retry} on \`${c.caller}\` → \`${callLabel(c)}\` (×${c.retry + 1})`, range: c.props.statement('retry')!.range })),
      });
    }
  },
};
