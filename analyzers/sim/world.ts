import type { Fault, NodeSelector } from '../../language/model/types';
import { Engine, type CancelToken, type EngineResult, type Limits } from './engine';
import type { Record } from './history';
import { Network, type Topology } from './network';
import type { Input, Protocol, Reply } from './protocols/types';
import { Rng } from './rng';

/*
 * One run: the engine's events, the network, the nodes running a protocol, the client that writes at `load` per
 * second, and the faults of the scenario, all recording what an observer could see into the history (history.ts).
 *
 * Node life cycle (SPEC §4): a crashed node handles nothing, its timers are void and every message it had sent
 * that has not arrived yet is dropped (each message carries its sender's incarnation, bumped on every crash). A
 * paused node handles nothing either, but keeps what arrives and what falls due: at resume it handles that queue in
 * order — messages in arrival order, timers at the point they fell due — as a process stopped by a GC pause would.
 *
 * The client (docs/spec-changes.md, "Simulator (issue 10)"): each write goes to a node drawn uniformly among the
 * members that have not crashed — a load balancer in front of the group, whatever the partition. A node that is not
 * the leader answers with the leader it knows; the client follows that hint, or tries again after a heartbeat when
 * there is none, and sends the write again to a random node when no answer came within the client timeout; after a
 * bounded number of sends it gives up on that write. A write counts as acknowledged when the answer reaches it.
 */

export interface WorldConfig<S, M> {
  protocol: Protocol<S, M>;
  topology: Topology;
  /** Members that crash with each zone (language/model/semantics.ts's placement rules). */
  crashedByZoneLoss: (zone: string) => number[];
  faults: readonly Fault[];
  durationMs: number;
  settleMs: number;
  /** Client writes per second (0: none). */
  load: number;
  heartbeatMs: number;
  clientTimeoutMs: number;
  clientAttempts: number;
  seed: number;
  limits: Limits;
  now?: () => number;
  cancel?: CancelToken;
  /** Record every message too (for a counterexample's trace); the checkers never need them. */
  trace: boolean;
}

export interface WorldResult {
  history: Record[];
  engine: EngineResult;
  /** Virtual time the run covered: the end of its settle phase, or where a limit stopped it. */
  endMs: number;
  /** Client writes issued. */
  writes: number;
}

type Ev<M> =
  | { k: 'msg'; from: number; to: number; inc: number; msg: M }
  | { k: 'timer'; node: number; name: string; gen: number; inc: number }
  | { k: 'fault'; fault: Fault }
  | { k: 'resume'; node: number; gen: number }
  | { k: 'produce' }
  | { k: 'deliver-write'; node: number; id: number }
  | { k: 'reply'; node: number; inc: number; reply: Reply; attempt: number }
  | { k: 'client-retry'; id: number; attempt: number }
  | { k: 'boot'; node: number }
  | { k: 'settle' };

type Queued<M> = { input: Input<M> } | { timer: string; gen: number };

interface Node<S, M> {
  state: S;
  crashed: boolean;
  paused: boolean;
  pauseUntil: number;
  pauseGen: number;
  /** Bumped on every crash: voids the node's timers and its messages still on the wire. */
  inc: number;
  timers: Map<string, number>;
  queue: Queued<M>[];
  /** What the node last showed: leader or not, and its term. */
  leader: boolean;
  term: number;
}

/** Messages a paused node keeps at most (a socket buffer); later ones are lost. */
const MAX_QUEUE = 100_000;

export class World<S, M> {
  private readonly engine: Engine<Ev<M>>;
  private readonly rng: Rng;
  private readonly net: Network;
  private readonly nodes: Node<S, M>[] = [];
  private readonly history: Record[] = [];
  private readonly writes = new Map<number, { attempt: number; done: boolean }>();
  private lastWrite = 0;
  private clientActive = true;
  private timerGen = 0;
  private lastCrashedLeader: number | null = null;
  /** A node that crashes before its boot comes up through `restart` instead. */
  private readonly booted: boolean[] = [];

