import { formatDuration } from '../../../language/values';
import { allCalls, callLabel } from '../../analysis/calls';
import type { Rule } from '../types';
import { insertProperty, replaceValue } from '../../analysis/block-edits';

export const noJitter: Rule = {
  id: 'retry/no-jitter',
  severity: 'warning',
  description: 'Exponential backoff without jitter: clients that failed together retry together, in synchronized waves.',
  fixable: true,
  check({ model, report }) {
    for (const { call } of allCalls(model)) {
      if (call.backoff?.kind !== 'exponential' || (call.jitter && call.jitter !== 'none')) continue;
      const jitterStatement = call.props.statement('jitter');
      const b = call.backoff;
      const base = b.baseMs ?? 100;
      const schedule = [0, 1, 2].map((k) => Math.min(base * 2 ** k, b.maxMs ?? Infinity));
      report({
        range: (jitterStatement ?? call.props.statement('backoff')!).range,
        message: `exponential backoff on \`${callLabel(call)}\` without jitter: every client that failed at the same moment retries after exactly ${schedule.map(formatDuration).join(', ')}…, so the retries arrive as synchronized spikes; add \`jitter full\``,
        fixes: [
          {
            title: 'Use `jitter full`',
            edits: [jitterStatement ? replaceValue(jitterStatement, 'full') : insertProperty(call.statement, 'jitter full', model.document, 'start')],
          },
        ],
      });
    }
  },
};
