import type { Statement } from '../ast';
import type { Range } from '../range';
import { MAJORITY_PROTOCOLS } from '../vocabulary/enums';
import type { PropertyName } from '../vocabulary/names';
import type { ElementKind } from '../vocabulary/property';
import { DEFAULTS, defaultPromoteOf } from './defaults';
import type { Bag, Entry } from './read-block';
import type { Named } from './read-value';
import { placeReplicas } from './semantics';
import type * as M from './types';

/*
 * From a read property bag to the typed element the rules consume. Defaults of SPEC §1.2 are applied here, from
 * `defaults.ts` (replicas 1, sync-followers 0, call mode sync, gateways are entry points); replicas are placed by
 * `semantics.ts` (round-robin over the zones).
 */

export interface Header {
  kind: ElementKind;
  name: string;
  nameRange: Range;
  title?: string;
  statement: Statement;
}

/*
 * One constructor per kind, each returning its type from `types.ts`. An element is one object literal with every
 * field of its kind (never assembled by spreading partial objects: spreads copy every property and give each
 * element many hidden classes, which made this the hottest code of model building); the optional fields that are
 * present only when declared (title, description, health-check) are then set on the typed mutable local
 * (`M.Mutable<…>`) before it is handed out as the read-only type.
 */

/** Title and description, set only when present. */
function describe(o: M.Mutable<M.ElementBase>, h: Header, bag: Bag): void {
  if (h.title !== undefined) o.title = h.title;
  const description = bag.get<string>('description');
  if (description !== undefined) o.description = description;
}

function refName(bag: Bag, prop: PropertyName): string | undefined {
  return bag.named(prop)?.name;
}

function names(bag: Bag, prop: PropertyName): string[] {
  const list = bag.get<Named[]>(prop);
  return list ? list.map((n) => n.name) : [];
}

/**
 * `out` at its exact size: an array grown by `push` from empty reserves room for 16 or more, and a large model has
 * a few of them per element (issue 13, peak memory). The same elements, in the same order.
 */
function exact<T>(out: T[]): T[] {
  return out.length === 0 ? out : out.slice();
}

const NO_OPERATION_CALLS: readonly M.OperationCall[] = [];

/** `calls a.x, b` of an operation: each `TARGET[.OP]`, split as `target()` splits a call's. */
function operationCalls(block: Bag | undefined): readonly M.OperationCall[] {
  const list = block?.get<Named[]>('calls');
  if (!list || list.length === 0) return NO_OPERATION_CALLS;
  const out: M.OperationCall[] = [];
  for (const n of list) {
    const t = splitTarget(n);
    out.push(t.operation === undefined ? { target: t.target, range: t.range } : { target: t.target, operation: t.operation, range: t.range });
  }
  return out;
}

function operations(bag: Bag): Map<string, M.Operation> {
  const out = new Map<string, M.Operation>();
  for (const e of bag.all('operation')) {
    if (!e.name || out.has(e.name.name)) continue;
    out.set(e.name.name, {
      name: e.name.name,
      idempotent: e.block?.flag('idempotent') ?? false,
      calls: operationCalls(e.block),
      statement: e.statement,
      nameRange: e.name.range,
    });
  }
  return out;
}

function addProvided(all: Set<string>, entries: readonly Entry[]): void {
  for (const e of entries) {
    const list = e.block?.get<Named[]>('provides');
    if (list) for (const n of list) all.add(n.name);
  }
}

function provided(bag: Bag): M.Provided {
  const all = new Set<string>();
  if (bag.has('sidecar')) addProvided(all, bag.all('sidecar'));
  if (bag.has('ambassador')) addProvided(all, bag.all('ambassador'));
  return {
    timeouts: all.has('timeouts'),
    retries: all.has('retries'),
    circuitBreaker: all.has('circuit-breaker'),
    tracing: all.has('tracing'),
    metrics: all.has('metrics'),
    logging: all.has('logging'),
  };
}

/** The fields every deployable has, read once and copied field by field into its kind's literal. */
interface Deployment {
  readonly replicas: number;
  readonly zones: readonly string[];
  readonly placement: readonly M.Replica[];
  readonly entry: boolean;
  readonly healthCheckMs: number | undefined;
  readonly provides: M.Provided;
  readonly observability: ReadonlySet<string>;
  readonly operations: ReadonlyMap<string, M.Operation>;
  readonly capacity: number | undefined;
  readonly scope: 'zonal' | 'regional';
  readonly load: number | undefined;
}

