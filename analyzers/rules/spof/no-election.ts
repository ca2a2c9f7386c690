import type { Rule } from '../types';

export const noElection: Rule = {
  id: 'spof/no-election',
  severity: 'error',
  description: 'A store or queue with automatic failover but neither an election protocol nor a coordinator to choose the new leader.',
  check({ model, report }) {
    for (const store of model.elements.values()) {
      // Queues take the leader-follower vocabulary of stores, with the same meaning (SPEC §5.1).
      if ((store.kind !== 'store' && store.kind !== 'queue') || store.failover !== 'automatic') continue;
      if ((store.election !== undefined && store.election !== 'none') || store.coordinator !== undefined) continue;
      const election = store.props.statement('election');
      report({
        range: store.props.statement('failover')!.range,
        message: `\`${store.name}\` fails over automatically with ${store.election === 'none' ? '`election none`' : 'no `election`'} and no \`coordinator\`: each follower decides on its own that the leader is dead and promotes itself, so a partition between ${store.replicas} replicas yields two leaders (split brain); use \`election raft\` or a \`coordinator\` cluster`,
        related: election ? [{ message: 'election none', range: election.range }] : undefined,
      });
    }
  },
};
