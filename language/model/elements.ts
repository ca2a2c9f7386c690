import type { Statement } from '../ast';
import type { Range } from '../range';
import type { ElementKind } from '../vocabulary/property';
import { DEFAULTS } from './defaults';
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
 * Elements are assembled field by field in one object (never by spreading partial objects): spreads copy
 * every property and give each element many hidden classes, which made this the hottest code of model
 * building. Fields are assigned in the order the spreads used to produce, optional ones only when present.
 */
function base(kind: ElementKind, h: Header, bag: Bag): any {
  const o: any = { kind, name: h.name, nameRange: h.nameRange, statement: h.statement, props: bag };
  if (h.title !== undefined) o.title = h.title;
  const description = bag.get<string>('description');
  if (description !== undefined) o.description = description;
  return o;
}

function names(bag: Bag, prop: string): string[] {
  const list = bag.get<Named[]>(prop);
  const out: string[] = [];
  if (list) for (let i = 0; i < list.length; i++) out.push(list[i]!.name);
  return out;
}

function operations(bag: Bag): Map<string, M.Operation> {
  const out = new Map<string, M.Operation>();
  for (const e of bag.all('operation')) {
    if (!e.name || out.has(e.name.name)) continue;
    out.set(e.name.name, { name: e.name.name, idempotent: e.block?.flag('idempotent') ?? false, statement: e.statement, nameRange: e.name.range });
  }
  return out;
}

function addProvided(all: Set<string>, entries: Entry[]): void {
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

function deployable(kind: ElementKind, h: Header, bag: Bag, zoneRegion: ReadonlyMap<string, string>): any {
  const o = base(kind, h, bag);
  const replicas = bag.get<number>('replicas') ?? DEFAULTS.replicas;
  const zones = names(bag, 'zones');
  // Round-robin over the zones (SPEC §1.2), at most 10,000 replicas: a limit on everything.
  const placement = placeReplicas(replicas, zones, zoneRegion);
  o.replicas = replicas;
  o.zones = zones;
  o.placement = placement;
  o.entry = (h.kind === 'gateway' && DEFAULTS.gatewayIsEntry) || bag.flag('entry');
  const healthCheckMs = bag.get<number>('health-check');
  if (healthCheckMs !== undefined) o.healthCheckMs = healthCheckMs;
  o.provides = provided(bag);
  o.observability = new Set(names(bag, 'observability'));
  o.operations = operations(bag);
  return o;
}

function target(e: Entry | undefined): { target: string; operation?: string; range: Range } | undefined {
  const n = e && !e.invalid ? (e.value as Named) : undefined;
  if (!n) return undefined;
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
  };
}

function access(e: Entry): M.Access | undefined {
  const n = e.invalid ? undefined : (e.value as Named);
  if (!n) return undefined;
  return { target: n.name, statement: e.statement, targetRange: n.range, props: e.block! };
}

function calls(h: Header, bag: Bag): M.Call[] {
  const out: M.Call[] = [];
  for (const e of bag.all('call')) {
    const c = call(h.name, e);
    if (c) out.push(c);
  }
  return out;
}

function reads(bag: Bag): M.Read[] {
  const out: M.Read[] = [];
  for (const e of bag.all('reads')) {
    const a = access(e);
    if (!a) continue;
    out.push({ ...a, from: e.block?.get<M.Read['from']>('from'), consistency: e.block?.get<M.Consistency>('consistency') });
  }
  return out;
}

function writes(bag: Bag): M.Access[] {
  const out: M.Access[] = [];
  for (const e of bag.all('writes')) {
    const a = access(e);
    if (a) out.push(a);
  }
  return out;
}

function publishes(bag: Bag): M.Publish[] {
  const out: M.Publish[] = [];
  for (const e of bag.all('publishes')) {
    const n = e.invalid ? undefined : (e.value as Named);
    if (!n) continue;
    out.push({ target: n.name, statement: e.statement, targetRange: n.range, props: e.block!, outbox: e.block?.flag('outbox') ?? false });
  }
  return out;
}

function consumes(bag: Bag): M.Consume[] {
  const out: M.Consume[] = [];
  for (const e of bag.all('consumes')) {
    const a = access(e);
    if (a) out.push({ ...a, idempotent: e.block?.flag('idempotent') ?? false, dedupe: e.block?.named('dedupe')?.name });
  }
  return out;
}

