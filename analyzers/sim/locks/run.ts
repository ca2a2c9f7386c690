import type { Fault, Network } from '../../../language/model/types';
import { Host, type HostRecord, type NodeSpec } from '../actors/host';
import { hostLine, isHostRecord, pickLines, type Line } from '../actors/trace';
import { checkMutualExclusion, type MutualExclusion } from '../checkers/mutual-exclusion';
import type { CancelToken, EngineResult, Limits } from '../engine';
import { at, duration, plural } from '../format';
import type { Record } from '../history';
import type { Topology } from '../network';
import type { TraceOptions } from '../trace';
import { traceCutLines } from '../trace-budget';
import { holder, lockService, protectedStore, type HolderState, type LockLayout, type LockMsg, type LockRecord } from './actors';
import type { LockPlan } from './plan';
import { placeAt, servingLeaders, unavailableMs } from './timeline';

/*
 * One seed of a lock scenario's lock model (SPEC §4, "Locks"): the lock service, one holder per replica of each
 * `holders` element and the protected store, as actors on the host (actors/host.ts), under the scenario's faults.
 *
 * When the simulator runs the lock's backend group (run.ts runs it first, from the seed's stream 0, exactly as for a
 * store or cluster target), the lock service serves from that run's writable leader: it is where that leader is,
 * and does not answer while there is none. Faults: `pause holder D` pauses the current holder (the one that believes
 * it holds the lock, the newest token if several), waiting for one if none holds; `crash holder` crashes it;
 * `restart` restarts crashed holders; `lose zone Z` crashes the holders in Z; partitions and `drop` apply to the
 * lock model too. Faults on members (`crash leader`, `pause 1 2s`…) act on the backend group's run.
 */

export interface LockRunOptions {
  seed: number;
  limits: Limits;
  now?: () => number;
  cancel?: CancelToken;
  trace: boolean;
  durationMs: number;
  /** After `duration`: no new faults, the holders go on (the backend group's settle phase, at least a lease). */
  settleMs: number;
  /** The backend group's run, when the simulator ran it. */
  backend?: { history: readonly Record[]; topology: Topology; need: number; name: string };
  traceOptions?: TraceOptions;
}

export interface LockMetrics {
  grants: number;
  acceptedWrites: number;
  /** Stale writes the protected store turned away (fencing). */
  rejectedWrites: number;
  /** Writes accepted after their lease was over. */
  writesOutsideLease: number;
  /** Time the lock service could not answer (its backend had no writable leader), ms. */
  unavailableMs: number;
  /** The stale and newer tokens of the first rejected or outside-lease write. */
  tokens?: { stale: number; fresh: number };
}

export interface LockRun {
  /** Null when the lock protects nothing: there is no store whose writes could be judged. */
  verdict: MutualExclusion | null;
  engine: EngineResult;
  endMs: number;
  metrics: LockMetrics;
  /** The run's parameters in one line. */
  summary: string;
  /** Trace lines (empty unless tracing). */
  trace: string[];
  /** The run's history, the one the checker read (every message too when tracing), and its nodes (0: the lock service, then the holders, then the store): the timeline view's input. */
  history: readonly (HostRecord | LockRecord)[];
  nodes: readonly NodeSpec[];
}

export function describeLock(plan: LockPlan, backend: string | undefined): string {
  const lease = plan.leaseMs === null ? 'no lease (it never expires)' : `lease ${duration(plan.leaseMs)} (renewed every ${duration(plan.renewMs)})`;
  const names = plan.holders.map((h) => h.name);
  const holders = `${plural(names.length, 'holder')} (${names.length > 4 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ')})`;
  const store = plan.store ? `writes to ${plan.store.name} every ${duration(plan.writeEveryMs)}` : 'protects nothing';
  const service = backend ? `lock service on ${backend}'s writable leader` : `one lock service node${plan.service.anywhere ? '' : ` in ${plan.service.zone}`}, always up`;
  return `lock ${plan.lock.name}: ${lease}, ${plan.fencing ? 'fencing' : 'no fencing'}, ${holders}, ${store}; ${service}`;
}

