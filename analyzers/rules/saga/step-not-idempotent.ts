import { callLabel } from '../../analysis/calls';
import { targetIdempotency } from '../../analysis/idempotency';
import { pivotIndex } from '../../analysis/saga';
import type { Rule } from '../types';

export const stepNotIdempotent: Rule = {
  id: 'saga/step-not-idempotent',
  severity: 'warning',
  description: 'A saga step after the pivot, retried until it succeeds, whose action is not declared idempotent.',
  check({ model, report }) {
    for (const saga of model.elements.values()) {
      if (saga.kind !== 'saga') continue;
      const pivot = pivotIndex(saga);
      if (pivot < 0) continue;
      const pivotStep = saga.steps[pivot]!;
      for (let i = pivot + 1; i < saga.steps.length; i++) {
        const step = saga.steps[i]!;
        if (!step.action) continue;
        const verdict = targetIdempotency(model, step.action);
        if (verdict.idempotent) continue;
        const label = callLabel(step.action);
        report({
          range: step.action.range,
          message:
            `step \`${step.name}\` (step ${i + 1} of ${saga.steps.length}) comes after the pivot \`${pivotStep.name}\` (step ${pivot + 1}), so it is retried until it succeeds, ` +
            `but \`${label}\` is not idempotent (${verdict.reason}): a retry after a lost reply applies it twice`,
          related: [
            { message: `the pivot step \`${pivotStep.name}\``, range: pivotStep.nameRange },
            ...(verdict.declaredAt ? [{ message: `\`${label}\` is declared here`, range: verdict.declaredAt }] : []),
          ],
        });
      }
    }
  },
};
