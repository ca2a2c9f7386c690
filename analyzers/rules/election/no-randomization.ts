import type { Rule } from '../types';
import { formatDuration } from '../../../language/values';
import { replaceValue } from '../../analysis/block-edits';
import { majorityOf } from '../../analysis/quorum';

/**
 * Why a fixed timeout splits the vote, with this group's numbers. A split vote needs at least 2 candidates: after
 * a leader dies the survivors (N − 1) all time out together, each votes for itself and gets 1 vote, short of the
 * majority (⌊N/2⌋ + 1 ≥ 2). With 2 members there is one survivor, so the risk is at start-up (or when a partition
 * heals): both members time out together. With 1 member nothing can split yet.
 */
function splitVote(n: number, timeout: string): string {
  const m = majorityOf(n);
  if (n <= 1) return `with 1 member no vote can split yet, but once members are added they all wait exactly ${timeout}, time out together and split the vote`;
  if (n === 2) {
    return `with 2 members, whenever both are candidates (at start-up, or when a partition between them heals) they time out at the same moment, each votes for itself and gets 1 of the 2 votes it needs, so neither wins and the next round times out in lockstep again`;
  }
  return `after a leader dies the ${n - 1} surviving members time out at the same moment, each votes for itself and gets 1 vote while ${m} of ${n} are needed, so no one wins and the next round times out in lockstep again`;
}

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
        message: `election-timeout ${atom.text} is fixed: ${splitVote(e.replicas, atom.text)}; randomize it, e.g. ${range}`,
        fixes: [{ title: `Use ${range}`, edits: [replaceValue(statement, range)] }],
      });
    }
  },
};
