import type { TextEdit } from '../../../language/diagnostic';
import { allCalls, callLabel } from '../../analysis/calls';
import type { Rule } from '../types';
import { insertProperty, replaceValue } from '../../analysis/block-edits';

const BACKOFF_VALUE = 'exponential 100ms..2s';
const BACKOFF = `backoff ${BACKOFF_VALUE}`;

export const noBackoff: Rule = {
  id: 'retry/no-backoff',
  severity: 'warning',
  description: 'A retried call without backoff: immediate retries hammer a callee that is already failing.',
  fixable: true,
  check({ model, report }) {
    for (const { call } of allCalls(model)) {
      const kind = call.backoff?.kind ?? 'none';
      if (call.retry < 1 || kind === 'exponential') continue;
      const backoffStatement = call.props.statement('backoff');
      const jitterStatement = call.props.statement('jitter');
      const edits: TextEdit[] = [];
      if (backoffStatement) edits.push(replaceValue(backoffStatement, BACKOFF_VALUE));
      // A `jitter` line whose value the model rejected is rewritten, not repeated (a second one would be a duplicate).
      const jitter = !call.jitter && !jitterStatement ? ['jitter full'] : [];
      const rewriteJitter = jitterStatement !== undefined && (call.jitter === 'none' || call.jitter === undefined);
      if (rewriteJitter) edits.push(replaceValue(jitterStatement, 'full'));
      const insert = [...(backoffStatement ? [] : [BACKOFF]), ...jitter];
      if (insert.length) edits.push(insertProperty(call.statement, insert, model.document, 'start'));
      const attempts = `retry ${call.retry} sends up to ${call.retry + 1} attempts to \`${callLabel(call)}\``;
      const message =
        kind === 'constant'
          ? `${attempts} at a constant ${call.backoff?.baseMs ?? 100}ms apart: every client retries in lock step and the load on a struggling callee never eases; prefer exponential backoff with jitter`
          : `${attempts} with no delay between them: a callee that fails under load gets ${call.retry + 1}× the traffic at once; add exponential backoff with jitter`;
      report({
        range: (backoffStatement ?? call.props.statement('retry')!).range,
        message,
        ...(kind === 'constant' ? { severity: 'info' as const } : {}),
        fixes: [{ title: `Use \`${BACKOFF}\`${jitter.length || rewriteJitter ? ' with `jitter full`' : ''}`, edits }],
      });
    }
  },
};
