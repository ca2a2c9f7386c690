import type { Rule } from '../types';
import { insertProperty } from '../../analysis/block-edits';

export const noFencing: Rule = {
  id: 'election/no-fencing',
  severity: 'warning',
  description: 'A leader-follower store or queue with automatic failover and no fencing: a deposed leader can keep accepting writes.',
  fixable: true,
  check({ model, report }) {
    for (const store of model.elements.values()) {
      // Queues take the leader-follower vocabulary of stores, with the same meaning (SPEC §5.1).
      const lf = (store.kind === 'store' || store.kind === 'queue') && store.replication === 'leader-follower';
      if (!lf || store.failover !== 'automatic' || store.fencing) continue;
      report({
        range: store.props.statement('failover')!.range,
        message: `\`${store.name}\` fails over automatically but declares no \`fencing\`: a leader that was paused or partitioned away does not know it was replaced and keeps acknowledging writes next to the new leader (split brain); those writes are lost when it rejoins — fence the old leader by epoch`,
        fixes: [{ title: 'Add `fencing`', edits: [insertProperty(store.statement, 'fencing', model.document)] }],
      });
    }
  },
};
