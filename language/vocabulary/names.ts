/*
 * Every property name of the vocabulary (`kinds.ts`: element kinds, property blocks and `network`), as one
 * string-literal union. `prop()` only takes a `PropertyName` and rules look properties up by `PropertyName`
 * (`e.props.statement('zones')`), so a misspelt name fails to compile instead of silently finding nothing.
 * `test/unit/language/property-names.test.ts` checks that this list and the tables name the same properties, so
 * a property added to a table without being listed here (or listed but never declared) fails the tests.
 */
export const PROPERTY_NAMES = [
  // every element kind
  'description',
  // deployables
  'replicas',
  'zones',
  'entry',
  'health-check',
  'sidecar',
  'ambassador',
  'provides',
  'observability',
  'capacity',
  'scope',
  'operation',
  'idempotent',
  'calls',
  // gateway
  'routes',
  'rate-limit',
  'timeout',
  // service, and the blocks of its properties
  'call',
  'retry',
  'backoff',
  'jitter',
  'circuit-breaker',
  'failure-rate',
  'window',
  'cooldown',
  'idempotency-key',
  'fallback',
  'mode',
  'retry-budget',
  'reads',
  'from',
  'read-index',
  'consistency',
  'writes',
  'publishes',
  'outbox',
  'consumes',
  'dedupe',
  'bulkhead',
  // store
  'engine',
  'replication',
  'sync-followers',
  'write-quorum',
  'read-quorum',
  'sloppy-quorum',
  'conflict-resolution',
  'cap',
  'holds',
  'failover',
  'election',
  'election-quorum',
  'promote',
  'failover-scope',
  'coordinator',
  'election-timeout',
  'heartbeat',
  'fencing',
  'partitioning',
  'partition-key',
  'shards',
  'event-sourced',
  'snapshot-every',
  // queue
  'delivery',
  'ordering',
  'dead-letter',
  'retention',
  // cache
  'strategy',
  'for',
  'ttl',
  'invalidation',
  // cluster
  'consensus',
  // lock
  'backend',
  'lease',
  'protects',
  'holders',
  // external
  'availability',
  // saga
  'style',
  'orchestrator',
  'step',
  'action',
  'compensate',
  'pivot',
  // transaction
  'protocol',
  'participants',
  // projection
  'source',
  'store',
  'lag-budget',
  // client
  'instances',
  // scenario (and entry points, clients: `load`)
  'target',
  'seeds',
  'seed',
  'duration',
  'load',
  'at',
  'expect',
  // network
  'same-zone',
  'cross-zone',
  'cross-region',
  'loss',
] as const;

export type PropertyName = (typeof PROPERTY_NAMES)[number];

const NAMES: ReadonlySet<string> = new Set(PROPERTY_NAMES);

/** True when `name` (a statement's head, a word the user typed) is a property name of the vocabulary. */
export function isPropertyName(name: string): name is PropertyName {
  return NAMES.has(name);
}
