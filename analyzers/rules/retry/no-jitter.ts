import { formatDuration } from '../../../language/values';
import { allCalls, backoffSchedule, callLabel } from '../../analysis/calls';
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
      // A backoff without retries never waits: there is no second wave to synchronize.
      if (!(call.retry >= 1)) continue;
      const jitterStatement = call.props.statement('jitter');
      const schedule = backoffSchedule(call, Math.min(call.retry, 3));
      const more = call.retry > schedule.length ? '…' : '';
      report({
        range: (jitterStatement ?? call.props.statement('backoff')!).range,
        message: `exponential backoff on \`${callLabel(call)}\` without jitter: every client that failed at the same moment retries after exactly ${schedule.map(formatDuration).join(', ')}${more}, so the retries arrive as synchronized spikes; add \`jitter full\``,
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