  constructor(private readonly c: WorldConfig<S, M>) {
    this.engine = new Engine<Ev<M>>({ limits: c.limits, now: c.now, cancel: c.cancel });
    this.rng = Rng.fromSeed(c.seed);
    this.net = new Network(c.topology);
    const n = c.topology.n;
    for (let i = 0; i < n; i++) {
      this.nodes.push({ state: c.protocol.init(i, n), crashed: false, paused: false, pauseUntil: 0, pauseGen: 0, inc: 0, timers: new Map(), queue: [], leader: false, term: 0 });
    }
  }

  run(): WorldResult {
    const c = this.c;
    for (let i = 0; i < this.nodes.length; i++) this.refresh(i);
    // Members boot at random instants within the first heartbeat: processes never start in the same microsecond, and
    // with a fixed election timeout a lockstep start would split every vote forever.
    for (let i = 0; i < this.nodes.length; i++) this.engine.schedule(this.rng.between(0, c.heartbeatMs), { k: 'boot', node: i });
    for (const fault of c.faults) if (fault.atMs < c.durationMs) this.engine.schedule(fault.atMs, { k: 'fault', fault });
    if (c.load > 0) this.engine.schedule(this.nextWriteGap(), { k: 'produce' });
    this.engine.schedule(c.durationMs, { k: 'settle' });
    const end = c.durationMs + c.settleMs;
    const result = this.engine.run(end, (ev) => this.handle(ev));
    const endMs = result.stoppedBy === 'done' ? end : this.engine.now;
    this.nodes.forEach((node, i) => this.history.push({ t: endMs, kind: 'log', node: i, ids: c.protocol.logIds(node.state) }));
    return { history: this.history, engine: result, endMs, writes: this.lastWrite };
  }

  private get now(): number {
    return this.engine.now;
  }

  private record(r: Record): void {
    this.history.push(r);
  }

  private handle(ev: Ev<M>): void {
    switch (ev.k) {
      case 'msg': {
        const to = this.nodes[ev.to]!;
        if (this.nodes[ev.from]!.inc !== ev.inc) return this.discard(ev, 'sender crashed');
        if (to.crashed) return this.discard(ev, 'receiver down');
        return this.input(ev.to, { kind: 'message', from: ev.from, msg: ev.msg });
      }
      case 'timer': {
        const node = this.nodes[ev.node]!;
        if (node.inc !== ev.inc || node.timers.get(ev.name) !== ev.gen) return;
        if (node.paused) {
          node.queue.push({ timer: ev.name, gen: ev.gen });
          return;
        }
        node.timers.delete(ev.name);
        return this.step(ev.node, { kind: 'timer', name: ev.name });
      }
      case 'fault':
        return this.fault(ev.fault);
      case 'resume':
        return this.resume(ev.node, ev.gen);
      case 'produce':
        return this.produce();
      case 'deliver-write':
        if (this.nodes[ev.node]!.crashed) return;
        return this.input(ev.node, { kind: 'client-write', id: ev.id });
      case 'reply':
        return this.reply(ev);
      case 'client-retry': {
        const w = this.writes.get(ev.id);
        if (w && !w.done && w.attempt === ev.attempt) this.attempt(ev.id, null);
        return;
      }
      case 'boot':
        if (this.nodes[ev.node]!.crashed || this.booted[ev.node]) return;
        this.booted[ev.node] = true;
        return this.input(ev.node, { kind: 'start' });
      case 'settle':
        this.clientActive = false;
        this.record({ t: this.now, kind: 'settle' });
        return;
    }
  }

  private discard(ev: { from: number; to: number; msg: M }, why: 'receiver down' | 'sender crashed'): void {
    if (this.c.trace) this.record({ t: this.now, kind: 'discard', from: ev.from, to: ev.to, what: this.c.protocol.describe(ev.msg), why });
  }

  // ---- nodes

  private input(i: number, input: Input<M>): void {
    const node = this.nodes[i]!;
    if (!node.paused) return this.step(i, input);
    if (node.queue.length < MAX_QUEUE) node.queue.push({ input });
  }

