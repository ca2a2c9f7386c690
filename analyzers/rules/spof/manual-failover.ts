import type { Rule } from '../types';

export const manualFailover: Rule = {
  id: 'spof/manual-failover',
  severity: 'warning',
  description: 'A leader-follower store or queue with several replicas whose failover is manual or none: writes stop until a human promotes a follower.',
  check({ model, report }) {
    for (const store of model.elements.values()) {
      // Queues take the leader-follower vocabulary of stores, with the same meaning (SPEC §5.1).
      if ((store.kind !== 'store' && store.kind !== 'queue') || store.replication !== 'leader-follower' || store.replicas < 2) continue;
      // Undeclared failover with no election nor coordinator is manual in effect.
      const electing = (store.election !== undefined && store.election !== 'none') || store.coordinator !== undefined;
      const mode = store.failover ?? (electing ? 'automatic' : undefined);
      if (mode === 'automatic') continue;
      const statement = store.props.statement('failover') ?? store.props.statement('replication')!;
      const how = mode === undefined ? 'declares no failover' : `has \`failover ${mode}\``;
      report({
        range: statement.range,
        message: `\`${store.name}\` has ${store.replicas} replicas but ${how}: when the leader dies, writes stop until someone is paged and promotes ${store.replicas === 2 ? 'the follower' : `one of the ${store.replicas - 1} followers`} (minutes to hours of downtime); use \`failover automatic\` with an election and fencing`,
      });
    }
  },
};
