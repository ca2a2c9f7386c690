import type { Rule } from '../types';
import { quorumMath } from '../../analysis/quorum';
import { replaceValue } from '../../analysis/block-edits';

export const noOverlap: Rule = {
  id: 'quorum/no-overlap',
  severity: 'error',
  description: 'A leaderless store whose read and write quorums need not overlap (W+R ≤ N) while it does not declare eventual consistency.',
  fixable: true,
  check({ model, report }) {
    for (const store of model.elements.values()) {
      if (store.kind !== 'store' || store.replication !== 'leaderless') continue;
      if (store.consistency?.level === 'eventual') continue;
      const q = quorumMath(model, store);
      const { n, w, r } = q;
      if (w === undefined || r === undefined || w + r > n) continue;
      const rStatement = store.props.statement('read-quorum')!;
      const wStatement = store.props.statement('write-quorum')!;
      const raiseR = n + 1 - w;
      report({
        range: rStatement.range,
        message: `N=${n}, W=${w}, R=${r}: W+R=${w + r} ≤ N, so a read quorum can miss every replica that has the latest write; raise R to ${raiseR} or W to ${n + 1 - r} (or declare \`consistency eventual\`)`,
        related: [{ message: `write quorum W=${w}`, range: wStatement.range }],
        fixes: [{ title: `Raise read-quorum to ${raiseR} (W+R = N+1)`, edits: [replaceValue(rStatement, String(raiseR))] }],
      });
    }
  },
};
