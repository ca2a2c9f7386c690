import { allCalls, callLabel } from '../../analysis/calls';
import { targetIdempotency } from '../../analysis/idempotency';
import type { Rule } from '../types';
import { insertProperty } from '../../analysis/block-edits';

export const unsafeRetry: Rule = {
  id: 'retry/unsafe-retry',
  severity: 'error',
  description: 'A call retried to an operation that is not idempotent, without an idempotency key: a retry can apply it twice.',
  fixable: true,
  check({ model, report }) {
    for (const { call } of allCalls(model)) {
      if (call.retry < 1 || call.idempotencyKey !== undefined) continue;
      const verdict = targetIdempotency(model, call);
      if (verdict.idempotent) continue;
      const what = call.operation ? `operation \`${callLabel(call)}\` is not declared \`idempotent\`` : `\`${call.target}\` is called without naming an idempotent operation`;
      report({
        range: call.props.statement('retry')!.range,
        message: `retry ${call.retry} (up to ${call.retry + 1} attempts) but ${what} and the call has no \`idempotency-key\`: when a timeout hides a success, the retry applies it again (a double charge, a duplicate order)`,
        ...(verdict.declaredAt
          ? { related: [{ message: verdict.operation ? `\`${callLabel(call)}\` is not marked idempotent` : `\`${call.target}\` is declared here`, range: verdict.declaredAt }] }
          : {}),
        fixes: [{ title: 'Add `idempotency-key request_id`', edits: [insertProperty(call.statement, 'idempotency-key request_id', model.document, 'start')] }],
      });
    }
  },
};
