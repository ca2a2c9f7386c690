import type { Network as NetworkSpec } from '../../../language/model/types';
import { Engine, type CancelToken, type EngineResult, type Limits } from '../engine';
import type { Record } from '../history';
import { crashLife, pauseLife, resumeLife, type Life } from '../lifecycle';
import { applyNetworkChange, drawLatency, latencyRange, sideOf, UNZONED, type NetworkChange, type NetworkSettings } from '../network';
import { Rng } from '../rng';
import { TraceBudget } from '../trace-budget';

/*
 * The host of the lock and saga models (analyzers/sim/locks, analyzers/sim/sagas): one engine, one PRNG, and a set
 * of *actors* — pure handlers with plain-data state (a lock holder, the lock service, the protected store, a saga's
 * coordinator, a participant's ledger) — reached through *nodes*, the processes that have a place in the topology
 * and can crash or pause. It keeps the contract of world.ts (which hosts one replicated group) for a system of
 * several kinds of parts:
 *
 * - an actor's step is `step(state, input, ctx) → { state, send, timers, records }`; it reads no clock, draws no
 *   random number and never mutates its input. Every random choice — latencies, losses, which live replica of a
 *   service a request goes to — is the host's, drawn from the one stream in event order;
 * - an actor with a `home` node runs in that process: the node's crash stops it (timers void, `recover` at
 *   restart), its pause queues what arrives and what falls due, handled in order at resume after a `resumed`
 *   input. An actor without one is logical (a service's database, a saga log): it never stops; it talks through
 *   the nodes it names as `from`, and a message addressed to it arrives only if the node it was sent to is up;
 * - messages between nodes: latency from the `network` ranges (zones of both ends), loss (`network` loss + `drop`)
 *   and partitions decided at send time, as in network.ts. A node `anywhere` (a client, an external endpoint) is
 *   never partitioned off and is reached over the cross-zone latency; a `lossless` one loses nothing either;
 * - a crash drops what the node still had on the wire; a message to a crashed (or, `placeAt` returning null,
 *   unavailable) node is discarded.
 *
 * Records: the host's own (crash, pause, partition, a message when tracing…) and the actors' (a grant, a write
 * accepted, a saga step applied…), in the order they happen: the history the checkers read.
 */

export interface Place {
  zone: string;
  region?: string;
}

export interface NodeSpec {
  /** For the trace: `replenisher#1`, `lock service`, `payments#0`. */
  name: string;
  zone: string;
  region?: string;
  /** Not cut off by partitions (a client, an external endpoint); reached over the cross-zone latency. */
  anywhere?: boolean;
  /** Loses no message either (a client: SPEC §4's clients reach every node). */
  lossless?: boolean;
  /** Where the node is at an instant, or null when it is unavailable then (the lock service follows its backend's leader). */
  placeAt?: (nowMs: number) => Place | null;
}

export type ActorInput<M, C> =
  /** The actor's home node boots, or restarts after a crash (its state is then `recover`'s). */
  | { readonly kind: 'start' }
  /** `from`: the sending node; `via`: the node it arrived at (one of the actor's replicas, or its home). */
  | { readonly kind: 'message'; readonly from: number; readonly via: number; readonly msg: M }
  | { readonly kind: 'timer'; readonly name: string }
  /** The home node resumes from a pause that began at `pausedAtMs` (handled before what queued meanwhile). */
  | { readonly kind: 'resumed'; readonly pausedAtMs: number }
  /** From the runner: a fault it translates for this actor (`fail step`), or a request from outside (a new saga). */
  | { readonly kind: 'control'; readonly what: C };

export interface ActorCtx {
  readonly now: number;
  /** Whether each node has not crashed (a paused node is up: nobody outside can tell). */
  readonly up: readonly boolean[];
}

export interface Outgoing<M> {
  /** The sending node (an actor's home, or one of the replicas a logical actor speaks through). */
  readonly from: number;
  /** A node, or replicas to choose from: the host draws one among those up (a load balancer). */
  readonly to: number | readonly number[];
  /** The actor the message is for, reached through that node. */
  readonly actor: number;
  readonly msg: M;
}

export type ActorTimerOp = { readonly name: string; readonly afterMs: number } | { readonly name: string; readonly cancel: true };

export interface ActorOutput<S, M, R> {
  state: S;
  send: Outgoing<M>[];
  timers: ActorTimerOp[];
  /** What an observer sees happen, stamped `t: ctx.now`. */
  records: R[];
}

export interface Actor<S, M, R, C> {
  readonly name: string;
  /** The node this actor runs in; undefined for a logical actor that never stops. */
  readonly home?: number;
  init(): S;
  step(state: S, input: ActorInput<M, C>, ctx: ActorCtx): ActorOutput<S, M, R>;
  /** What survives the home node's crash (default: nothing — `init()`). */
  recover?(state: S): S;
}

