import type { Rule } from '../types';
import { quorumMath, showQuorum } from '../../analysis/quorum';
import { insertProperty, replaceValue } from '../../analysis/block-edits';

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
      // Undeclared quorums are the default majority (quorum.ts): two majorities always overlap, so one is declared here.
      if (w === undefined || r === undefined || w + r > n) continue;
      const rStatement = store.props.statement('read-quorum');
      const wStatement = store.props.statement('write-quorum');
      const raiseR = n + 1 - w;
      const W = showQuorum('W', w, q.wDefault);
      const R = showQuorum('R', r, q.rDefault);
      const fix = rStatement ? replaceValue(rStatement, String(raiseR)) : insertProperty(store.statement, `read-quorum ${raiseR}`, model.document);
      report({
        range: (rStatement ?? wStatement ?? store.props.statement('replication'))?.range ?? store.nameRange,
        message: `N=${n}, ${W}, ${R}: W+R=${w + r} ≤ N, so a read quorum can miss every replica that has the latest write; raise R to ${raiseR} or W to ${n + 1 - r} (or declare \`consistency eventual\`)`,
        related: rStatement && wStatement ? [{ message: `write quorum W=${w}`, range: wStatement.range }] : undefined,
        fixes: [{ title: `${rStatement ? 'Raise' : 'Declare'} read-quorum ${raiseR} (W+R = N+1)`, edits: [fix] }],
      });
    }
  },
};
