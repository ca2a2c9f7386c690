import type { Statement } from '../ast';
import type { Range } from '../range';
import type { ElementKind } from '../vocabulary/property';
import type { Bag, Entry } from './read-block';
import type { Named } from './read-value';
import type * as M from './types';

/*
 * From a read property bag to the typed element the rules consume. Defaults of SPEC §1.2 are applied here
 * (replicas 1, sync-followers 0, call mode sync, gateways are entry points).
 */

export interface Header {
  kind: ElementKind;
  name: string;
  nameRange: Range;
  title?: string;
  statement: Statement;
}

function base(h: Header, bag: Bag) {
  const description = bag.get<string>('description');
  return {
    name: h.name,
    nameRange: h.nameRange,
    statement: h.statement,
    props: bag,
    ...(h.title !== undefined ? { title: h.title } : {}),
    ...(description !== undefined ? { description } : {}),
  };
}

function names(bag: Bag, prop: string): string[] {
  return (bag.get<Named[]>(prop) ?? []).map((n) => n.name);
}

function operations(bag: Bag): Map<string, M.Operation> {
  const out = new Map<string, M.Operation>();
  for (const e of bag.all('operation')) {
    if (!e.name || out.has(e.name.name)) continue;
    out.set(e.name.name, { name: e.name.name, idempotent: e.block?.flag('idempotent') ?? false, statement: e.statement, nameRange: e.name.range });
  }
  return out;
}

function provided(bag: Bag): M.Provided {
  const all = new Set<string>();
  for (const e of [...bag.all('sidecar'), ...bag.all('ambassador')]) {
    for (const n of e.block?.get<Named[]>('provides') ?? []) all.add(n.name);
  }
  return {
    timeouts: all.has('timeouts'),
    retries: all.has('retries'),
    circuitBreaker: all.has('circuit-breaker'),
    tracing: all.has('tracing'),
    metrics: all.has('metrics'),
    logging: all.has('logging'),
  };
}

function deployable(h: Header, bag: Bag, zoneRegion: ReadonlyMap<string, string>) {
  const replicas = bag.get<number>('replicas') ?? 1;
  const zones = names(bag, 'zones');
  const placement: M.Replica[] = [];
  // A limit on everything: a typo like `replicas 100000000` must not allocate a hundred million replicas.
  for (let i = 0; i < Math.min(replicas, 10_000); i++) {
    const zone = zones.length ? zones[i % zones.length] : undefined;
    const region = zone ? zoneRegion.get(zone) : undefined;
    const replica: M.Replica = { index: i };
    if (zone) replica.zone = zone;
    if (region) replica.region = region;
    placement.push(replica);
  }
  const healthCheckMs = bag.get<number>('health-check');
  return {
    ...base(h, bag),
    replicas,
    zones,
    placement,
    entry: h.kind === 'gateway' || bag.flag('entry'),
    ...(healthCheckMs !== undefined ? { healthCheckMs } : {}),
    provides: provided(bag),
    observability: new Set(names(bag, 'observability')),
    operations: operations(bag),
  };
}

/**
 * Optional fields may hold `undefined` (the types allow it). This used to strip them with
 * Object.entries/fromEntries, which was a fifth of model-building time on large files; it is now the identity,
 * kept as a marker of where optional fields are assembled.
 */
function defined<T extends object>(o: T): T {
  return o;
}

function target(e: Entry | undefined): { target: string; operation?: string; range: Range } | undefined {
  const n = e && !e.invalid ? (e.value as Named) : undefined;
  if (!n) return undefined;
  const [element = '', operation] = n.name.split('.');
  return defined({ target: element, operation, range: n.range });
}

function call(caller: string, e: Entry): M.Call | undefined {
  const t = target(e);
  if (!t) return undefined;
  const b = e.block!;
  const breaker = b.entry('circuit-breaker');
  return defined({
    caller,
    target: t.target,
    operation: t.operation,
    statement: e.statement,
    targetRange: t.range,
    props: b,
    timeoutMs: b.get<number>('timeout'),
    retry: b.get<number>('retry') ?? 0,
    backoff: b.get<M.Backoff>('backoff'),
    jitter: b.get<M.Call['jitter']>('jitter'),
    circuitBreaker: breaker
      ? defined({
          failureRate: breaker.block?.get<number>('failure-rate'),
          windowMs: breaker.block?.get<number>('window'),
          cooldownMs: breaker.block?.get<number>('cooldown'),
        })
      : undefined,
    idempotencyKey: b.get<Named>('idempotency-key')?.name,
    fallback: b.get<string>('fallback'),
    mode: b.get<'sync' | 'async'>('mode') ?? 'sync',
  });
}

function access(e: Entry): M.Access | undefined {
  const n = e.invalid ? undefined : (e.value as Named);
  if (!n) return undefined;
  return { target: n.name, statement: e.statement, targetRange: n.range, props: e.block! };
}

