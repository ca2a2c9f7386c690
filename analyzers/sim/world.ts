import type { Fault, NodeSelector } from '../../language/model/types';
import { Engine, type CancelToken, type EngineResult, type Limits } from './engine';
import type { Record } from './history';
import { crashLife, pauseLife, resumeLife, type Life } from './lifecycle';
import { applyNetworkChange, LOST_PARTITION, Network, type Topology } from './network';
import type { Input, Protocol, Reply } from './protocols/types';
import { Rng } from './rng';
import { TraceBudget, type TraceWindow } from './trace-budget';

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
  /** With `trace`: keep the messages of this window only (trace-budget.ts); the rest would never be printed. */
  traceWindow?: TraceWindow;
}

export interface WorldResult {
  history: Record[];
  engine: EngineResult;
  /** Virtual time the run covered: the end of its settle phase, or where a limit stopped it. */
  endMs: number;
  /** Client writes issued. */
  writes: number;
  /** Set when the trace's messages stopped at SIM_DEFAULTS.maxTraceRecords: the instant of the first one left out. */
  traceCutAtMs?: number;
}

/*
 * Events are objects of one class (`Ev`, a kind and three numbers plus one payload) so that the handler's property
 * reads stay monomorphic; the kinds:
 *   MSG a=from b=to c=sender's incarnation x=message      TIMER a=node b=timer slot c=token
 *   FAULT x=fault                                           RESUME a=node b=pause generation
 *   PRODUCE (the client's next write)                      DELIVER a=node b=write id
 *   REPLY a=node b=incarnation c=client attempt x=reply     RETRY a=write id b=attempt
 *   TIMEOUTS (the client's timeout queue)                   BOOT a=node      SETTLE
 * (Slots of parallel typed arrays with a free list instead, tried, were no faster.)
 */
const MSG = 0;
const TIMER = 1;
const FAULT = 2;
const RESUME = 3;
const PRODUCE = 4;
const DELIVER = 5;
const REPLY = 6;
const RETRY = 7;
const TIMEOUTS = 8;
const BOOT = 9;
const SETTLE = 10;

class Ev {
  constructor(
    readonly k: number,
    readonly a: number,
    readonly b: number,
    readonly c: number,
    readonly x: unknown,
  ) {}
}

const START: Input<never> = Object.freeze({ kind: 'start' });

type Queued<M> = { readonly input: Input<M> } | { readonly slot: number; readonly gen: number };

/**
 * Timers are lazy: a node keeps, per timer (a slot per name), when it falls due and at most one engine event that
 * will look at it. Setting a timer later than that event (an election timer pushed back by every heartbeat) only
 * moves the due time; the event, when it comes, schedules itself again for the due time. So a timer reset a hundred
 * times before it falls due costs one or two events, not a hundred void ones. It fires at exactly the instant it
 * was set for. The life-cycle fields are lifecycle.ts's: `inc`, bumped on every crash, voids the messages the node
 * still had on the wire and its answers to clients.
 */
interface Node<S, M> extends Life<Queued<M>> {
  state: S;
  /** Per timer slot: when it falls due (-1: not set). */
  due: number[];
  /** Per timer slot: bumped by every set and cancel (a timer queued during a pause fires only if still current). */
  gen: number[];
  /** Per timer slot: the token of the one event that will look at it (0: none), and that event's time. */
  tok: number[];
  evAt: number[];
  /** What the node last showed: leader or not, and its term. */
  leader: boolean;
  term: number;
}

/** History record codes (World.hKind). */
const OTHER = 0;
const WRITE = 1;
const ACK = 2;
const ACKED = 3;

/** Messages a paused node keeps at most (a socket buffer); later ones are lost. */
const MAX_QUEUE = 100_000;

