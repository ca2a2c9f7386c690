import type { Rule } from '../types';
import { formatDuration } from '../../../language/values';
import { replaceValue } from '../../analysis/block-edits';
import { isConsensusGroup, majorityOf } from '../../analysis/quorum';
import type { Atom } from '../../../language/ast';

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

/**
 * Why a fixed timeout makes a bully (or naive) election race, with this group's numbers: nobody votes, so nothing
 * splits; instead every survivor notices the dead leader at the same instant and starts its own election.
 */
function simultaneousElections(n: number, timeout: string): string {
  if (n <= 1) {
    return `with 1 member nothing can race yet, but once members are added they all wait exactly ${timeout}, notice a dead coordinator at the same instant and start simultaneous elections`;
  }
  if (n === 2) {
    return `with 2 members, whenever both start an election (at start-up, or when a partition between them heals) they start at the same instant, each challenges the other, and both can announce themselves coordinator before the other's answer arrives`;
  }
  return `after a leader dies the ${n - 1} surviving members notice it at the same instant and start ${n - 1} simultaneous elections: each challenges every higher-ranked member at once, the messages multiply (up to N² per round instead of one election's N), and under loss or a partition several members can announce themselves coordinator before the highest one answers`;
}

/** The timeout as written when it is not randomized: a bare duration, or a range whose ends are equal. */
function fixedTimeout(atom: Atom | undefined): { text: string; ms: number; range: boolean } | undefined {
  if (!atom) return undefined;
  if (atom.kind === 'duration' && typeof atom.value === 'number') return { text: atom.text, ms: atom.value, range: false };
  if (atom.kind === 'range' && atom.min !== undefined && atom.min === atom.max) return { text: atom.text.slice(0, atom.text.indexOf('..')), ms: atom.min, range: true };
  return undefined;
}

export const noRandomization: Rule = {
  id: 'election/no-randomization',
  severity: 'warning',
  description: 'An election timeout given as one duration (or a range whose ends are equal) rather than a range: nodes time out together and split the vote, or start simultaneous elections.',
  fixable: true,
  check({ model, report }) {
    for (const e of model.elements.values()) {
      if (e.kind !== 'store' && e.kind !== 'cluster' && e.kind !== 'queue') continue;
      const statement = e.props.statement('election-timeout');
      const atom = statement?.atoms[0];
      // A bare duration atom (or a `D..D` range) means every node waits exactly as long.
      const fixed = fixedTimeout(atom);
      if (!statement || !atom || !fixed) continue;
      const range = `${fixed.text}..${formatDuration(2 * fixed.ms)}`;
      // Votes split only where members vote: consensus groups. A bully or naive election has no votes to split.
      const why = isConsensusGroup(e) ? splitVote(e.replicas, fixed.text) : simultaneousElections(e.replicas, fixed.text);
      const what = fixed.range ? `election-timeout ${atom.text} is not randomized (both ends are ${fixed.text})` : `election-timeout ${atom.text} is fixed`;
      // `0ms` (a schema error already) doubles to itself, and a huge value past exact integers to text that is not a
      // duration: no `D..2D` fix randomizes those, so none is offered.
      const fixable = fixed.ms > 0 && 2 * fixed.ms <= Number.MAX_SAFE_INTEGER;
      report({
        range: atom.range,
        message: fixable ? `${what}: ${why}; randomize it, e.g. ${range}` : `${what}: ${why}; randomize it`,
        ...(fixable ? { fixes: [{ title: `Use ${range}`, edits: [replaceValue(statement, range)] }] } : {}),
      });
    }
  },
};