function deployment(h: Header, bag: Bag, zoneRegion: ReadonlyMap<string, string>): Deployment {
  const replicas = bag.get<number>('replicas') ?? DEFAULTS.replicas;
  const zones = names(bag, 'zones');
  return {
    replicas,
    zones,
    // Round-robin over the zones (SPEC §1.2), at most 10,000 replicas: a limit on everything.
    placement: placeReplicas(replicas, zones, zoneRegion),
    entry: (h.kind === 'gateway' && DEFAULTS.gatewayIsEntry) || bag.flag('entry'),
    healthCheckMs: bag.get<number>('health-check'),
    provides: provided(bag),
    observability: new Set(names(bag, 'observability')),
    operations: operations(bag),
    capacity: bag.get<number>('capacity'),
    scope: bag.get<'zonal' | 'regional'>('scope') ?? DEFAULTS.scope,
    load: bag.get<number>('load'),
  };
}

/** Title, description, health-check, capacity and load, set only when present. */
function describeDeployable(o: M.Mutable<M.DeployableBase>, h: Header, bag: Bag, d: Deployment): void {
  describe(o, h, bag);
  if (d.healthCheckMs !== undefined) o.healthCheckMs = d.healthCheckMs;
  if (d.capacity !== undefined) o.capacity = d.capacity;
  if (d.load !== undefined) o.load = d.load;
}

function target(e: Entry | undefined): M.StepTarget | undefined {
  const n = e && !e.invalid ? (e.value as Named) : undefined;
  if (!n) return undefined;
  return splitTarget(n);
}

function splitTarget(n: Named): M.StepTarget {
  const dot = n.name.indexOf('.');
  // As `split('.')` did: the text before the first dot, and the text between the first and a second dot.
  if (dot < 0) return { target: n.name, operation: undefined, range: n.range };
  const second = n.name.indexOf('.', dot + 1);
  return { target: n.name.slice(0, dot), operation: n.name.slice(dot + 1, second < 0 ? undefined : second), range: n.range };
}

function call(caller: string, e: Entry): M.Call | undefined {
  const t = target(e);
  if (!t) return undefined;
  const b = e.block!;
  const breaker = b.entry('circuit-breaker');
  return {
    caller,
    target: t.target,
    operation: t.operation,
    statement: e.statement,
    targetRange: t.range,
    props: b,
    timeoutMs: b.get<number>('timeout'),
    retry: b.get<number>('retry') ?? DEFAULTS.retry,
    backoff: b.get<M.Backoff>('backoff'),
    jitter: b.get<M.Call['jitter']>('jitter'),
    circuitBreaker: breaker
      ? {
          failureRate: breaker.block?.get<number>('failure-rate'),
          windowMs: breaker.block?.get<number>('window'),
          cooldownMs: breaker.block?.get<number>('cooldown'),
        }
      : undefined,
    idempotencyKey: b.get<Named>('idempotency-key')?.name,
    fallback: b.get<string>('fallback'),
    mode: b.get<'sync' | 'async'>('mode') ?? DEFAULTS.callMode,
    retryBudget: b.get<number>('retry-budget'),
  };
}

/** raft, paxos and zab: consensus protocols, which elect with a majority and only elect up-to-date members. */
function isMajorityProtocol(protocol: string | undefined): boolean {
  return protocol !== undefined && (MAJORITY_PROTOCOLS as readonly string[]).includes(protocol);
}

/** `promote` as declared, else its default (SPEC §5.1; `defaultPromoteOf`). */
function promoteOf(bag: Bag, consensusGroup: boolean): 'in-sync' | 'any' {
  return bag.get<'in-sync' | 'any'>('promote') ?? defaultPromoteOf(consensusGroup, bag.get<number>('sync-followers') ?? DEFAULTS.syncFollowers);
}

function failoverScopeOf(bag: Bag): 'zone' | 'region' | 'any' {
  return bag.get<'zone' | 'region' | 'any'>('failover-scope') ?? DEFAULTS.failoverScope;
}

/** The element an access property (`reads`, `writes`, `publishes`, `consumes`) names, when it could be read. */
function accessed(e: Entry): Named | undefined {
  return e.invalid ? undefined : (e.value as Named);
}