export class World<S, M> {
  private readonly engine: Engine<Ev>;
  private readonly rng: Rng;
  private readonly net: Network;
  private readonly n: number;
  private readonly nodes: Node<S, M>[] = [];
  /**
   * The history as it is recorded: the three records every client write makes (`write`, `ack`, `acked`) as numbers
   * — kind code, time, node, write id — and any other record as its object (code OTHER, index in `others`). Numbers
   * cost the collector nothing while the run goes on; `history()` builds the records, in order, once at the end.
   */
  private hKind: number[] = [];
  private hT: number[] = [];
  private hNode: number[] = [];
  private hId: number[] = [];
  private readonly others: Record[] = [];
  /** Per client write id (index 0 unused): sends so far, and whether its acknowledgement arrived (1). */
  private readonly wAttempt: number[] = [-1];
  private readonly wDone: number[] = [1];
  /**
   * The client's timeouts, due in the order they were set (all are `clientTimeoutMs` long): write id, attempt, due
   * time, from `toHead` on. One TIMEOUTS event at a time stands for the whole queue.
   */
  private toId: number[] = [];
  private toAttempt: number[] = [];
  private toAt: number[] = [];
  private toHead = 0;
  private timeoutArmed = false;
  private lastWrite = 0;
  private clientActive = true;
  private timerGen = 0;
  private timerTok = 0;
  private readonly slotNames: string[] = [];
  private readonly timerInputs: Input<M>[] = [];
  private lastCrashedLeader: number | null = null;
  /** A node that crashes before its boot comes up through `restart` instead. */
  private readonly booted: boolean[] = [];
  /** Which trace-only records are kept (when tracing). */
  private readonly traced: TraceBudget;

  constructor(private readonly c: WorldConfig<S, M>) {
    this.traced = new TraceBudget(c.traceWindow);
    this.engine = new Engine<Ev>({ limits: c.limits, now: c.now, cancel: c.cancel });
    this.rng = Rng.fromSeed(c.seed);
    this.net = new Network(c.topology);
    const n = (this.n = c.topology.n);
    for (let i = 0; i < n; i++) {
      this.nodes.push({ state: c.protocol.init(i, n), crashed: false, paused: false, pauseUntil: 0, pauseGen: 0, inc: 0, due: [], gen: [], tok: [], evAt: [], queue: [], leader: false, term: 0 });
    }
  }

  run(): WorldResult {
    const c = this.c;
    for (let i = 0; i < this.n; i++) this.refresh(i);
    // Members boot at random instants within the first heartbeat: processes never start in the same microsecond, and
    // with a fixed election timeout a lockstep start would split every vote forever.
    for (let i = 0; i < this.n; i++) this.engine.schedule(this.rng.between(0, c.heartbeatMs), new Ev(BOOT, i, 0, 0, null));
    for (const fault of c.faults) if (fault.atMs < c.durationMs) this.engine.schedule(fault.atMs, new Ev(FAULT, 0, 0, 0, fault));
    if (c.load > 0) this.engine.schedule(this.nextWriteGap(), new Ev(PRODUCE, 0, 0, 0, null));
    this.engine.schedule(c.durationMs, new Ev(SETTLE, 0, 0, 0, null));
    const end = c.durationMs + c.settleMs;
    const result = this.engine.run(end, (ev) => this.handle(ev));
    const endMs = result.stoppedBy === 'done' ? end : this.engine.now;
    this.nodes.forEach((node, i) => this.record({ t: endMs, kind: 'log', node: i, ids: c.protocol.logIds(node.state) }));
    const cut = this.traced.cutAtMs;
    return { history: this.history(), engine: result, endMs, writes: this.lastWrite, ...(cut !== undefined ? { traceCutAtMs: cut } : {}) };
  }

  private get now(): number {
    return this.engine.now;
  }

  private record(r: Record): void {
    this.hKind.push(OTHER);
    this.hT.push(r.t);
    this.hNode.push(this.others.length);
    this.hId.push(0);
    this.others.push(r);
  }

  /** A `write`, `ack` or `acked` record. */
  private recordWrite(kind: number, t: number, node: number, id: number): void {
    this.hKind.push(kind);
    this.hT.push(t);
    this.hNode.push(node);
    this.hId.push(id);
  }