  private step(i: number, input: Input<M>): void {
    const node = this.nodes[i]!;
    const c = this.c;
    if (input.kind === 'client-write') this.record({ t: this.now, kind: 'write', node: i, id: input.id });
    const out = c.protocol.step(node.state, input, { now: this.now, self: i, n: this.nodes.length, random: this.rng.float() });
    node.state = out.state;
    this.refresh(i);
    for (const op of out.timers) {
      if ('cancel' in op) {
        node.timers.delete(op.name);
        continue;
      }
      const gen = ++this.timerGen;
      node.timers.set(op.name, gen);
      this.engine.after(op.afterMs, { k: 'timer', node: i, name: op.name, gen, inc: node.inc });
    }
    for (const { to, msg } of out.messages) {
      if (to === i || to < 0 || to >= this.nodes.length) continue;
      const fate = this.net.send(i, to, this.rng);
      if (c.trace) {
        const r: Record = fate.delivered ? { t: this.now, kind: 'send', from: i, to, what: c.protocol.describe(msg) } : { t: this.now, kind: 'send', from: i, to, what: c.protocol.describe(msg), lost: fate.reason };
        this.record(r);
      }
      if (fate.delivered) this.engine.after(fate.delayMs, { k: 'msg', from: i, to, inc: node.inc, msg });
    }
    for (const reply of out.replies) {
      const w = this.writes.get(reply.id);
      if (reply.kind === 'ack') this.record({ t: this.now, kind: 'ack', node: i, id: reply.id });
      else if (c.trace) this.record({ t: this.now, kind: 'redirect', node: i, id: reply.id, leader: reply.leader });
      this.engine.after(this.net.clientDelay(this.rng), { k: 'reply', node: i, inc: node.inc, reply, attempt: w?.attempt ?? 0 });
    }
  }

  /** Record a change in what node i shows: it became leader (or leader of a new term), or stopped leading. */
  private refresh(i: number): void {
    const node = this.nodes[i]!;
    const o = this.c.protocol.observe(node.state);
    if (node.leader && (!o.leader || o.term !== node.term)) this.record({ t: this.now, kind: 'step-down', node: i, term: node.term });
    if (o.leader && (!node.leader || o.term !== node.term)) this.record({ t: this.now, kind: 'leader', node: i, term: o.term });
    node.leader = o.leader;
    node.term = o.term;
  }

  private crash(i: number): void {
    const node = this.nodes[i]!;
    if (node.crashed) return;
    if (node.leader) this.lastCrashedLeader = i;
    node.crashed = true;
    node.paused = false;
    node.inc++;
    node.timers.clear();
    node.queue = [];
    node.leader = false;
    this.record({ t: this.now, kind: 'crash', node: i });
  }

  private restart(i: number): void {
    const node = this.nodes[i]!;
    if (!node.crashed) return;
    node.crashed = false;
    this.booted[i] = true;
    node.state = this.c.protocol.recover(node.state, i, this.nodes.length);
    this.record({ t: this.now, kind: 'restart', node: i });
    this.refresh(i);
    this.step(i, { kind: 'start' });
  }

  private pause(i: number, durationMs: number): void {
    const node = this.nodes[i]!;
    const until = this.now + Math.max(0, durationMs);
    if (node.paused && node.pauseUntil >= until) return;
    node.paused = true;
    node.pauseUntil = until;
    node.pauseGen++;
    this.record({ t: this.now, kind: 'pause', node: i, untilMs: until });
    this.engine.schedule(until, { k: 'resume', node: i, gen: node.pauseGen });
  }

  private resume(i: number, gen: number): void {
    const node = this.nodes[i]!;
    if (node.crashed || !node.paused || node.pauseGen !== gen) return;
    node.paused = false;
    this.record({ t: this.now, kind: 'resume', node: i });
    const queue = node.queue;
    node.queue = [];
    for (const q of queue) {
      if (node.crashed) break;
      if ('input' in q) this.step(i, q.input);
      else if (node.timers.get(q.timer) === q.gen) {
        node.timers.delete(q.timer);
        this.step(i, { kind: 'timer', name: q.timer });
      }
    }
  }

  // ---- faults