/** An output with only a new state. */
export function idle<S, M, R>(state: S): ActorOutput<S, M, R> {
  return { state, send: [], timers: [], records: [] };
}

export type HostRecord =
  /** The life cycle and the network faults, as world.ts records them (history.ts). */
  | Extract<Record, { kind: 'crash' | 'restart' | 'pause' | 'resume' | 'partition' | 'heal' | 'drop' | 'fault-skipped' }>
  | { readonly t: number; readonly kind: 'settle'; readonly what: string }
  // Only when tracing.
  /** `arriveMs`: when the network delivers it (for the timeline's arrows); a lost message has `lost` instead. */
  | { readonly t: number; readonly kind: 'send'; readonly from: number; readonly to: number; readonly what: string; readonly lost?: 'partition' | 'loss' | 'no replica up'; readonly arriveMs?: number }
  | { readonly t: number; readonly kind: 'discard'; readonly from: number; readonly to: number; readonly what: string; readonly why: 'receiver down' | 'sender crashed' | 'receiver unavailable' };

export interface HostConfig<M> {
  nodes: readonly NodeSpec[];
  latency: Readonly<NetworkSpec>;
  seed: number;
  /**
   * Which of the seed's streams to draw from (default 0, the seed's own, as world.ts draws). A lock scenario runs its
   * backend group first, from stream 0, then the lock model from stream 1, so the two draw different numbers.
   */
  stream?: number;
  limits: Limits;
  now?: () => number;
  cancel?: CancelToken;
  /** Record every message (for a trace); the checkers never need them. */
  trace: boolean;
  describe: (msg: M) => string;
}

type Ev<M> =
  | { k: 'msg'; from: number; to: number; inc: number; actor: number; msg: M }
  | { k: 'timer'; actor: number; name: string; gen: number; inc: number }
  | { k: 'resume'; node: number; gen: number }
  | { k: 'call'; fn: () => void };

type Queued<M, C> = { actor: number; input: ActorInput<M, C> } | { actor: number; timer: string; gen: number };

/** `inc` (lifecycle.ts), bumped on every crash, voids the node's timers and its messages still on the wire. */
interface NodeState<M, C> extends Life<Queued<M, C>> {
  /** When the current pause began (a longer pause on top of it keeps it). */
  pausedAt: number;
}

/** The seed's stream k: its state's four words mixed with k (stream 0 is the seed's own, as world.ts draws). */
export function streamOf(seed: number, k: number): Rng {
  const base = Rng.fromSeed(seed);
  if (k === 0) return base;
  const state = base.state().map((x, i) => (x ^ Math.imul(k, 0x9e3779b9 + 0x632be5ab * i)) | 0);
  if (!state.some((x) => x !== 0)) state[0] = 1;
  return Rng.fromState(state);
}

/** Messages a paused node keeps at most; later ones are lost. */
const MAX_QUEUE = 100_000;

export class Host<M, R, C> {
  private readonly engine: Engine<Ev<M>>;
  readonly rng: Rng;
  private readonly nodes: NodeState<M, C>[];
  private readonly actors: Actor<unknown, M, R, C>[] = [];
  private readonly states: unknown[] = [];
  private readonly timers: Map<string, number>[] = [];
  private readonly history: (HostRecord | R)[] = [];
  private timerGen = 0;
  private readonly net: NetworkSettings = { sides: null, dropPercent: 0 };
  /** Called after every actor step (the runner waits for a lock holder there). */
  onStep?: (actor: number) => void;

  /** Which messages are kept when tracing (../trace-budget.ts: at most SIM_DEFAULTS.maxTraceRecords). */
  private readonly traced = new TraceBudget(undefined);

  constructor(private readonly c: HostConfig<M>) {
    this.engine = new Engine<Ev<M>>({ limits: c.limits, now: c.now, cancel: c.cancel });
    this.rng = streamOf(c.seed, c.stream ?? 0);
    this.nodes = c.nodes.map(() => ({ crashed: false, paused: false, pauseUntil: 0, pausedAt: 0, pauseGen: 0, inc: 0, queue: [] }));
  }

  /** Adds an actor (before or during the run: it exists from then on); returns its index. */
  add<S>(actor: Actor<S, M, R, C>): number {
    this.actors.push(actor as Actor<unknown, M, R, C>);
    this.states.push(actor.init());
    this.timers.push(new Map());
    return this.actors.length - 1;
  }

  get now(): number {
    return this.engine.now;
  }

  /** Actors added so far (the next one's index). Actors may be added while the run is under way. */
  get actorCount(): number {
    return this.actors.length;
  }