  private history(): Record[] {
    const n = this.hKind.length;
    const out = new Array<Record>(n);
    for (let k = 0; k < n; k++) {
      const kind = this.hKind[k]!;
      if (kind === OTHER) out[k] = this.others[this.hNode[k]!]!;
      else out[k] = { t: this.hT[k]!, kind: kind === WRITE ? 'write' : kind === ACK ? 'ack' : 'acked', node: this.hNode[k]!, id: this.hId[k]! };
    }
    return out;
  }

  private handle(ev: Ev): void {
    switch (ev.k) {
      case MSG: {
        const to = this.nodes[ev.b]!;
        if (this.nodes[ev.a]!.inc !== ev.c) return this.discard(ev, 'sender crashed');
        if (to.crashed) return this.discard(ev, 'receiver down');
        return this.input(ev.b, { kind: 'message', from: ev.a, msg: ev.x as M });
      }
      case TIMER:
        return this.timer(ev);
      case FAULT:
        return this.fault(ev.x as Fault);
      case RESUME:
        return this.resume(ev.a, ev.b);
      case PRODUCE:
        return this.produce();
      case DELIVER:
        if (this.nodes[ev.a]!.crashed) return;
        return this.input(ev.a, { kind: 'client-write', id: ev.b });
      case REPLY:
        return this.reply(ev);
      case RETRY:
        if (this.wDone[ev.a] === 0 && this.wAttempt[ev.a] === ev.b) this.attempt(ev.a, null);
        return;
      case TIMEOUTS:
        return this.timeouts();
      case BOOT:
        if (this.nodes[ev.a]!.crashed || this.booted[ev.a]) return;
        this.booted[ev.a] = true;
        return this.input(ev.a, START);
      case SETTLE:
        this.clientActive = false;
        this.record({ t: this.now, kind: 'settle' });
        return;
    }
  }

  private discard(ev: Ev, why: 'receiver down' | 'sender crashed'): void {
    if (this.c.trace && this.traced.keep(this.now)) this.record({ t: this.now, kind: 'discard', from: ev.a, to: ev.b, what: this.c.protocol.describe(ev.x as M), why });
  }

  // ---- timers

  /** The slot of a timer name (slots are added as protocols use new names). */
  private slotOf(name: string): number {
    // A protocol has a handful of timer names, usually the same string constants: a scan beats hashing.
    const names = this.slotNames;
    for (let k = 0; k < names.length; k++) if (names[k] === name) return k;
    const slot = names.length;
    names.push(name);
    this.timerInputs.push(Object.freeze({ kind: 'timer', name }));
    for (const node of this.nodes) {
      node.due.push(-1);
      node.gen.push(0);
      node.tok.push(0);
      node.evAt.push(0);
    }
    return slot;
  }

  private setTimer(i: number, node: Node<S, M>, slot: number, afterMs: number): void {
    const now = this.engine.now;
    const at = afterMs > 0 ? now + afterMs : now;
    node.gen[slot] = ++this.timerGen;
    node.due[slot] = at;
    // An event already due no later than the new time will look again then.
    if (node.tok[slot] !== 0 && node.evAt[slot]! <= at) return;
    this.timerEvent(i, node, slot, at);
  }

  private timerEvent(i: number, node: Node<S, M>, slot: number, at: number): void {
    const tok = ++this.timerTok;
    node.tok[slot] = tok;
    node.evAt[slot] = at;
    this.engine.schedule(at, new Ev(TIMER, i, slot, tok, null));
  }

