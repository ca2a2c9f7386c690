import type { Rule } from '../types';
import { formatDuration } from '../../../language/values';
import { replaceValue } from '../../analysis/block-edits';

export const noRandomization: Rule = {
  id: 'election/no-randomization',
  severity: 'warning',
  description: 'An election timeout given as one duration rather than a range: nodes time out together and split the vote.',
  fixable: true,
  check({ model, report }) {
    for (const e of model.elements.values()) {
      if (e.kind !== 'store' && e.kind !== 'cluster') continue;
      const statement = e.props.statement('election-timeout');
      const atom = statement?.atoms[0];
      // A bare duration atom (not a `..` range) means every node waits exactly as long.
      if (!statement || !atom || atom.kind !== 'duration' || typeof atom.value !== 'number') continue;
      const d = atom.value;
      const range = `${atom.text}..${formatDuration(2 * d)}`;
      report({
        range: atom.range,
        message: `election-timeout ${atom.text} is fixed: after a leader dies the surviving members (${Math.max(e.replicas - 1, 1)} of ${e.replicas}) time out at the same moment, each votes for itself and no one wins a majority, so elections repeat; randomize it, e.g. ${range}`,
        fixes: [{ title: `Use ${range}`, edits: [replaceValue(statement, range)] }],
      });
    }
  },
};