function calls(h: Header, bag: Bag): M.Call[] {
  const out: M.Call[] = [];
  for (const e of bag.all('call')) {
    const c = call(h.name, e);
    if (c) out.push(c);
  }
  return exact(out);
}

function reads(bag: Bag): M.Read[] {
  const out: M.Read[] = [];
  for (const e of bag.all('reads')) {
    const n = accessed(e);
    if (!n) continue;
    const b = e.block!;
    out.push({
      target: n.name,
      statement: e.statement,
      targetRange: n.range,
      props: b,
      from: b.get<M.Read['from']>('from'),
      consistency: b.get<M.Consistency>('consistency'),
      readIndex: b.flag('read-index') || DEFAULTS.readIndex,
    });
  }
  return exact(out);
}

function writes(bag: Bag): M.Access[] {
  const out: M.Access[] = [];
  for (const e of bag.all('writes')) {
    const n = accessed(e);
    if (n) out.push({ target: n.name, statement: e.statement, targetRange: n.range, props: e.block! });
  }
  return exact(out);
}

function publishes(bag: Bag): M.Publish[] {
  const out: M.Publish[] = [];
  for (const e of bag.all('publishes')) {
    const n = accessed(e);
    if (!n) continue;
    const b = e.block!;
    out.push({ target: n.name, statement: e.statement, targetRange: n.range, props: b, outbox: b.flag('outbox') });
  }
  return exact(out);
}

function consumes(bag: Bag): M.Consume[] {
  const out: M.Consume[] = [];
  for (const e of bag.all('consumes')) {
    const n = accessed(e);
    if (!n) continue;
    const b = e.block!;
    out.push({ target: n.name, statement: e.statement, targetRange: n.range, props: b, idempotent: b.flag('idempotent'), dedupe: b.named('dedupe')?.name });
  }
  return exact(out);
}

function steps(bag: Bag): M.SagaStep[] {
  const out: M.SagaStep[] = [];
  for (const e of bag.all('step')) {
    if (!e.name) continue;
    const b = e.block!;
    out.push({
      name: e.name.name,
      nameRange: e.name.range,
      statement: e.statement,
      props: b,
      action: target(b.entry('action')),
      compensate: target(b.entry('compensate')),
      pivot: b.flag('pivot'),
    });
  }
  return out;
}

function region(h: Header, bag: Bag): M.Region {
  const o: M.Mutable<M.Region> = { kind: 'region', name: h.name, nameRange: h.nameRange, statement: h.statement, props: bag, zones: names(bag, 'zones') };
  describe(o, h, bag);
  return o;
}

function gateway(h: Header, bag: Bag, d: Deployment): M.Gateway {
  const routes: { target: string; range: Range }[] = [];
  for (const n of bag.get<Named[]>('routes') ?? []) routes.push({ target: n.name, range: n.range });
  const o: M.Mutable<M.Gateway> = {
    kind: 'gateway',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    replicas: d.replicas,
    zones: d.zones,
    placement: d.placement,
    entry: d.entry,
    provides: d.provides,
    observability: d.observability,
    operations: d.operations,
    scope: d.scope,
    routes,
    rateLimit: bag.get<number>('rate-limit'),
    timeoutMs: bag.get<number>('timeout'),
  };
  describeDeployable(o, h, bag, d);
  return o;
}

function service(h: Header, bag: Bag, d: Deployment): M.Service {
  const o: M.Mutable<M.Service> = {
    kind: 'service',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    replicas: d.replicas,
    zones: d.zones,
    placement: d.placement,
    entry: d.entry,
    provides: d.provides,
    observability: d.observability,
    operations: d.operations,
    scope: d.scope,
    calls: calls(h, bag),
    reads: reads(bag),
    writes: writes(bag),
    publishes: publishes(bag),
    consumes: consumes(bag),
    bulkhead: bag.get<number>('bulkhead'),
    rateLimit: bag.get<number>('rate-limit'),
  };
  describeDeployable(o, h, bag, d);
  return o;
}