  private timer(ev: Ev): void {
    const i = ev.a;
    const slot = ev.b;
    const node = this.nodes[i]!;
    if (node.tok[slot] !== ev.c) return; // superseded by an earlier event, or the node crashed
    node.tok[slot] = 0;
    const due = node.due[slot]!;
    if (due < 0) return; // cancelled
    if (due > this.engine.now) return this.timerEvent(i, node, slot, due); // pushed back since
    node.due[slot] = -1;
    if (node.paused) {
      node.queue.push({ slot, gen: node.gen[slot]! });
      return;
    }
    this.step(i, this.timerInputs[slot]!);
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
    const now = this.engine.now;
    // Only a write handled as leader can be acknowledged by this node, the one thing the checkers read `write` for
    // (split-brain.ts's acceptance time): the writes followers merely redirect are recorded only for the trace.
    if (input.kind === 'client-write' && (node.leader || (c.trace && this.traced.keep(now)))) this.recordWrite(WRITE, now, i, input.id);
    const out = c.protocol.step(node.state, input, { now, self: i, n: this.n, random: this.rng.float() });
    if (out.state !== node.state) {
      node.state = out.state;
      this.refresh(i);
    }
    const timers = out.timers;
    for (let k = 0; k < timers.length; k++) {
      const op = timers[k]!;
      const slot = this.slotOf(op.name);
      if ('cancel' in op) {
        node.gen[slot] = ++this.timerGen;
        node.due[slot] = -1;
      } else this.setTimer(i, node, slot, op.afterMs);
    }
    const messages = out.messages;
    for (let k = 0; k < messages.length; k++) {
      const { to, msg } = messages[k]!;
      if (to === i || to < 0 || to >= this.n) continue;
      const d = this.net.delay(i, to, this.rng);
      if (c.trace && this.traced.keep(now)) {
        const what = c.protocol.describe(msg);
        this.record(d >= 0 ? { t: now, kind: 'send', from: i, to, what, arriveMs: now + d } : { t: now, kind: 'send', from: i, to, what, lost: d === LOST_PARTITION ? 'partition' : 'loss' });
      }
      if (d >= 0) this.engine.schedule(now + d, new Ev(MSG, i, to, node.inc, msg));
    }
    const replies = out.replies;
    for (let k = 0; k < replies.length; k++) {
      const reply = replies[k]!;
      if (reply.kind === 'ack') this.recordWrite(ACK, now, i, reply.id);
      else if (c.trace && this.traced.keep(now)) this.record({ t: now, kind: 'redirect', node: i, id: reply.id, leader: reply.leader });
      this.engine.schedule(now + this.net.clientDelay(this.rng), new Ev(REPLY, i, node.inc, this.wAttempt[reply.id] ?? 0, reply));
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
    const leader = node.leader;
    if (!crashLife(node)) return;
    if (leader) this.lastCrashedLeader = i;
    node.due.fill(-1);
    node.tok.fill(0);
    node.leader = false;
    this.record({ t: this.now, kind: 'crash', node: i });
  }

  private restart(i: number): void {
    const node = this.nodes[i]!;
    if (!node.crashed) return;
    node.crashed = false;
    this.booted[i] = true;
    node.state = this.c.protocol.recover(node.state, i, this.n);
    this.record({ t: this.now, kind: 'restart', node: i });
    this.refresh(i);
    this.step(i, START);
  }

  private pause(i: number, durationMs: number): void {
    const node = this.nodes[i]!;
    const until = pauseLife(node, this.now, durationMs);
    if (until === null) return;
    this.record({ t: this.now, kind: 'pause', node: i, untilMs: until });
    this.engine.schedule(until, new Ev(RESUME, i, node.pauseGen, 0, null));
  }

  private resume(i: number, gen: number): void {
    const node = this.nodes[i]!;
    if (!resumeLife(node, gen)) return;
    this.record({ t: this.now, kind: 'resume', node: i });
    const queue = node.queue;
    node.queue = [];
    for (const q of queue) {
      if (node.crashed) break;
      if ('input' in q) this.step(i, q.input);
      else if (node.gen[q.slot] === q.gen) this.step(i, this.timerInputs[q.slot]!);
    }
  }

  // ---- faults

  /** The node a selector names now: for `leader`, the live node leading in the highest term (lowest index on a tie). */
  private select(sel: NodeSelector): number | null {
    if (sel.kind === 'index') return sel.index >= 0 && sel.index < this.n ? sel.index : null;
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
      case 'heal':
      case 'drop':
        return this.record(applyNetworkChange(this.net, f, this.now));
      case 'pause': {
        const i = this.select(f.node);
        if (i === null || this.nodes[i]!.crashed) return this.skip(f.node.kind === 'holder' ? 'pause holder: locks are not simulated' : `pause ${f.node.kind === 'index' ? f.node.index : 'leader'}: no live node to pause`);
        return this.pause(i, f.durationMs);
      }
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
    this.wAttempt.push(0);
    this.wDone.push(0);
    this.attempt(id, null);
    this.engine.after(this.nextWriteGap(), new Ev(PRODUCE, 0, 0, 0, null));
  }

  /** Send write `id` to `target`, or to a random node that has not crashed. */
  private attempt(id: number, target: number | null): void {
    const sent = this.wAttempt[id];
    if (sent === undefined || this.wDone[id] !== 0 || sent >= this.c.clientAttempts) return;
    const attempt = sent + 1;
    this.wAttempt[id] = attempt;
    let node = target;
    if (node === null) {
      let live = 0;
      for (let j = 0; j < this.n; j++) if (!this.nodes[j]!.crashed) live++;
      if (live > 0) {
        let k = this.rng.int(0, live - 1);
        for (let j = 0; j < this.n; j++) {
          if (this.nodes[j]!.crashed) continue;
          if (k-- === 0) {
            node = j;
            break;
          }
        }
      }
    }
    const now = this.engine.now;
    if (node !== null) this.engine.schedule(now + this.net.clientDelay(this.rng), new Ev(DELIVER, node, id, 0, null));
    const timeout = this.c.clientTimeoutMs;
    this.toId.push(id);
    this.toAttempt.push(attempt);
    this.toAt.push(timeout > 0 ? now + timeout : now);
    if (!this.timeoutArmed) {
      this.timeoutArmed = true;
      this.engine.schedule(this.toAt[this.toAt.length - 1]!, new Ev(TIMEOUTS, 0, 0, 0, null));
    }
  }

  /** The client timeouts due now: each write not answered since that send is sent again, to a random node. */
  private timeouts(): void {
    const now = this.engine.now;
    const end = this.toId.length; // timeouts set while these are handled wait for the next event
    while (this.toHead < end && this.toAt[this.toHead]! <= now) {
      const h = this.toHead++;
      const id = this.toId[h]!;
      if (this.wDone[id] === 0 && this.wAttempt[id] === this.toAttempt[h]) this.attempt(id, null);
    }
    // A timeout whose write was answered, or sent again since, never fires: skip those now.
    while (this.toHead < this.toId.length) {
      const h = this.toHead;
      const id = this.toId[h]!;
      if (this.wDone[id] === 0 && this.wAttempt[id] === this.toAttempt[h]) break;
      this.toHead++;
    }
    if (this.toHead > 4096 && this.toHead * 2 > this.toId.length) {
      this.toId = this.toId.slice(this.toHead);
      this.toAttempt = this.toAttempt.slice(this.toHead);
      this.toAt = this.toAt.slice(this.toHead);
      this.toHead = 0;
    }
    if (this.toHead < this.toId.length) this.engine.schedule(this.toAt[this.toHead]!, new Ev(TIMEOUTS, 0, 0, 0, null));
    else this.timeoutArmed = false;
  }

  private reply(ev: Ev): void {
    if (this.nodes[ev.a]!.inc !== ev.b) return; // the node crashed before its answer left
    const reply = ev.x as Reply;
    const id = reply.id;
    if (this.wDone[id] !== 0) return; // unknown, or answered already
    if (reply.kind === 'ack') {
      this.wDone[id] = 1;
      this.recordWrite(ACKED, this.now, ev.a, id);
      return;
    }
    if (this.wAttempt[id] !== ev.c) return; // an answer to an earlier send; a later one is under way
    const leader = reply.leader;
    if (leader !== null && leader !== ev.a) this.attempt(id, leader);
    else this.engine.after(this.c.heartbeatMs, new Ev(RETRY, id, ev.c, 0, null));
  }
}
