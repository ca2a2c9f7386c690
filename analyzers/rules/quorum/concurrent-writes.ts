import { leaderlessQuorums, majorityOf } from '../../analysis/quorum';
import type { Rule } from '../types';

export const concurrentWrites: Rule = {
  id: 'quorum/concurrent-writes',
  severity: 'warning',
  description: 'A leaderless store whose write quorums need not overlap (2W ≤ N) and that declares no conflict-resolution.',
  check({ model, report }) {
    for (const store of model.elements.values()) {
      if (store.kind !== 'store' || store.replication !== 'leaderless') continue;
      // An undeclared W is the default majority (quorum.ts), so 2W > N and only a declared W can get here.
      const { w, wDefault } = leaderlessQuorums(store);
      const n = store.replicas;
      if (wDefault || 2 * w > n || store.props.has('conflict-resolution')) continue;
      report({
        range: store.props.statement('write-quorum')!.range,
        message: `N=${n}, W=${w}: 2W=${2 * w} ≤ N, so two writes to the same key can be acknowledged by disjoint sets of replicas and neither sees the other; declare \`conflict-resolution\` (last-write-wins, vector-clocks, crdt or application) or raise W to ${majorityOf(n)}`,
      });
    }
  },
};
