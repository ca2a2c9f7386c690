import type { Statement } from '../../../language/ast';
import type { Range } from '../../../language/range';
import type { Call, Caller } from '../../../language/model/types';
import { allCalls, callLabel } from '../../analysis/calls';
import { targetIdempotency } from '../../analysis/idempotency';
import type { Rule } from '../types';
import { insertProperty } from '../../analysis/block-edits';

/** The first sidecar or ambassador of `caller` whose `provides` lists `retries`, with the range of that word. */
function retryingProxy(caller: Caller): { kind: 'sidecar' | 'ambassador'; name: string; range: Range } | undefined {
  if (caller.kind !== 'service' || !caller.provides.retries) return undefined;
  for (const kind of ['sidecar', 'ambassador'] as const) {
    for (const s of caller.props.statements(kind)) {
      const provides = s.block?.statements.find((x: Statement) => x.head === 'provides');
      const word = provides?.atoms.find((a) => a.text === 'retries');
      if (word) return { kind, name: s.atoms[0]?.text ?? kind, range: word.range };
    }
  }
  return undefined;
}

/** Why the call is retried (SPEC §2 `retry` ≥ 1; §5.2 a `retry-budget`, or retries a sidecar/ambassador provides), and where that is written. */
function retriedBy(call: Call, caller: Caller): { why: string; range: Range; proxy?: { kind: string; name: string; range: Range } } | undefined {
  if (call.retry >= 1) return { why: `retry ${call.retry} (up to ${call.retry + 1} attempts)`, range: call.props.statement('retry')!.range };
  if (call.retryBudget !== undefined) {
    return { why: `\`retry-budget ${call.retryBudget}%\` retries the call (up to ${call.retryBudget}% of requests more)`, range: call.props.statement('retry-budget')!.range };
  }
  const proxy = retryingProxy(caller);
  if (proxy) {
    return {
      why: `${proxy.kind} \`${proxy.name}\` provides retries, so every call \`${caller.name}\` makes is retried (a mesh retries a POST on a connection reset)`,
      range: call.targetRange,
      proxy,
    };
  }
  return undefined;
}

export const unsafeRetry: Rule = {
  id: 'retry/unsafe-retry',
  severity: 'error',
  description: 'A call retried — by its `retry`, a `retry-budget`, or a sidecar or ambassador that provides retries — to an operation that is not idempotent, without an idempotency key: a retry can apply it twice.',
  fixable: true,
  check({ model, report }) {
    for (const { service: caller, call } of allCalls(model)) {
      if (call.idempotencyKey !== undefined) continue;
      const retried = retriedBy(call, caller);
      if (!retried) continue;
      const verdict = targetIdempotency(model, call);
      if (verdict.idempotent) continue;
      const what = call.operation ? `operation \`${callLabel(call)}\` is not declared \`idempotent\`` : `\`${call.target}\` is called without naming an idempotent operation`;
      const related = [];
      if (retried.proxy) related.push({ message: `${retried.proxy.kind} \`${retried.proxy.name}\` provides retries`, range: retried.proxy.range });
      if (verdict.declaredAt) related.push({ message: verdict.operation ? `\`${callLabel(call)}\` is not marked idempotent` : `\`${call.target}\` is declared here`, range: verdict.declaredAt });
      report({
        range: retried.range,
        message: `${retried.why} but ${what} and the call has no \`idempotency-key\`: when a timeout hides a success, the retry applies it again (a double charge, a duplicate order)`,
        ...(related.length ? { related } : {}),
        fixes: [{ title: 'Add `idempotency-key request_id`', edits: [insertProperty(call.statement, 'idempotency-key request_id', model.document, 'start')] }],
      });
    }
  },
};