function store(h: Header, bag: Bag, d: Deployment): M.Store {
  const o: M.Mutable<M.Store> = {
    kind: 'store',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    replicas: d.replicas,
    zones: d.zones,
    placement: d.placement,
    entry: d.entry,
    provides: d.provides,
    observability: d.observability,
    operations: d.operations,
    scope: d.scope,
    engine: refName(bag, 'engine'),
    replication: bag.get<M.Store['replication']>('replication'),
    syncFollowers: bag.get<number>('sync-followers') ?? DEFAULTS.syncFollowers,
    writeQuorum: bag.get<number>('write-quorum'),
    readQuorum: bag.get<number>('read-quorum'),
    sloppyQuorum: bag.flag('sloppy-quorum'),
    conflictResolution: bag.get<string>('conflict-resolution'),
    consistency: bag.get<M.Consistency>('consistency'),
    cap: bag.get<M.Store['cap']>('cap'),
    holds: names(bag, 'holds'),
    failover: bag.get<M.Store['failover']>('failover'),
    election: bag.get<M.Store['election']>('election'),
    electionQuorum: bag.get<number>('election-quorum'),
    promote: promoteOf(bag, isMajorityProtocol(bag.get<string>('election'))),
    failoverScope: failoverScopeOf(bag),
    coordinator: refName(bag, 'coordinator'),
    electionTimeout: bag.get<M.Store['electionTimeout']>('election-timeout'),
    heartbeatMs: bag.get<number>('heartbeat'),
    fencing: bag.flag('fencing'),
    partitioning: bag.get<M.Store['partitioning']>('partitioning'),
    partitionKey: refName(bag, 'partition-key'),
    shards: bag.get<number>('shards'),
    eventSourced: bag.flag('event-sourced'),
    snapshotEvery: bag.get<number>('snapshot-every'),
  };
  describeDeployable(o, h, bag, d);
  return o;
}

function queue(h: Header, bag: Bag, d: Deployment): M.Queue {
  const o: M.Mutable<M.Queue> = {
    kind: 'queue',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    replicas: d.replicas,
    zones: d.zones,
    placement: d.placement,
    entry: d.entry,
    provides: d.provides,
    observability: d.observability,
    operations: d.operations,
    scope: d.scope,
    delivery: bag.get<M.Queue['delivery']>('delivery'),
    ordering: bag.get<M.Queue['ordering']>('ordering'),
    deadLetter: refName(bag, 'dead-letter'),
    retentionMs: bag.get<number>('retention'),
    replication: bag.get<M.Queue['replication']>('replication'),
    syncFollowers: bag.get<number>('sync-followers') ?? DEFAULTS.syncFollowers,
    failover: bag.get<M.Queue['failover']>('failover'),
    election: bag.get<M.Queue['election']>('election'),
    electionQuorum: bag.get<number>('election-quorum'),
    promote: promoteOf(bag, isMajorityProtocol(bag.get<string>('election'))),
    failoverScope: failoverScopeOf(bag),
    coordinator: refName(bag, 'coordinator'),
    electionTimeout: bag.get<M.Queue['electionTimeout']>('election-timeout'),
    heartbeatMs: bag.get<number>('heartbeat'),
    fencing: bag.flag('fencing'),
  };
  describeDeployable(o, h, bag, d);
  return o;
}

function cache(h: Header, bag: Bag, d: Deployment): M.Cache {
  const o: M.Mutable<M.Cache> = {
    kind: 'cache',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    replicas: d.replicas,
    zones: d.zones,
    placement: d.placement,
    entry: d.entry,
    provides: d.provides,
    observability: d.observability,
    operations: d.operations,
    scope: d.scope,
    strategy: bag.get<M.Cache['strategy']>('strategy'),
    for: refName(bag, 'for'),
    ttlMs: bag.get<number>('ttl'),
    invalidation: bag.get<M.Cache['invalidation']>('invalidation'),
  };
  describeDeployable(o, h, bag, d);
  return o;
}

function cluster(h: Header, bag: Bag, d: Deployment): M.Cluster {
  const o: M.Mutable<M.Cluster> = {
    kind: 'cluster',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    replicas: d.replicas,
    zones: d.zones,
    placement: d.placement,
    entry: d.entry,
    provides: d.provides,
    observability: d.observability,
    operations: d.operations,
    scope: d.scope,
    consensus: bag.get<M.Cluster['consensus']>('consensus'),
    electionQuorum: bag.get<number>('election-quorum'),
    // A cluster that declares no `consensus` is taken to run one (semantics.ts isConsensusGroup).
    promote: promoteOf(bag, bag.get<string>('consensus') !== 'none'),
    failoverScope: failoverScopeOf(bag),
    electionTimeout: bag.get<M.Cluster['electionTimeout']>('election-timeout'),
    heartbeatMs: bag.get<number>('heartbeat'),
  };
  describeDeployable(o, h, bag, d);
  return o;
}