  /** The node a selector names now: for `leader`, the live node leading in the highest term (lowest index on a tie). */
  private select(sel: NodeSelector): number | null {
    if (sel.kind === 'index') return sel.index >= 0 && sel.index < this.nodes.length ? sel.index : null;
    if (sel.kind === 'holder') return null;
    let best: number | null = null;
    this.nodes.forEach((node, i) => {
      if (!node.crashed && node.leader && (best === null || node.term > this.nodes[best]!.term)) best = i;
    });
    return best;
  }

  private skip(what: string): void {
    this.record({ t: this.now, kind: 'fault-skipped', what });
  }

  private fault(f: Fault): void {
    switch (f.kind) {
      case 'crash': {
        const i = this.select(f.node);
        if (i === null) return this.skip(f.node.kind === 'holder' ? 'crash holder: locks are not simulated' : 'crash leader: no leader to crash');
        return this.crash(i);
      }
      case 'lose-zone':
        for (const i of this.c.crashedByZoneLoss(f.zone)) this.crash(i);
        return;
      case 'restart': {
        if (!f.node) {
          this.nodes.forEach((_, i) => this.restart(i));
          return;
        }
        const i = f.node.kind === 'leader' ? this.lastCrashedLeader : this.select(f.node);
        if (i === null || !this.nodes[i]!.crashed) return this.skip(`restart ${f.node.kind === 'index' ? f.node.index : f.node.kind}: not crashed`);
        return this.restart(i);
      }
      case 'partition':
        this.net.sides = f.sides;
        return this.record({ t: this.now, kind: 'partition', sides: f.sides });
      case 'heal':
        this.net.sides = null;
        return this.record({ t: this.now, kind: 'heal' });
      case 'pause': {
        const i = this.select(f.node);
        if (i === null || this.nodes[i]!.crashed) return this.skip(f.node.kind === 'holder' ? 'pause holder: locks are not simulated' : `pause ${f.node.kind === 'index' ? f.node.index : 'leader'}: no live node to pause`);
        return this.pause(i, f.durationMs);
      }
      case 'drop':
        this.net.dropPercent = f.percent;
        return this.record({ t: this.now, kind: 'drop', percent: f.percent });
      case 'fail-step':
        return this.skip(`fail step ${f.step}: sagas are not simulated`);
    }
  }

  // ---- the client

  private nextWriteGap(): number {
    // Mean 1000/load ms, spread ±50% so writes do not fall in lockstep with heartbeats.
    return (1000 / this.c.load) * (0.5 + this.rng.float());
  }

  private produce(): void {
    if (!this.clientActive) return;
    const id = ++this.lastWrite;
    this.writes.set(id, { attempt: 0, done: false });
    this.attempt(id, null);
    this.engine.after(this.nextWriteGap(), { k: 'produce' });
  }

  /** Send write `id` to `target`, or to a random node that has not crashed. */
  private attempt(id: number, target: number | null): void {
    const w = this.writes.get(id);
    if (!w || w.done || w.attempt >= this.c.clientAttempts) return;
    w.attempt++;
    let node = target;
    if (node === null) {
      const live: number[] = [];
      this.nodes.forEach((n, i) => n.crashed || live.push(i));
      if (live.length) node = live[this.rng.int(0, live.length - 1)]!;
    }
    if (node !== null) this.engine.after(this.net.clientDelay(this.rng), { k: 'deliver-write', node, id });
    this.engine.after(this.c.clientTimeoutMs, { k: 'client-retry', id, attempt: w.attempt });
  }

  private reply(ev: Extract<Ev<M>, { k: 'reply' }>): void {
    if (this.nodes[ev.node]!.inc !== ev.inc) return; // the node crashed before its answer left
    const w = this.writes.get(ev.reply.id);
    if (!w || w.done) return;
    if (ev.reply.kind === 'ack') {
      w.done = true;
      this.record({ t: this.now, kind: 'acked', node: ev.node, id: ev.reply.id });
      return;
    }
    if (w.attempt !== ev.attempt) return; // an answer to an earlier send; a later one is under way
    const leader = ev.reply.leader;
    if (leader !== null && leader !== ev.node) this.attempt(ev.reply.id, leader);
    else this.engine.after(this.c.heartbeatMs, { k: 'client-retry', id: ev.reply.id, attempt: w.attempt });
  }
}