/** A lock record as the trace prints it (the timeline view shows the same text). */
export function lockLine(r: LockRecord, holderName: (h: number) => string, store: string): Line {
  const t = r.t;
  const h = holderName(r.holder);
  const until = (ms: number) => (ms === Infinity ? 'no expiry' : `until ${at(ms)}`);
  switch (r.kind) {
    case 'lock-grant':
      return { t, text: `lock service granted the lock to ${h}: token ${r.token}, lease ${until(r.expiresMs)}`, major: true };
    case 'lock-renew':
      return { t, text: `lock service renewed token ${r.token} (${h}) ${until(r.expiresMs)}`, major: false };
    case 'lock-busy':
      return { t, text: `lock service: ${h} asked; held by ${holderName(r.heldBy)}`, major: false };
    case 'lock-refused':
      return { t, text: `lock service refused to renew token ${r.token} for ${h}: its lease is over`, major: true };
    case 'lock-expired':
      return { t, text: `lock service: the lease of token ${r.token} (${h}) expired`, major: true };
    case 'holder-acquired':
      return { t, text: `${h} holds the lock with token ${r.token}, it believes ${until(r.believedUntilMs)}`, major: true };
    case 'holder-lost':
      return { t, text: `${h} no longer holds token ${r.token} (${r.why === 'expired' ? 'its lease ran out by its clock' : 'its renewal was refused'})`, major: true };
    case 'holder-write':
      return r.late
        ? { t, text: `${h} resumed and sent the write it was making when paused, with token ${r.token}`, major: true }
        : { t, text: `${h} → ${store} write with token ${r.token}`, major: false };
    case 'store-write':
      return r.accepted
        ? { t, text: `${store} accepted the write of ${h} with token ${r.token}`, major: false }
        : { t, text: `${store} rejected the write of ${h} with token ${r.token}: token ${r.highest} already wrote (fencing)`, major: true };
  }
}

function describeMsg(m: LockMsg): string {
  switch (m.kind) {
    case 'acquire':
      return 'acquire';
    case 'renew':
      return `renew token ${m.token}`;
    case 'granted':
      return `granted token ${m.token}`;
    case 'renewed':
      return `renewed token ${m.token}`;
    case 'busy':
      return 'busy';
    case 'lost':
      return `lost token ${m.token}`;
    case 'write':
      return `write #${m.seq} token ${m.token}`;
  }
}