function client(h: Header, bag: Bag): M.Client {
  const o: M.Mutable<M.Client> = {
    kind: 'client',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    instances: bag.get<number>('instances'),
    load: bag.get<number>('load'),
    calls: calls(h, bag),
  };
  describe(o, h, bag);
  return o;
}

function lock(h: Header, bag: Bag): M.Lock {
  const o: M.Mutable<M.Lock> = {
    kind: 'lock',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    backend: refName(bag, 'backend'),
    leaseMs: bag.get<number>('lease'),
    fencing: bag.flag('fencing'),
    protects: refName(bag, 'protects'),
    holders: names(bag, 'holders'),
  };
  describe(o, h, bag);
  return o;
}

function external(h: Header, bag: Bag): M.External {
  const o: M.Mutable<M.External> = {
    kind: 'external',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    availability: bag.get<number>('availability'),
    operations: operations(bag),
    idempotent: bag.flag('idempotent'),
  };
  describe(o, h, bag);
  return o;
}

function saga(h: Header, bag: Bag): M.Saga {
  const o: M.Mutable<M.Saga> = {
    kind: 'saga',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    style: bag.get<M.Saga['style']>('style'),
    orchestrator: refName(bag, 'orchestrator'),
    steps: steps(bag),
  };
  describe(o, h, bag);
  return o;
}

function transaction(h: Header, bag: Bag): M.Transaction {
  const o: M.Mutable<M.Transaction> = {
    kind: 'transaction',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    protocol: bag.get<string>('protocol'),
    coordinator: refName(bag, 'coordinator'),
    participants: names(bag, 'participants'),
  };
  describe(o, h, bag);
  return o;
}

function projection(h: Header, bag: Bag): M.Projection {
  const o: M.Mutable<M.Projection> = {
    kind: 'projection',
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    source: refName(bag, 'source'),
    store: refName(bag, 'store'),
    lagBudgetMs: bag.get<number>('lag-budget'),
  };
  describe(o, h, bag);
  return o;
}

const NO_FAULTS: readonly M.Fault[] = [];
const NO_EXPECTATIONS: readonly M.Expectation[] = [];

/**
 * The start of a scenario, which its branch of `buildElement` completes field by field: already a whole `Scenario`
 * (no faults or expectations yet; `scenario.ts` reads those once every element is known).
 */
function base(kind: 'scenario', h: Header, bag: Bag): M.Mutable<M.Scenario> {
  const o: M.Mutable<M.Scenario> = { kind, name: h.name, nameRange: h.nameRange, statement: h.statement, props: bag, faults: NO_FAULTS, expectations: NO_EXPECTATIONS };
  describe(o, h, bag);
  return o;
}

export function buildElement(h: Header, bag: Bag, zoneRegion: ReadonlyMap<string, string>): M.Element {
  const ref = (p: PropertyName) => bag.named(p)?.name;
  switch (h.kind) {
    case 'region':
      return region(h, bag);
    case 'gateway':
      return gateway(h, bag, deployment(h, bag, zoneRegion));
    case 'service':
      return service(h, bag, deployment(h, bag, zoneRegion));
    case 'store':
      return store(h, bag, deployment(h, bag, zoneRegion));
    case 'queue':
      return queue(h, bag, deployment(h, bag, zoneRegion));
    case 'cache':
      return cache(h, bag, deployment(h, bag, zoneRegion));
    case 'cluster':
      return cluster(h, bag, deployment(h, bag, zoneRegion));
    case 'lock':
      return lock(h, bag);
    case 'external':
      return external(h, bag);
    case 'saga':
      return saga(h, bag);
    case 'transaction':
      return transaction(h, bag);
    case 'projection':
      return projection(h, bag);
    case 'client':
      return client(h, bag);
    case 'scenario': {
      const o = base('scenario', h, bag);
      o.target = ref('target');
      o.seeds = bag.get<number>('seeds');
      o.seed = bag.get<number>('seed');
      o.durationMs = bag.get<number>('duration');
      o.load = bag.get<number>('load');
      // Read into typed faults and expectations by scenario.ts once every element is known (it needs the target).
      o.faults = [];
      o.expectations = [];
      return o;
    }
  }
}
