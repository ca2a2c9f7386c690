import { allCalls, callLabel, isIdempotentTarget } from '../../analysis/calls';
import type { Rule } from '../types';
import { insertProperty } from '../../analysis/block-edits';

export const unsafeRetry: Rule = {
  id: 'retry/unsafe-retry',
  severity: 'error',
  description: 'A call retried to an operation that is not idempotent, without an idempotency key: a retry can apply it twice.',
  fixable: true,
  check({ model, report }) {
    for (const { call } of allCalls(model)) {
      if (call.retry < 1 || call.idempotencyKey !== undefined || isIdempotentTarget(model, call)) continue;
      const target = model.elements.get(call.target);
      const op = call.operation && target && 'operations' in target ? target.operations.get(call.operation) : undefined;
      const what = call.operation ? `operation \`${callLabel(call)}\` is not declared \`idempotent\`` : `\`${call.target}\` is called without naming an idempotent operation`;
      report({
        range: call.props.statement('retry')!.range,
        message: `retry ${call.retry} (up to ${call.retry + 1} attempts) but ${what} and the call has no \`idempotency-key\`: when a timeout hides a success, the retry applies it again (a double charge, a duplicate order)`,
        ...(op ? { related: [{ message: `\`${callLabel(call)}\` is not marked idempotent`, range: op.nameRange }] } : target ? { related: [{ message: `\`${call.target}\` is declared here`, range: target.nameRange }] } : {}),
        fixes: [{ title: 'Add `idempotency-key request_id`', edits: [insertProperty(call.statement, 'idempotency-key request_id', model.document, 'start')] }],
      });
    }
  },
};