  /** An actor's state, for the runner's fault selectors (`pause holder`); the checkers never read it. */
  state(actor: number): unknown {
    return this.states[actor];
  }

  nodeName(i: number): string {
    return this.c.nodes[i]?.name ?? `node ${i}`;
  }

  isCrashed(node: number): boolean {
    return this.nodes[node]!.crashed;
  }

  isPaused(node: number): boolean {
    return this.nodes[node]!.paused;
  }

  record(r: HostRecord | R): void {
    this.history.push(r);
  }

  skip(what: string): void {
    this.record({ t: this.now, kind: 'fault-skipped', what });
  }

  /** Runs `fn` at `atMs` (a fault, a new saga, the end of the scenario), in scheduling order with other events. */
  at(atMs: number, fn: () => void): void {
    this.engine.schedule(atMs, { k: 'call', fn });
  }

  after(delayMs: number, fn: () => void): void {
    this.engine.after(delayMs, { k: 'call', fn });
  }

  /** Hands `what` to an actor now (through its home node's queue if paused; dropped if it crashed). */
  control(actor: number, what: C): void {
    this.deliver(actor, { kind: 'control', what });
  }

  /** Boots an actor's home node (or a logical actor) with a `start` input. */
  start(actor: number): void {
    this.deliver(actor, { kind: 'start' });
  }

  run(untilMs: number): { history: (HostRecord | R)[]; engine: EngineResult; endMs: number; traceCutAtMs?: number } {
    const result = this.engine.run(untilMs, (ev) => this.handle(ev));
    const cut = this.traced.cutAtMs;
    return { history: this.history, engine: result, endMs: result.stoppedBy === 'done' ? untilMs : this.engine.now, ...(cut !== undefined ? { traceCutAtMs: cut } : {}) };
  }

  // ---- faults

  crash(i: number): void {
    const node = this.nodes[i]!;
    if (!crashLife(node)) return;
    this.actors.forEach((a, k) => {
      if (a.home === i) this.timers[k]!.clear();
    });
    this.record({ t: this.now, kind: 'crash', node: i });
  }

  restart(i: number): void {
    const node = this.nodes[i]!;
    if (!node.crashed) return;
    node.crashed = false;
    this.record({ t: this.now, kind: 'restart', node: i });
    this.actors.forEach((a, k) => {
      if (a.home !== i) return;
      this.states[k] = a.recover ? a.recover(this.states[k]) : a.init();
      this.step(k, { kind: 'start' });
    });
  }

  pause(i: number, durationMs: number): void {
    const node = this.nodes[i]!;
    if (node.crashed) return;
    const wasPaused = node.paused;
    const until = pauseLife(node, this.now, durationMs);
    if (until === null) return;
    if (!wasPaused) node.pausedAt = this.now;
    this.record({ t: this.now, kind: 'pause', node: i, untilMs: until });
    this.engine.schedule(until, { k: 'resume', node: i, gen: node.pauseGen });
  }

  /** A `partition`, `heal` or `drop` fault: between the nodes that are not `anywhere` / `lossless`. */
  network(change: NetworkChange): void {
    this.record(applyNetworkChange(this.net, change, this.now));
  }

  // ---- events

  private handle(ev: Ev<M>): void {
    switch (ev.k) {
      case 'msg': {
        if (this.nodes[ev.from]!.inc !== ev.inc) return this.discard(ev, 'sender crashed');
        if (this.nodes[ev.to]!.crashed) return this.discard(ev, 'receiver down');
        if (this.placeOf(ev.to) === null) return this.discard(ev, 'receiver unavailable');
        return this.atNode(ev.to, ev.actor, { kind: 'message', from: ev.from, via: ev.to, msg: ev.msg });
      }
      case 'timer': {
        if (this.timers[ev.actor]!.get(ev.name) !== ev.gen) return;
        const home = this.actors[ev.actor]!.home;
        if (home !== undefined) {
          const node = this.nodes[home]!;
          if (node.inc !== ev.inc || node.crashed) return;
          if (node.paused) {
            node.queue.push({ actor: ev.actor, timer: ev.name, gen: ev.gen });
            return;
          }
        }
        this.timers[ev.actor]!.delete(ev.name);
        return this.step(ev.actor, { kind: 'timer', name: ev.name });
      }
      case 'resume':
        return this.resume(ev.node, ev.gen);
      case 'call':
        return ev.fn();
    }
  }

  private discard(ev: { from: number; to: number; msg: M }, why: 'receiver down' | 'sender crashed' | 'receiver unavailable'): void {
    if (this.c.trace && this.traced.keep(this.now)) this.record({ t: this.now, kind: 'discard', from: ev.from, to: ev.to, what: this.c.describe(ev.msg), why });
  }

