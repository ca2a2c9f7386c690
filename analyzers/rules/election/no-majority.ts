import type { Rule } from '../types';
import { electionQuorum } from '../../../language/model/semantics';
import { setProperty } from '../../analysis/block-edits';

/*
 * SPEC §5.2 `election/no-majority`. An element that fails over automatically by an election needing fewer votes
 * than a majority of its members (`election-quorum` ≤ N/2, the bully default of 1 included: language/model/
 * semantics.ts `electionQuorum`): a partition can leave both sides with enough members to elect, so both do.
 * Consensus protocols always need a majority (a smaller `election-quorum` is a `schema` error there), and where a
 * `coordinator` chooses the leader no vote is taken: neither is checked.
 *
 * The naive failover of `failover automatic` without election or coordinator also elects with one vote; there
 * `spof/no-election` already reports the split brain, so this rule speaks only when an `election-quorum` is
 * declared (the author counted votes, and counted too few).
 */

export const noMajority: Rule = {
  id: 'election/no-majority',
  severity: 'error',
  description: 'An automatic failover elects a leader with fewer votes than a majority of the members: both sides of a partition can elect one.',
  fixable: true,
  check({ model, report }) {
    for (const e of model.elements.values()) {
      if ((e.kind !== 'store' && e.kind !== 'queue') || e.failover !== 'automatic') continue;
      const q = electionQuorum(e);
      if (!q || q.rule !== 'quorum' || q.votes >= q.majority) continue;
      const naive = e.election === undefined || e.election === 'none';
      if (naive && !q.declared) continue;
      const n = e.replicas;
      const quorumStmt = e.props.statement('election-quorum');
      const electionStmt = e.props.statement('election');
      const failoverStmt = e.props.statement('failover')!;
      const protocol = naive ? `its failover (${e.election === 'none' ? '`election none`' : 'no `election`'})` : '`election bully`';
      const quorum = q.declared ? `${protocol}, \`election-quorum ${q.votes}\`` : `${protocol}'s default: a node that sees no higher node elects itself`;
      const small = q.votes;
      const large = n - small;
      report({
        range: (quorumStmt ?? electionStmt ?? failoverStmt).range,
        message:
          `\`${e.name}\` elects a leader with ${q.votes} vote${q.votes === 1 ? '' : 's'} of its ${n} members (${quorum}), below the majority of ${q.majority}: ` +
          `a partition into sides of ${small} and ${large} members leaves both with the ${q.votes} vote${q.votes === 1 ? '' : 's'} they need, so each elects a leader (split brain) and both accept writes; ` +
          `set \`election-quorum ${q.majority}\` (a majority of ${n}: only one side of any partition can reach it)`,
        ...(quorumStmt && electionStmt ? { related: [{ message: e.election ? `election ${e.election}` : 'election', range: electionStmt.range }] } : {}),
        fixes: [{ title: `Set \`election-quorum ${q.majority}\` (a majority of ${n})`, edits: [setProperty(e.statement, quorumStmt, 'election-quorum', String(q.majority), model.document)] }],
      });
    }
  },
};
