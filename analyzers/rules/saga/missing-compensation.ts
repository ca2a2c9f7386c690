import { insertProperty } from '../../analysis/block-edits';
import { pivotIndex, proposeCompensation } from '../../analysis/saga';
import type { Rule } from '../types';

/** `step 3` or `any of steps 2–4` (1-based): the later steps whose failure would need this step undone. */
function laterSteps(from: number, to: number): string {
  return from === to ? `step ${from}` : `any of steps ${from}–${to}`;
}

export const missingCompensation: Rule = {
  id: 'saga/missing-compensation',
  severity: 'error',
  description: 'A saga step that can still be rolled back (before the pivot, or before the last step) has no compensation.',
  fixable: true,
  check({ model, report }) {
    for (const saga of model.elements.values()) {
      if (saga.kind !== 'saga' || saga.steps.length === 0) continue;
      const pivot = pivotIndex(saga);
      // Without a pivot the last step is the commit point: nothing after it can fail and need undoing.
      const boundary = pivot >= 0 ? pivot : saga.steps.length - 1;
      const boundaryStep = saga.steps[boundary]!;
      const where = pivot >= 0 ? `the pivot \`${boundaryStep.name}\`` : `the last step \`${boundaryStep.name}\` (no step is marked \`pivot\`)`;
      for (let i = 0; i < boundary; i++) {
        const step = saga.steps[i]!;
        if (step.compensate || step.props.has('compensate')) continue;
        const proposal = step.action ? proposeCompensation(model, step.action) : undefined;
        report({
          range: step.nameRange,
          message:
            `step \`${step.name}\` (step ${i + 1} of ${saga.steps.length}) runs before ${where} but has no \`compensate\`: ` +
            `if ${laterSteps(i + 2, boundary + 1)} fails, the saga cannot undo \`${step.name}\` and ends half-applied`,
          related: [{ message: pivot >= 0 ? `the pivot step \`${boundaryStep.name}\`` : `the last step \`${boundaryStep.name}\``, range: boundaryStep.nameRange }],
          ...(proposal
            ? { fixes: [{ title: `Add \`compensate ${proposal}\``, edits: [insertProperty(step.statement, `compensate ${proposal}`, model.document)] }] }
            : {}),
        });
      }
    }
  },
};
