import { setProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

export const blockingCoordinator: Rule = {
  id: '2pc/blocking-coordinator',
  severity: 'warning',
  description: 'A two-phase-commit coordinator with 1 replica: participants block holding locks if it dies.',
  fixable: true,
  check({ model, report }) {
    for (const tx of model.elements.values()) {
      if (tx.kind !== 'transaction' || !tx.coordinator) continue;
      if (tx.protocol !== undefined && tx.protocol !== 'two-phase-commit') continue;
      const coordinator = model.elements.get(tx.coordinator);
      if (coordinator?.kind !== 'service' || coordinator.replicas !== 1) continue;
      const property = tx.props.statement('coordinator');
      const n = tx.participants.length;
      const replicas = coordinator.props.statement('replicas');
      report({
        range: property?.range ?? tx.nameRange,
        message: `coordinator \`${coordinator.name}\` of transaction \`${tx.name}\` has 1 replica: if it dies after the ${n} participant${n === 1 ? '' : 's'} voted yes in prepare, they may neither commit nor abort on their own and hold their locks until it recovers (2PC blocks); replicate the coordinator and its decision log (e.g. 3 replicas over consensus)`,
        related: [{ message: `\`${coordinator.name}\` runs 1 replica`, range: replicas?.range ?? coordinator.nameRange }],
        fixes: [{ title: `Set \`replicas 3\` on \`${coordinator.name}\``, edits: [setProperty(coordinator.statement, replicas, 'replicas', '3', model.document)] }],
      });
    }
  },
};
