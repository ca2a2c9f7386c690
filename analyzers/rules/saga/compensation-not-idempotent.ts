import { callLabel } from '../../analysis/calls';
import { targetIdempotency } from '../../analysis/idempotency';
import type { Rule } from '../types';

export const compensationNotIdempotent: Rule = {
  id: 'saga/compensation-not-idempotent',
  severity: 'warning',
  description: 'A saga compensation whose operation is not declared idempotent, though compensations are retried until they succeed.',
  check({ model, report }) {
    for (const saga of model.elements.values()) {
      if (saga.kind !== 'saga') continue;
      for (const step of saga.steps) {
        if (!step.compensate) continue;
        const verdict = targetIdempotency(model, step.compensate);
        if (verdict.idempotent) continue;
        const label = callLabel(step.compensate);
        report({
          range: step.compensate.range,
          message:
            `compensation \`${label}\` of step \`${step.name}\` is not idempotent (${verdict.reason}): a compensation must not give up, ` +
            `so it is retried, and a retry after a lost reply runs the undo twice (a double refund); declare it \`idempotent\` or key it on the saga id`,
          ...(verdict.declaredAt ? { related: [{ message: `\`${label}\` is declared here`, range: verdict.declaredAt }] } : {}),
        });
      }
    }
  },
};
