import type { Call } from '../../../language/model/types';
import type { RelatedInformation } from '../../../language/diagnostic';
import { attemptFactor, callGraph, callLabel, chainText, formatFactor, retryStatementRange } from '../../analysis/calls';
import { DEFAULT_AMPLIFICATION_LIMIT } from '../defaults';
import type { Report, Rule } from '../types';

/** Retrying calls listed as related information per finding; the first ones of the chain. */
const MAX_RELATED = 10;
/** Factors written out in a product; longer products are shortened. */
const MAX_FACTORS = 8;

/** `4 × 4`, `4 × 1.2`, or for long chains `199 retrying calls: 4 × 4 × 4 × 4 × 4 × 4 × … × 4`. */
function productText(calls: readonly Call[]): string {
  const factors = calls.map((c) => formatFactor(attemptFactor(c)));
  if (factors.length <= MAX_FACTORS) return factors.join(' × ');
  return `${factors.length} retrying calls: ${factors.slice(0, MAX_FACTORS - 2).join(' × ')} × … × ${factors[factors.length - 1]}`;
}

function relatedRetries(calls: readonly Call[], except?: Call): RelatedInformation[] {
  return calls
    .filter((c) => c !== except)
    .slice(0, MAX_RELATED)
    .map((c) => ({ message: `${retryText(c)} on \`${c.caller}\` → \`${callLabel(c)}\` (×${formatFactor(attemptFactor(c))})`, range: retryStatementRange(c) }));
}

/** `retry 3`, `retry 3, retry-budget 20%`, `retry-budget 20%`. */
function retryText(c: Call): string {
  const parts = [];
  if (c.retry >= 1) parts.push(`retry ${c.retry}`);
  if (c.retryBudget !== undefined) parts.push(`retry-budget ${c.retryBudget}%`);
  return parts.join(', ');
}

export const amplification: Rule = {
  id: 'retry/amplification',
  severity: 'warning',
  description: 'Retries at several levels of a synchronous call chain multiply: one failing request becomes many attempts at the bottom.',
  check({ model, config, report }) {
    const limit = config.amplificationLimit ?? DEFAULT_AMPLIFICATION_LIMIT;
    const graph = callGraph(model);
    const reports: Report[] = [];
    // Where the multiplied load lands: each retrying call whose product from the worst entry point exceeds the
    // limit and after which a chain can end without retrying again (else the deeper call is the one to report).
    for (const { call, factor, chain } of graph.amplifiedCalls(limit)) {
      const times = formatFactor(factor);
      reports.push({
        range: retryStatementRange(call),
        message: `Retries multiply to ${times}× on \`${callLabel(call)}\` along ${chainText(chain)} (${productText(chain.retrying)} attempts, limit ${limit}): one failing request at the entry becomes ${times} attempts here, exactly when it is least able to serve them; retry at one level only (usually the outermost) and fail fast below`,
        related: relatedRetries(chain.retrying, call),
      });
    }
    // A synchronous cycle that retries multiplies again on every round: no finite factor.
    for (const cycle of graph.cycles) {
      const retrying = cycle.calls.filter((c) => attemptFactor(c) > 1);
      const distinct = cycle.names.length - 1;
      const members =
        cycle.members.length > distinct
          ? ` (the cycle lies among ${cycle.members.length} elements that call one another: ${cycle.members.slice(0, MAX_RELATED).join(', ')}${cycle.members.length > MAX_RELATED ? ', …' : ''})`
          : '';
      reports.push({
        range: retryStatementRange(cycle.calls[0]!),
        message: `Retry amplification is unbounded on the synchronous cycle ${chainText(cycle)} (${productText(retrying)} attempts per round, limit ${limit})${members}: a request that goes round it multiplies its attempts again on every round; break the cycle (make one call async) or stop retrying inside it`,
        related: relatedRetries(retrying, cycle.calls[0]),
      });
    }
    // In reading order, so the rule's output does not follow the order the graph was built in.
    reports.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const r of reports) report(r);
  },
};