export function buildElement(h: Header, bag: Bag, zoneRegion: ReadonlyMap<string, string>): M.Element {
  const ref = (p: string) => bag.named(p)?.name;
  switch (h.kind) {
    case 'region':
      return { kind: 'region', ...base(h, bag), zones: names(bag, 'zones') };
    case 'gateway':
      return defined({
        kind: 'gateway' as const,
        ...deployable(h, bag, zoneRegion),
        routes: (bag.get<Named[]>('routes') ?? []).map((n) => ({ target: n.name, range: n.range })),
        rateLimit: bag.get<number>('rate-limit'),
        timeoutMs: bag.get<number>('timeout'),
      });
    case 'service':
      return defined({
        kind: 'service' as const,
        ...deployable(h, bag, zoneRegion),
        calls: bag.all('call').flatMap((e) => call(h.name, e) ?? []),
        reads: bag.all('reads').flatMap((e) => {
          const a = access(e);
          if (!a) return [];
          return [defined({ ...a, from: e.block?.get<M.Read['from']>('from'), consistency: e.block?.get<M.Consistency>('consistency') })];
        }),
        writes: bag.all('writes').flatMap((e) => access(e) ?? []),
        publishes: bag.all('publishes').flatMap((e) => {
          const a = access(e);
          return a ? [{ ...a, outbox: e.block?.flag('outbox') ?? false }] : [];
        }),
        consumes: bag.all('consumes').flatMap((e) => {
          const a = access(e);
          return a ? [defined({ ...a, idempotent: e.block?.flag('idempotent') ?? false, dedupe: e.block?.named('dedupe')?.name })] : [];
        }),
        bulkhead: bag.get<number>('bulkhead'),
        rateLimit: bag.get<number>('rate-limit'),
      });
    case 'store':
      return defined({
        kind: 'store' as const,
        ...deployable(h, bag, zoneRegion),
        engine: ref('engine'),
        replication: bag.get<M.Store['replication']>('replication'),
        syncFollowers: bag.get<number>('sync-followers') ?? 0,
        writeQuorum: bag.get<number>('write-quorum'),
        readQuorum: bag.get<number>('read-quorum'),
        sloppyQuorum: bag.flag('sloppy-quorum'),
        conflictResolution: bag.get<string>('conflict-resolution'),
        consistency: bag.get<M.Consistency>('consistency'),
        cap: bag.get<M.Store['cap']>('cap'),
        holds: names(bag, 'holds'),
        failover: bag.get<M.Store['failover']>('failover'),
        election: bag.get<M.Store['election']>('election'),
        coordinator: ref('coordinator'),
        electionTimeout: bag.get<{ min: number; max: number }>('election-timeout'),
        heartbeatMs: bag.get<number>('heartbeat'),
        fencing: bag.flag('fencing'),
        partitioning: bag.get<M.Store['partitioning']>('partitioning'),
        partitionKey: ref('partition-key'),
        shards: bag.get<number>('shards'),
        eventSourced: bag.flag('event-sourced'),
        snapshotEvery: bag.get<number>('snapshot-every'),
      });
    case 'queue':
      return defined({
        kind: 'queue' as const,
        ...deployable(h, bag, zoneRegion),
        delivery: bag.get<M.Queue['delivery']>('delivery'),
        ordering: bag.get<M.Queue['ordering']>('ordering'),
        deadLetter: ref('dead-letter'),
        retentionMs: bag.get<number>('retention'),
      });
    case 'cache':
      return defined({
        kind: 'cache' as const,
        ...deployable(h, bag, zoneRegion),
        strategy: bag.get<M.Cache['strategy']>('strategy'),
        for: ref('for'),
        ttlMs: bag.get<number>('ttl'),
        invalidation: bag.get<M.Cache['invalidation']>('invalidation'),
      });
    case 'cluster':
      return defined({
        kind: 'cluster' as const,
        ...deployable(h, bag, zoneRegion),
        consensus: bag.get<M.Cluster['consensus']>('consensus'),
        electionTimeout: bag.get<{ min: number; max: number }>('election-timeout'),
        heartbeatMs: bag.get<number>('heartbeat'),
      });
    case 'lock':
      return defined({
        kind: 'lock' as const,
        ...base(h, bag),
        backend: ref('backend'),
        leaseMs: bag.get<number>('lease'),
        fencing: bag.flag('fencing'),
        protects: ref('protects'),
        holders: names(bag, 'holders'),
      });
    case 'external':
      return defined({
        kind: 'external' as const,
        ...base(h, bag),
        availability: bag.get<number>('availability'),
        operations: operations(bag),
        idempotent: bag.flag('idempotent'),
      });
    case 'saga':
      return defined({
        kind: 'saga' as const,
        ...base(h, bag),
        style: bag.get<M.Saga['style']>('style'),
        orchestrator: ref('orchestrator'),
        steps: bag.all('step').flatMap((e): M.SagaStep[] => {
          if (!e.name) return [];
          const b = e.block!;
          return [
            defined({
              name: e.name.name,
              nameRange: e.name.range,
              statement: e.statement,
              props: b,
              action: target(b.entry('action')),
              compensate: target(b.entry('compensate')),
              pivot: b.flag('pivot'),
            }),
          ];
        }),
      });
    case 'transaction':
      return defined({
        kind: 'transaction' as const,
        ...base(h, bag),
        protocol: bag.get<string>('protocol'),
        coordinator: ref('coordinator'),
        participants: names(bag, 'participants'),
      });
    case 'projection':
      return defined({
        kind: 'projection' as const,
        ...base(h, bag),
        source: ref('source'),
        store: ref('store'),
        lagBudgetMs: bag.get<number>('lag-budget'),
      });
    case 'scenario':
      return defined({
        kind: 'scenario' as const,
        ...base(h, bag),
        target: ref('target'),
        seeds: bag.get<number>('seeds'),
        seed: bag.get<number>('seed'),
        durationMs: bag.get<number>('duration'),
        load: bag.get<number>('load'),
        faults: bag.all('at').map((e) => ({ statement: e.statement, atoms: e.statement.atoms })),
        expectations: bag.all('expect').map((e) => ({ statement: e.statement, atoms: e.statement.atoms })),
      });
  }
}