export function buildElement(h: Header, bag: Bag, zoneRegion: ReadonlyMap<string, string>): M.Element {
  const ref = (p: string) => bag.named(p)?.name;
  switch (h.kind) {
    case 'region': {
      const o = base('region', h, bag);
      o.zones = names(bag, 'zones');
      return o;
    }
    case 'gateway': {
      const o = deployable('gateway', h, bag, zoneRegion);
      const routes: { target: string; range: Range }[] = [];
      for (const n of bag.get<Named[]>('routes') ?? []) routes.push({ target: n.name, range: n.range });
      o.routes = routes;
      o.rateLimit = bag.get<number>('rate-limit');
      o.timeoutMs = bag.get<number>('timeout');
      return o;
    }
    case 'service': {
      const o = deployable('service', h, bag, zoneRegion);
      o.calls = calls(h, bag);
      o.reads = reads(bag);
      o.writes = writes(bag);
      o.publishes = publishes(bag);
      o.consumes = consumes(bag);
      o.bulkhead = bag.get<number>('bulkhead');
      o.rateLimit = bag.get<number>('rate-limit');
      return o;
    }
    case 'store': {
      const o = deployable('store', h, bag, zoneRegion);
      o.engine = ref('engine');
      o.replication = bag.get<M.Store['replication']>('replication');
      o.syncFollowers = bag.get<number>('sync-followers') ?? DEFAULTS.syncFollowers;
      o.writeQuorum = bag.get<number>('write-quorum');
      o.readQuorum = bag.get<number>('read-quorum');
      o.sloppyQuorum = bag.flag('sloppy-quorum');
      o.conflictResolution = bag.get<string>('conflict-resolution');
      o.consistency = bag.get<M.Consistency>('consistency');
      o.cap = bag.get<M.Store['cap']>('cap');
      o.holds = names(bag, 'holds');
      o.failover = bag.get<M.Store['failover']>('failover');
      o.election = bag.get<M.Store['election']>('election');
      o.coordinator = ref('coordinator');
      o.electionTimeout = bag.get<{ min: number; max: number }>('election-timeout');
      o.heartbeatMs = bag.get<number>('heartbeat');
      o.fencing = bag.flag('fencing');
      o.partitioning = bag.get<M.Store['partitioning']>('partitioning');
      o.partitionKey = ref('partition-key');
      o.shards = bag.get<number>('shards');
      o.eventSourced = bag.flag('event-sourced');
      o.snapshotEvery = bag.get<number>('snapshot-every');
      return o;
    }
    case 'queue': {
      const o = deployable('queue', h, bag, zoneRegion);
      o.delivery = bag.get<M.Queue['delivery']>('delivery');
      o.ordering = bag.get<M.Queue['ordering']>('ordering');
      o.deadLetter = ref('dead-letter');
      o.retentionMs = bag.get<number>('retention');
      return o;
    }
    case 'cache': {
      const o = deployable('cache', h, bag, zoneRegion);
      o.strategy = bag.get<M.Cache['strategy']>('strategy');
      o.for = ref('for');
      o.ttlMs = bag.get<number>('ttl');
      o.invalidation = bag.get<M.Cache['invalidation']>('invalidation');
      return o;
    }
    case 'cluster': {
      const o = deployable('cluster', h, bag, zoneRegion);
      o.consensus = bag.get<M.Cluster['consensus']>('consensus');
      o.electionTimeout = bag.get<{ min: number; max: number }>('election-timeout');
      o.heartbeatMs = bag.get<number>('heartbeat');
      return o;
    }
    case 'lock': {
      const o = base('lock', h, bag);
      o.backend = ref('backend');
      o.leaseMs = bag.get<number>('lease');
      o.fencing = bag.flag('fencing');
      o.protects = ref('protects');
      o.holders = names(bag, 'holders');
      return o;
    }
    case 'external': {
      const o = base('external', h, bag);
      o.availability = bag.get<number>('availability');
      o.operations = operations(bag);
      o.idempotent = bag.flag('idempotent');
      return o;
    }
    case 'saga': {
      const o = base('saga', h, bag);
      o.style = bag.get<M.Saga['style']>('style');
      o.orchestrator = ref('orchestrator');
      const steps: M.SagaStep[] = [];
      for (const e of bag.all('step')) {
        if (!e.name) continue;
        const b = e.block!;
        steps.push({
          name: e.name.name,
          nameRange: e.name.range,
          statement: e.statement,
          props: b,
          action: target(b.entry('action')),
          compensate: target(b.entry('compensate')),
          pivot: b.flag('pivot'),
        });
      }
      o.steps = steps;
      return o;
    }
    case 'transaction': {
      const o = base('transaction', h, bag);
      o.protocol = bag.get<string>('protocol');
      o.coordinator = ref('coordinator');
      o.participants = names(bag, 'participants');
      return o;
    }
    case 'projection': {
      const o = base('projection', h, bag);
      o.source = ref('source');
      o.store = ref('store');
      o.lagBudgetMs = bag.get<number>('lag-budget');
      return o;
    }
    case 'scenario': {
      const o = base('scenario', h, bag);
      o.target = ref('target');
      o.seeds = bag.get<number>('seeds');
      o.seed = bag.get<number>('seed');
      o.durationMs = bag.get<number>('duration');
      o.load = bag.get<number>('load');
      o.faults = bag.all('at').map((e) => ({ statement: e.statement, atoms: e.statement.atoms }));
      o.expectations = bag.all('expect').map((e) => ({ statement: e.statement, atoms: e.statement.atoms }));
      return o;
    }
  }
}