  /** An input for `actor` arriving at `node`: handled now, or queued while the node is paused. */
  private atNode(node: number, actor: number, input: ActorInput<M, C>): void {
    const n = this.nodes[node]!;
    if (n.paused) {
      if (n.queue.length < MAX_QUEUE) n.queue.push({ actor, input });
      return;
    }
    this.step(actor, input);
  }

  private deliver(actor: number, input: ActorInput<M, C>): void {
    const home = this.actors[actor]!.home;
    if (home === undefined) return this.step(actor, input);
    if (this.nodes[home]!.crashed) return;
    this.atNode(home, actor, input);
  }

  private resume(i: number, gen: number): void {
    const node = this.nodes[i]!;
    if (!resumeLife(node, gen)) return;
    this.record({ t: this.now, kind: 'resume', node: i });
    this.actors.forEach((a, k) => {
      if (a.home === i && !node.crashed) this.step(k, { kind: 'resumed', pausedAtMs: node.pausedAt });
    });
    const queue = node.queue;
    node.queue = [];
    for (const q of queue) {
      if (node.crashed) break;
      if ('input' in q) this.step(q.actor, q.input);
      else if (this.timers[q.actor]!.get(q.timer) === q.gen) {
        this.timers[q.actor]!.delete(q.timer);
        this.step(q.actor, { kind: 'timer', name: q.timer });
      }
    }
  }

  private up(): boolean[] {
    return this.nodes.map((n) => !n.crashed);
  }

  private step(k: number, input: ActorInput<M, C>): void {
    const actor = this.actors[k]!;
    const out = actor.step(this.states[k], input, { now: this.now, up: this.up() });
    this.states[k] = out.state;
    for (const r of out.records) this.history.push(r);
    const home = actor.home;
    for (const op of out.timers) {
      if ('cancel' in op) {
        this.timers[k]!.delete(op.name);
        continue;
      }
      const gen = ++this.timerGen;
      this.timers[k]!.set(op.name, gen);
      this.engine.after(op.afterMs, { k: 'timer', actor: k, name: op.name, gen, inc: home === undefined ? 0 : this.nodes[home]!.inc });
    }
    for (const o of out.send) this.send(o);
    this.onStep?.(k);
  }

  private placeOf(i: number): Place | null {
    const spec = this.c.nodes[i]!;
    return spec.placeAt ? spec.placeAt(this.now) : spec;
  }

  private send(o: Outgoing<M>): void {
    const from = this.nodes[o.from];
    if (!from || from.crashed) return;
    let to: number;
    if (typeof o.to === 'number') to = o.to;
    else {
      const live = o.to.filter((i) => !this.nodes[i]!.crashed);
      if (live.length === 0) {
        if (this.c.trace && this.traced.keep(this.now)) this.record({ t: this.now, kind: 'send', from: o.from, to: o.to[0] ?? o.from, what: this.c.describe(o.msg), lost: 'no replica up' });
        return;
      }
      to = live[this.rng.int(0, live.length - 1)]!;
    }
    const fate = this.fate(o.from, to);
    if (this.c.trace && this.traced.keep(this.now)) {
      const r: HostRecord = fate.lost ? { t: this.now, kind: 'send', from: o.from, to, what: this.c.describe(o.msg), lost: fate.lost } : { t: this.now, kind: 'send', from: o.from, to, what: this.c.describe(o.msg), arriveMs: this.now + fate.delayMs };
      this.record(r);
    }
    if (fate.lost === undefined) this.engine.after(fate.delayMs, { k: 'msg', from: o.from, to, inc: from.inc, actor: o.actor, msg: o.msg });
  }

  private fate(a: number, b: number): { lost?: 'partition' | 'loss'; delayMs: number } {
    const sa = this.c.nodes[a]!;
    const sb = this.c.nodes[b]!;
    const pa = this.placeOf(a) ?? sa;
    const pb = this.placeOf(b) ?? sb;
    const anywhere = sa.anywhere === true || sb.anywhere === true;
    const sides = this.net.sides;
    if (!anywhere && sides && a !== b && sideOf(pa.zone, sides) !== sideOf(pb.zone, sides)) return { lost: 'partition', delayMs: 0 };
    if (sa.lossless !== true && sb.lossless !== true && a !== b) {
      const p = Math.min(100, Math.max(0, this.c.latency.lossPercent + this.net.dropPercent)) / 100;
      if (this.rng.chance(p)) return { lost: 'loss', delayMs: 0 };
    }
    const range = anywhere
      ? this.c.latency.crossZone
      : latencyRange({ n: 2, zone: [pa.zone, pb.zone], region: [pa.region, pb.region], latency: this.c.latency }, 0, 1);
    return { delayMs: drawLatency(range, this.rng) };
  }
}

export { UNZONED };
