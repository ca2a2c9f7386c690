import type { RelatedInformation } from '../../../language/diagnostic';
import { isDeployable } from '../../../language/model/topology';
import { insertProperty } from '../../analysis/block-edits';
import { attemptFactor, callLabel, formatFactor, retryStatementRange } from '../../analysis/calls';
import { capacityText, formatRate, loadAnalysis, loadChainText, sourcesText } from '../../analysis/load';
import type { Rule } from '../types';

/**
 * The retrying calls one fix bounds at most (nearest the element first): enough for any design a person drew, and
 * no fix of thousands of edits on each element of a generated 5,000-service chain.
 */
const MAX_FIXED_CALLS = 20;

/** The budget the quick fix adds: retries capped at a tenth of the requests (Finagle's and Envoy's usual setting). */
const FIX_BUDGET = 'retry-budget 10%';

export const storm: Rule = {
  id: 'retry/storm',
  severity: 'warning',
  description: 'Retries that no circuit breaker or retry budget bounds can bring more load to an element than its replicas can serve: once it slows down, the retries keep it down.',
  fixable: true,
  check({ model, report }) {
    const load = loadAnalysis(model);
    // SPEC §5.2: where no load is declared anywhere, the load rules stay silent.
    if (!load.declared) return;
    for (const e of model.elements.values()) {
      if (!isDeployable(e) || e.capacity === undefined) continue;
      const l = load.of(e.name)!;
      const capacity = l.capacity!;
      // Over capacity with retries, and some of those retries come along paths that nothing bounds.
      if (!(l.peak > capacity.total) || !(l.unprotectedPeak > l.unprotectedBase)) continue;
      const chain = load.stormChain(e.name);
      if (!chain || chain.retrying.length === 0) continue;
      const deepest = chain.retrying[chain.retrying.length - 1]!;
      const hop = `\`${deepest.caller}\` → \`${callLabel(deepest)}\``;
      // The fix bounds every retrying hop that brings unbounded load here, not the worst chain's alone: where two
      // chains overload the element, bounding one leaves the storm through the other.
      const toBound = [deepest, ...load.unboundedRetries(e.name, MAX_FIXED_CALLS).filter((c) => c !== deepest)].slice(0, MAX_FIXED_CALLS);
      const others = toBound.length - 1;
      const more = others > 0 ? ` and of the ${others === 1 ? 'other retrying call' : `${others} other retrying calls`} that bring it load unbounded` : '';
      const sources = sourcesText(load.sourcesOf(e.name));
      const already = l.base > capacity.total ? `, more than it serves even without retries` : '';
      const related: RelatedInformation[] = chain.retrying.map((c) => ({
        message: `${c.retry >= 1 ? `retry ${c.retry}` : 'retries'} on \`${c.caller}\` → \`${callLabel(c)}\` (×${formatFactor(attemptFactor(c))}), with no circuit breaker or retry budget`,
        range: retryStatementRange(c),
      }));
      const source = model.elements.get(chain.names[0]!);
      const loadStatement = source?.props.statement('load');
      if (loadStatement) related.push({ message: `\`${chain.names[0]}\` declares its peak load here`, range: loadStatement.range });
      report({
        range: e.props.statement('capacity')!.range,
        message:
          `\`${e.name}\` can receive ${formatRate(l.peak)} when its callers retry — ${formatRate(l.base)} at peak${sources ? ` ${sources}` : ''}${already}, ` +
          `×${formatFactor(chain.factor)} along ${loadChainText(chain)} with no circuit breaker or retry budget on the way — but its replicas serve ${capacityText(capacity)}: ` +
          `once it slows down, the retries keep it overloaded (a retry storm); bound the retries of ${hop}${more} with a retry budget (or a circuit breaker)`,
        related,
        fixes: [
          {
            title: others > 0 ? `Add \`${FIX_BUDGET}\` to ${hop} and ${others === 1 ? 'one other call' : `${others} other calls`}` : `Add \`${FIX_BUDGET}\` to ${hop}`,
            edits: toBound.map((c) => insertProperty(c.statement, FIX_BUDGET, model.document)),
          },
        ],
      });
    }
  },
};