export function runLock(plan: LockPlan, faults: readonly Fault[], network: Readonly<Network>, o: LockRunOptions): LockRun {
  const H = plan.holders.length;
  const layout: LockLayout = { service: 0, holders: plan.holders.map((_, h) => 1 + h), store: plan.store ? 1 + H : null };
  const timeline = o.backend ? servingLeaders(o.backend.history, o.backend.topology, o.backend.need) : null;
  const serviceSpec: NodeSpec = timeline
    ? { name: 'lock service', zone: plan.service.zone, placeAt: placeAt(timeline, o.backend!.topology) }
    : { name: 'lock service', zone: plan.service.zone, ...(plan.service.region !== undefined ? { region: plan.service.region } : {}), anywhere: plan.service.anywhere };
  const nodes: NodeSpec[] = [serviceSpec];
  for (const h of plan.holders) nodes.push({ name: h.name, zone: h.zone, ...(h.region !== undefined ? { region: h.region } : {}), anywhere: h.anywhere });
  if (plan.store) nodes.push({ name: plan.store.name, zone: plan.store.zone, ...(plan.store.region !== undefined ? { region: plan.store.region } : {}), anywhere: plan.store.anywhere });

  const host = new Host<LockMsg, LockRecord, never>({
    nodes,
    latency: network,
    seed: o.seed,
    stream: o.backend ? 1 : 0,
    limits: o.limits,
    ...(o.now ? { now: o.now } : {}),
    ...(o.cancel ? { cancel: o.cancel } : {}),
    trace: o.trace,
    describe: describeMsg,
  });
  host.add(lockService(layout, plan.leaseMs));
  plan.holders.forEach((hp, h) => host.add(holder(layout, h, { leaseMs: plan.leaseMs, renewMs: plan.renewMs, writeEveryMs: plan.writeEveryMs, marginMs: hp.marginMs })));
  if (plan.store) host.add(protectedStore(layout, plan.fencing));

  // `pause holder` / `crash holder`: the holder that believes it holds the lock (the newest token if several).
  const current = (): number | null => {
    let best: number | null = null;
    let token = -1;
    for (let h = 0; h < H; h++) {
      const node = layout.holders[h]!;
      const s = host.state(node) as HolderState;
      if (host.isCrashed(node) || !s.holding || s.token <= token) continue;
      best = h;
      token = s.token;
    }
    return best;
  };
  const waiting: number[] = [];
  let active = true;
  const applyWaiting = () => {
    if (!active || waiting.length === 0) return;
    const h = current();
    if (h === null) return;
    host.pause(layout.holders[h]!, waiting.shift()!);
  };
  host.onStep = (actor) => {
    if (waiting.length && actor >= 1 && actor <= H) applyWaiting();
  };
  const fault = (f: Fault) => {
    switch (f.kind) {
      case 'pause':
        if (f.node.kind !== 'holder') return; // a member of the backend group: its run has it
        waiting.push(f.durationMs);
        return applyWaiting();
      case 'crash': {
        if (f.node.kind !== 'holder') return;
        const h = current();
        if (h === null) return host.skip('crash holder: no holder holds the lock');
        return host.crash(layout.holders[h]!);
      }
      case 'restart':
        if (f.node) return;
        for (const node of layout.holders) host.restart(node);
        return;
      case 'lose-zone':
        plan.holders.forEach((hp, h) => hp.zone === f.zone && host.crash(layout.holders[h]!));
        return;
      case 'partition':
      case 'heal':
      case 'drop':
        return host.network(f);
      case 'fail-step':
        return host.skip(`fail step ${f.step}: the target is a lock, not a saga`);
    }
  };
  for (const f of faults) if (f.atMs < o.durationMs) host.at(f.atMs, () => fault(f));
  host.at(0, () => host.start(layout.service));
  if (layout.store !== null) host.at(0, () => host.start(layout.store!));
  // Holders boot at random instants within the first renew period (never in lockstep).
  for (const node of layout.holders) host.at(host.rng.between(0, Math.min(plan.renewMs, 1_000)), () => host.start(node));
  host.at(o.durationMs, () => {
    active = false;
    const left = waiting.length;
    waiting.length = 0;
    host.record({ t: host.now, kind: 'settle', what: left ? `no more faults (${plural(left, '`pause holder`')} still waiting for a holder dropped); holders go on` : 'no more faults; holders go on' });
  });
  const run = host.run(o.durationMs + o.settleMs);

  const holderName = (h: number) => plan.holders[h]?.name ?? `holder ${h}`;
  const verdict = plan.store ? checkMutualExclusion(run.history, { holderName, store: plan.store.name, fencing: plan.fencing }) : null;
  const metrics: LockMetrics = {
    grants: verdict?.grants ?? run.history.filter((r) => r.kind === 'lock-grant').length,
    acceptedWrites: verdict?.accepted ?? 0,
    rejectedWrites: verdict?.rejected ?? 0,
    writesOutsideLease: verdict?.violations ?? 0,
    unavailableMs: timeline ? Math.round(unavailableMs(timeline, run.endMs) * 1000) / 1000 : 0,
  };
  if (verdict?.tokens) metrics.tokens = verdict.tokens;
  let trace: string[] = [];
  if (o.trace) {
    const name = (node: number) => nodes[node]?.name ?? `node ${node}`;
    const store = plan.store?.name ?? 'store';
    // A holder's ordinary write is the message line already (`worker#0 → db write #3 token 1`).
    const shown = run.history.filter((r) => r.kind !== 'holder-write' || (r as LockRecord & { kind: 'holder-write' }).late);
    const lines = shown.map((r): Line => (isHostRecord(r) ? hostLine(r as HostRecord, name) : lockLine(r as LockRecord, holderName, store)));
    trace = [...pickLines(lines, o.traceOptions ?? (verdict?.atMs !== undefined ? { focusMs: verdict.atMs } : {})), ...traceCutLines(run.traceCutAtMs)];
  }
  return { verdict, engine: run.engine, endMs: run.endMs, metrics, summary: describeLock(plan, o.backend?.name), trace, history: run.history, nodes };
}

/** Lock metrics summed over seeds (the first seed's tokens), or undefined when no seed ran the lock model. */
export function totalLocks(seeds: readonly { lock?: LockMetrics }[]): LockMetrics | undefined {
  let t: LockMetrics | undefined;
  for (const s of seeds) {
    const m = s.lock;
    if (!m) continue;
    t ??= { grants: 0, acceptedWrites: 0, rejectedWrites: 0, writesOutsideLease: 0, unavailableMs: 0 };
    t.grants += m.grants;
    t.acceptedWrites += m.acceptedWrites;
    t.rejectedWrites += m.rejectedWrites;
    t.writesOutsideLease += m.writesOutsideLease;
    t.unavailableMs += m.unavailableMs;
    if (m.tokens && !t.tokens) t.tokens = m.tokens;
  }
  return t;
}
