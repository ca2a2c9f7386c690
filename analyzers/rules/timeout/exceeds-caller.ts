import { compareStrings } from '../../../language/compare';
import type { Range } from '../../../language/range';
import type { Call, Service } from '../../../language/model/types';
import { formatDuration } from '../../../language/values';
import { callGraph, callLabel, MAX_WORST_CASE_MS, worstCaseMs, type WorstCase } from '../../analysis/calls';
import { callsOfOperation } from '../../analysis/graph';
import type { Rule } from '../types';

/**
 * The callee's slowest own synchronous call: the smallest time it can need that no caller timeout can hide. For a
 * call to an operation that lists its calls (SPEC §5.1), only those.
 */
function slowestCall(callee: Service, operation: string | undefined): { call: Call; worst: WorstCase } | undefined {
  const op = operation !== undefined ? callee.operations.get(operation) : undefined;
  let best: { call: Call; worst: WorstCase } | undefined;
  for (const call of op ? callsOfOperation(callee, op) : callee.calls) {
    if (call.mode !== 'sync') continue;
    const worst = worstCaseMs(call);
    // Ties go to the first label in code-point order, not the first declared: findings must not follow declaration order.
    if (worst && (!best || worst.ms > best.worst.ms || (worst.ms === best.worst.ms && compareStrings(callLabel(call), callLabel(best.call)) < 0))) best = { call, worst };
  }
  return best;
}

export const exceedsCaller: Rule = {
  id: 'timeout/exceeds-caller',
  severity: 'warning',
  description: "A callee's worst-case time for its own calls exceeds the timeout its caller gives it: the caller gives up while the work goes on.",
  check({ model, report }) {
    // Each caller's timeout towards a service: call blocks with a `timeout` (of services and clients, SPEC §5.1),
    // and gateway `timeout`s over their routes.
    const budgets: { caller: string; callee: string; operation?: string; label: string; timeoutMs: number; range: Range }[] = [];
    for (const e of model.elements.values()) {
      if (e.kind === 'service' || e.kind === 'client') {
        for (const c of e.calls) {
          const range = c.props.statement('timeout')?.range;
          if (c.mode === 'sync' && c.timeoutMs !== undefined && range) budgets.push({ caller: e.name, callee: c.target, operation: c.operation, label: callLabel(c), timeoutMs: c.timeoutMs, range });
        }
      }
      if (e.kind === 'gateway' && e.timeoutMs !== undefined) {
        const range = e.props.statement('timeout')!.range;
        for (const r of e.routes) budgets.push({ caller: e.name, callee: r.target, label: r.target, timeoutMs: e.timeoutMs, range });
      }
    }
    // Once per callee, not once per caller: in a dense mesh every service is called by every other.
    const slowest = new Map<string, ReturnType<typeof slowestCall>>();
    const graph = callGraph(model);
    for (const b of budgets) {
      const callee = model.elements.get(b.callee);
      if (callee?.kind !== 'service') continue;
      // An operation that lists its calls is its own callee; any other call reaches every call of the service.
      const operation = b.operation !== undefined && (callee.operations.get(b.operation)?.calls.length ?? 0) > 0 ? b.operation : undefined;
      const key = operation === undefined ? callee.name : `${callee.name}.${operation}`;
      if (!slowest.has(key)) slowest.set(key, slowestCall(callee, operation));
      const slow = slowest.get(key);
      if (!slow || slow.worst.ms <= b.timeoutMs) continue;
      // The work goes on below the callee too: the slowest chain of calls from it, summed (cycles left out).
      const chain = graph.worstChain(callee.name, operation);
      const below =
        chain && chain.length > 2 && chain.ms > slow.worst.ms
          ? `; counting the calls below it, one request can keep work going for ${chain.ms === Infinity ? `more than ${formatDuration(MAX_WORST_CASE_MS)}` : `up to ${formatDuration(chain.ms)}`} along ${chain.text}`
          : '';
      report({
        range: b.range,
        message: `\`${b.caller}\` gives \`${b.label}\` ${formatDuration(b.timeoutMs)}, but \`${b.callee}\` can spend ${slow.worst.capped ? 'more than ' : ''}${formatDuration(slow.worst.ms)} on its call to \`${callLabel(slow.call)}\` alone (${slow.worst.breakdown}): the caller times out (and may retry) while the callee keeps working on an answer nobody waits for; give the caller more time or the callee a tighter timeout/retry budget${below}`,
        related: [{ message: `\`${b.callee}\` → \`${callLabel(slow.call)}\`: ${slow.worst.breakdown}`, range: slow.call.props.statement('timeout')!.range }],
      });
    }
  },
};
