import * as z from 'zod';
import * as E from './enums';
import { fastCheck, isPositiveDuration, nonNegativeInt, positiveDuration, positiveInt, positiveNumber, prop, replicaCount, type ElementKind, type PropertySpec } from './property';

/*
 * The vocabulary of SPEC §1.2, one table per element kind. Validation, completion, hover and the reference
 * docs all read these tables; nothing else in the product lists property names.
 */

const percent = fastCheck(
  z.number().min(0, 'must be 0% or more').max(100, 'must be 100% or less'),
  (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100,
);
/** A `{ min, max }` whose bounds pass `bound` and go from low to high. */
const isRange = (bound: (v: unknown) => boolean) => (v: unknown) => {
  if (typeof v !== 'object' || v === null) return false;
  const { min, max } = v as { min: unknown; max: unknown };
  return bound(min) && bound(max) && (min as number) <= (max as number);
};

const provides = prop('provides', 'enum-list', 'What the sidecar or ambassador adds to every call the element makes.', {
  values: E.PROVIDES,
});

const description = prop('description', 'string', 'Free text shown in hover and on the diagram.');
const idempotentFlag = prop('idempotent', 'flag', 'Repeating the operation has the same effect as doing it once, so it is safe to retry.');
const operation = prop('operation', 'flag', 'An operation other elements call as `NAME.operation`; mark it `idempotent` when retries are safe.', {
  named: true,
  repeatable: true,
  block: [idempotentFlag, description],
});

export const DEPLOYABLE: readonly PropertySpec[] = [
  prop('replicas', 'int', 'How many copies run (default 1). Replicas are placed round-robin over `zones`.', { schema: replicaCount }),
  prop('zones', 'zone-list', 'Zones the replicas are spread over, in order (round-robin).'),
  prop('entry', 'flag', 'Marks an entry point: clients reach the system here. Gateways are entry points by default.'),
  description,
  prop('health-check', 'duration', 'Interval of the health check that takes a dead replica out of rotation.', { schema: positiveDuration }),
  prop('sidecar', 'flag', 'A sidecar process next to each replica; what it `provides` counts on every call the element makes.', {
    named: true,
    repeatable: true,
    block: [provides],
  }),
  prop('ambassador', 'flag', 'An out-of-process proxy for outgoing calls; what it `provides` counts on every call the element makes.', {
    named: true,
    repeatable: true,
    block: [provides],
  }),
  prop('observability', 'enum-list', 'Signals the element emits: tracing, metrics, logs.', { values: E.OBSERVABILITY }),
  prop('capacity', 'number', 'Requests per second one replica can serve (informational unless some `load` is declared).', { schema: positiveNumber }),
  prop(
    'scope',
    'enum',
    '`zonal`: the element is deliberately zone-local (a cell, a zonal control plane), so `spof/single-zone` does not fire on it and its callers are checked instead; `regional` (default): it should survive the loss of a zone.',
    { values: E.SCOPE },
  ),
  prop('load', 'number', 'Entry points only (gateways, `entry` elements, what clients call): peak requests per second arriving here.', { schema: positiveNumber }),
];

const electionTimeout = prop(
  'election-timeout',
  'duration-or-range',
  'How long a follower waits without a heartbeat before it starts an election. A range (150ms..300ms) is randomized per node to avoid split votes; a bare duration is not.',
  {
    schema: fastCheck(
      z.object({ min: positiveDuration, max: positiveDuration }).refine((r) => r.min <= r.max, 'the range must go from low to high'),
      isRange(isPositiveDuration),
    ),
  },
);
const heartbeat = prop('heartbeat', 'duration', 'Interval at which the leader heartbeats its followers (default 50ms).', { schema: positiveDuration });

const callBlock: readonly PropertySpec[] = [
  prop('timeout', 'duration', 'How long one attempt may take before the caller gives up on it.', { schema: positiveDuration }),
  prop('retry', 'int', 'Extra attempts after the first fails (so `retry 3` means up to 4 attempts).', { schema: nonNegativeInt }),
  prop('backoff', 'backoff', 'Delay between attempts: `none`, `constant [D]` or `exponential [BASE..MAX]`.', { values: E.BACKOFF }),
  prop('jitter', 'enum', 'Randomization of the backoff delay, so retrying clients do not synchronize.', { values: E.JITTER }),
  prop('circuit-breaker', 'flag', 'Stops calling a failing dependency for a cooldown, so failures do not pile up.', {
    block: [
      prop('failure-rate', 'percent', 'Failure share that opens the breaker.', { schema: percent }),
      prop('window', 'duration', 'Window over which the failure rate is measured.', { schema: positiveDuration }),
      prop('cooldown', 'duration', 'How long the breaker stays open before it lets a trial call through.', { schema: positiveDuration }),
    ],
  }),
  prop('idempotency-key', 'word', 'The request field the callee deduplicates on, which makes retries safe.'),
  prop('fallback', 'string', 'What the caller does when the call fails for good.'),
  prop('mode', 'enum', 'sync (the caller waits, default) or async.', { values: E.CALL_MODE }),
  prop(
    'retry-budget',
    'percent',
    'Retries are capped at this share of requests (Envoy retry budgets, gRPC and Finagle retry throttling): amplification at this hop is at most 1 + PERCENT/100. The call retries (it counts as retried by `retry/unsafe-retry`).',
    { schema: percent },
  ),
];

/** A service's operations may list the calls they make (SPEC §5.1); stores' and externals' operations call nothing. */
const serviceOperation = prop('operation', 'flag', 'An operation other elements call as `NAME.operation`; mark it `idempotent` when retries are safe, and list the calls it makes with `calls`.', {
  named: true,
  repeatable: true,
  block: [
    idempotentFlag,
    prop(
      'calls',
      'target-list',
      "The calls this operation makes (`TARGET.operation, TARGET`), each one of the service's own `call`s: chains through the operation follow only these. An operation without `calls` is assumed to make every call of the service.",
    ),
    description,
  ],
});

const SERVICE: readonly PropertySpec[] = [
  ...DEPLOYABLE,
  prop('call', 'target', 'A call to another element (`TARGET` or `TARGET.operation`), with its timeout and retry policy.', {
    repeatable: true,
    block: callBlock,
  }),
  serviceOperation,
  prop('reads', 'ref', 'Reads from a store, cache, projection or cluster (configuration and coordination data in etcd or ZooKeeper).', {
    refKinds: ['store', 'cache', 'projection', 'cluster'],
    repeatable: true,
    block: [
      prop('from', 'enum', 'Which replicas serve the reads.', { values: E.READ_FROM }),
      prop('consistency', 'consistency', 'The consistency this reader needs.', { values: E.CONSISTENCY_LEVELS }),
      prop(
        'read-index',
        'flag',
        "Followers answer only after confirming the leader's commit index (Raft ReadIndex, etcd's and CockroachDB's follower reads): such reads are linearizable, and they need the leader and a majority like a leader read.",
      ),
    ],
  }),
  prop('writes', 'ref', 'Writes to a store, a cluster, or through a cache.', { refKinds: ['store', 'cache', 'cluster'], repeatable: true, block: [] }),
  prop('publishes', 'ref', 'Publishes messages to a queue or topic.', {
    refKinds: ['queue'],
    repeatable: true,
    block: [prop('outbox', 'flag', 'Messages go through a transactional outbox, written in the same transaction as the data.')],
  }),
  prop('consumes', 'ref', 'Consumes messages from a queue or topic.', {
    refKinds: ['queue'],
    repeatable: true,
    block: [
      prop('idempotent', 'flag', 'Handling the same message twice has the effect of handling it once.'),
      prop('dedupe', 'word', 'The message key the consumer deduplicates on.'),
    ],
  }),
  prop('bulkhead', 'int', 'Concurrency limit per dependency, so one slow dependency cannot take every thread.', { schema: positiveInt }),
  prop('rate-limit', 'int', 'Requests per second admitted before shedding load.', { schema: positiveInt }),
];

/*
 * The leader-follower vocabulary a store and a queue share (SPEC §5.1: a queue accepts the leader-follower
 * properties of a store, with the same meaning and defaults), and the election properties of clusters.
 */
const syncFollowers = prop(
  'sync-followers',
  'int',
  'Leader-follower: followers that must acknowledge a write before the client is told it succeeded (default 0: asynchronous). On a queue: a broker’s `acks=all` with `min.insync.replicas = N+1`; 0 is `acks=1`.',
  { schema: nonNegativeInt },
);
const failover = prop('failover', 'enum', 'How a new leader is chosen when the leader dies.', { values: E.FAILOVER });
const election = prop('election', 'enum', 'The leader-election protocol run among the replicas.', { values: E.ELECTION });
const electionQuorum = prop(
  'election-quorum',
  'int',
  "Votes a candidate needs to become leader (Elasticsearch's `minimum_master_nodes`, a bully election's quorum). raft, paxos and zab always need a majority (a smaller value is an error); `election bully` defaults to 1: a node that sees no higher node elects itself.",
  { schema: positiveInt },
);
const promote = prop(
  'promote',
  'enum',
  'Which followers automatic failover may promote: `in-sync`, only those holding every acknowledged write (Kafka `unclean.leader.election.enable=false`, Patroni `synchronous_mode_strict`), or `any`. Default `in-sync` when `sync-followers` ≥ 1 (and on consensus groups, whose vote only elects an up-to-date member), else `any`.',
  { values: E.PROMOTE },
);
const failoverScope = prop(
  'failover-scope',
  'enum',
  "Where a new leader may come from, relative to the old one: its `zone`, its `region` (Orchestrator's PreventCrossDataCenterMasterFailover), or `any` (default).",
  { values: E.FAILOVER_SCOPE },
);
const coordinator = prop('coordinator', 'ref', 'An external coordination cluster (etcd, ZooKeeper) that chooses the leader.', { refKinds: ['cluster'] });
const fencing = prop('fencing', 'flag', 'A deposed leader is fenced off by its epoch, so it cannot keep accepting writes.');

const STORE: readonly PropertySpec[] = [
  ...DEPLOYABLE,
  prop('engine', 'word', 'The database product (postgres, cassandra …); informational.'),
  prop('replication', 'enum', 'How replicas share writes.', { values: E.REPLICATION }),
  syncFollowers,
  prop('write-quorum', 'int', 'Leaderless: W, the replicas that must acknowledge a write.', { schema: positiveInt }),
  prop('read-quorum', 'int', 'Leaderless: R, the replicas a read must hear from.', { schema: positiveInt }),
  prop('sloppy-quorum', 'flag', 'Leaderless: writes may land on stand-in replicas during failures (hinted handoff); quorums then need not overlap.'),
  prop('conflict-resolution', 'enum', 'How concurrent writes to the same key are reconciled.', { values: E.CONFLICT_RESOLUTION }),
  prop('consistency', 'consistency', 'The consistency the store promises its readers.', { values: E.CONSISTENCY_LEVELS }),
  prop('cap', 'enum', 'Under a partition: CP refuses requests it cannot serve consistently; AP serves them and may diverge.', { values: E.CAP }),
  prop('holds', 'enum-list', 'The kinds of data stored; money, inventory, bookings, identity and locks are critical.', {
    values: E.DATA_CATEGORIES,
  }),
  failover,
  election,
  electionQuorum,
  promote,
  failoverScope,
  coordinator,
  electionTimeout,
  heartbeat,
  fencing,
  prop('partitioning', 'enum', 'How keys are split across shards.', { values: E.PARTITIONING }),
  prop('partition-key', 'word', 'The field keys are partitioned on.'),
  prop('shards', 'int', 'How many shards the data is split into.', { schema: positiveInt }),
  prop('event-sourced', 'flag', 'State is rebuilt by replaying an append-only event log.'),
  prop('snapshot-every', 'int', 'Event-sourced: a snapshot every N events bounds replay time.', { schema: positiveInt }),
  operation,
];

const GATEWAY: readonly PropertySpec[] = [
  ...DEPLOYABLE,
  prop('routes', 'ref-list', 'Services the gateway sends requests to (a synchronous path to each).', { refKinds: ['service'] }),
  prop('rate-limit', 'int', 'Requests per second admitted before shedding load.', { schema: positiveInt }),
  prop('timeout', 'duration', 'How long the gateway waits for a routed service.', { schema: positiveDuration }),
];

const QUEUE: readonly PropertySpec[] = [
  ...DEPLOYABLE,
  prop('delivery', 'enum', 'Delivery guarantee to consumers.', { values: E.DELIVERY }),
  prop('ordering', 'enum', 'Ordering guarantee of delivered messages.', { values: E.ORDERING }),
  prop('dead-letter', 'ref', 'Queue that receives messages that failed too often.', { refKinds: ['queue'] }),
  prop('retention', 'duration', 'How long messages are kept.', { schema: positiveDuration }),
  prop('replication', 'enum', "How the queue's replicas share its log: `leader-follower` (a partition leader and its followers, as in Kafka) or `none`.", {
    values: E.QUEUE_REPLICATION,
  }),
  syncFollowers,
  failover,
  election,
  electionQuorum,
  promote,
  failoverScope,
  coordinator,
  electionTimeout,
  heartbeat,
  fencing,
];

const CACHE: readonly PropertySpec[] = [
  ...DEPLOYABLE,
  prop('strategy', 'enum', 'How the cache is filled and written.', { values: E.CACHE_STRATEGY }),
  prop('for', 'ref', 'The store (or external API) this cache fronts.', { refKinds: ['store', 'external'] }),
  prop('ttl', 'duration', 'How long an entry lives before it is refetched.', { schema: positiveDuration }),
  prop('invalidation', 'enum', 'How stale entries are removed.', { values: E.INVALIDATION }),
];

const CLUSTER: readonly PropertySpec[] = [
  ...DEPLOYABLE,
  prop('consensus', 'enum', 'The consensus protocol of the group.', { values: E.CONSENSUS }),
  electionQuorum,
  promote,
  failoverScope,
  electionTimeout,
  heartbeat,
];

const CLIENT: readonly PropertySpec[] = [
  description,
  prop('instances', 'int', 'Fleet size: how many copies of this client run (informational).', { schema: positiveInt }),
  prop('load', 'number', 'Peak requests per second the whole fleet sends.', { schema: positiveNumber }),
  prop('call', 'target', 'A call the client makes (`TARGET` or `TARGET.operation`), with its timeout and retry policy: the first hop of every chain that starts at the client.', {
    repeatable: true,
    block: callBlock,
  }),
];

const LOCK: readonly PropertySpec[] = [
  description,
  prop('backend', 'ref', 'Where the lock lives: a consensus cluster, a store or a cache.', { refKinds: ['cluster', 'store', 'cache'] }),
  prop('lease', 'duration', 'How long a holder owns the lock without renewing it.', { schema: positiveDuration }),
  prop('fencing', 'flag', 'Each grant carries an increasing token, and the protected store rejects writes with an older one.'),
  prop('protects', 'ref', 'The store the lock guards.', { refKinds: ['store'] }),
  prop('holders', 'ref-list', 'Services that take the lock.', { refKinds: ['service'] }),
];

const EXTERNAL: readonly PropertySpec[] = [
  description,
  prop('availability', 'percent', 'Published availability (SLA) of the third party.', { schema: percent }),
  operation,
  prop('idempotent', 'flag', 'Every operation of this dependency is idempotent.'),
];

const SAGA: readonly PropertySpec[] = [
  description,
  prop('style', 'enum', 'Orchestration (one coordinator drives the steps) or choreography (events).', { values: E.SAGA_STYLE }),
  prop('orchestrator', 'ref', 'The service that drives an orchestrated saga.', { refKinds: ['service'] }),
  prop('step', 'flag', 'One local transaction of the saga, in order.', {
    named: true,
    repeatable: true,
    block: [
      prop('action', 'target', 'The operation that does the step (`service.operation`).'),
      prop('compensate', 'target', 'The operation that undoes the step if a later step fails.'),
      prop('pivot', 'flag', 'The point of no return: steps after it are retried until they succeed, never compensated.'),
    ],
  }),
];

const TRANSACTION: readonly PropertySpec[] = [
  description,
  prop('protocol', 'enum', 'The atomic commit protocol.', { values: E.TX_PROTOCOL }),
  prop('coordinator', 'ref', 'The service that runs the protocol.', { refKinds: ['service'] }),
  prop('participants', 'ref-list', 'The elements that vote and commit.', { refKinds: ['service', 'store', 'external'] }),
];

const PROJECTION: readonly PropertySpec[] = [
  description,
  prop('source', 'ref', 'Where the events come from.', { refKinds: ['store', 'queue'] }),
  prop('store', 'ref', 'Where the read model is kept.', { refKinds: ['store', 'cache'] }),
  prop('lag-budget', 'duration', 'How far behind the source the read model may fall.', { schema: positiveDuration }),
];

const SCENARIO: readonly PropertySpec[] = [
  description,
  prop('target', 'ref', 'What the scenario runs: a store, cluster, lock or saga.', { refKinds: ['store', 'cluster', 'lock', 'saga'] }),
  prop('seeds', 'int', 'How many seeded runs.', { schema: positiveInt }),
  prop('seed', 'int', 'Run a single seed.', { schema: nonNegativeInt }),
  prop('duration', 'duration', 'Virtual time each run lasts.', { schema: positiveDuration }),
  prop('load', 'int', 'Client writes per second against the target (default 50).', { schema: positiveInt }),
  prop('at', 'atoms', 'A fault at a virtual time: `at 5s crash leader`, `at 20s partition a | b, c`, `at 30s heal` …', {
    repeatable: true,
  }),
  prop('expect', 'atoms', 'A property checked on every run: no-split-brain, leader-within D, no-lost-writes, mutual-exclusion, saga-atomic, stale-reads below P.', {
    repeatable: true,
  }),
];

const REGION: readonly PropertySpec[] = [
  description,
  prop('zones', 'zone-list', 'The availability zones of the region (declares them).'),
];

export interface KindSpec {
  kind: ElementKind;
  description: string;
  deployable: boolean;
  properties: readonly PropertySpec[];
}

function kind(name: ElementKind, text: string, properties: readonly PropertySpec[], deployable = false): KindSpec {
  return { kind: name, description: text, deployable, properties };
}

export const KINDS: readonly KindSpec[] = [
  kind('region', 'A region and its availability zones.', REGION),
  kind('gateway', 'A load balancer or API gateway; an entry point.', GATEWAY, true),
  kind('service', 'Stateless compute.', SERVICE, true),
  kind('store', 'A database or storage system.', STORE, true),
  kind('queue', 'A queue or pub/sub topic.', QUEUE, true),
  kind('cache', 'A cache in front of a store.', CACHE, true),
  kind('cluster', 'A coordination or consensus group (etcd, ZooKeeper).', CLUSTER, true),
  kind('lock', 'A distributed lock.', LOCK),
  kind('external', 'A third-party dependency.', EXTERNAL),
  kind('saga', 'A distributed transaction by steps and compensations.', SAGA),
  kind('transaction', 'A two-phase commit across participants.', TRANSACTION),
  kind('projection', 'A CQRS read model.', PROJECTION),
  kind('client', 'A caller outside the system (browsers, mobile apps, partner systems, batch jobs): not deployed by the system, never a SPOF; its calls start the chains.', CLIENT),
  kind('scenario', 'A fault-injection run of the runnable model.', SCENARIO),
];

export const KIND_BY_NAME: ReadonlyMap<string, KindSpec> = new Map(KINDS.map((k) => [k.kind, k]));

/** `network { same-zone RANGE; cross-zone RANGE; cross-region RANGE; loss PERCENT }` — top level, no name. */
const latency = fastCheck(
  z.object({ min: z.number().min(0), max: z.number().min(0) }).refine((r) => r.min <= r.max, 'the range must go from low to high'),
  isRange((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0),
);
export const NETWORK: readonly PropertySpec[] = [
  prop('same-zone', 'duration-or-range', 'One-way latency between replicas in one zone (default 0.5ms..1ms).', { schema: latency }),
  prop('cross-zone', 'duration-or-range', 'One-way latency between zones of one region (default 1ms..2ms).', { schema: latency }),
  prop('cross-region', 'duration-or-range', 'One-way latency between regions (default 30ms..60ms).', { schema: latency }),
  prop('loss', 'percent', 'Share of messages lost.', { schema: percent }),
];
export const NETWORK_DESCRIPTION = 'Network latencies and loss used by the rules and the runnable model.';

/**
 * The zod object schema of a property table — the vocabulary as one zod schema per element kind (and per
 * property block), as the docs and external tools consume it. Values are as `read-value.ts` produces them.
 */
export function objectSchema(properties: readonly PropertySpec[]): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const p of properties) {
    let value: z.ZodType = p.schema;
    if (p.block) value = z.object({ value: p.schema, block: objectSchema(p.block) });
    if (p.named) value = z.object({ name: z.string(), value: p.schema, block: objectSchema(p.block ?? []) });
    shape[p.name] = (p.repeatable ? z.array(value) : value).optional().describe(p.description);
  }
  return z.object(shape).strict();
}

export const KIND_SCHEMAS: ReadonlyMap<ElementKind, z.ZodObject> = new Map(KINDS.map((k) => [k.kind, objectSchema(k.properties)]));
