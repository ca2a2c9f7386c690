import type { Fault, NodeSelector } from '../../../language/model/types';
import { Engine, type CancelToken, type EngineResult, type Limits } from '../engine';
import type { Record } from '../history';
import { crashLife, pauseLife, resumeLife, type Life } from '../lifecycle';
import { applyNetworkChange, Network, type Topology } from '../network';
import { Rng } from '../rng';
import { TraceBudget, type TraceWindow } from '../trace-budget';
import type { QInput, QMsg, QReply, QState, QuorumProtocol } from './protocol';

/*
 * One run of a leaderless store (protocol.ts): the engine's events, the network, the N replicas, the client and the
 * scenario's faults, everything an observer could see recorded into the history (history.ts). Same life cycle as
 * world.ts: a crashed node handles nothing, its timers are void and its messages still on the wire are dropped (each
 * carries its sender's incarnation); a restart runs `recover` then `start`; a paused node queues what arrives and
 * what falls due, and handles it in order when it resumes. There is no leader: `crash leader`, `pause leader` and
 * `restart leader` do nothing (recorded as skipped).
 *
 * The client (one logical client: the application's servers) is never partitioned and loses nothing (SPEC §4:
 * clients reach every node that has not crashed). Each request goes to a node drawn uniformly among those that have
 * not crashed, which coordinates it.
 * - Writes: `load` per second (gaps of 1000/load ms ±50%), each to a key drawn uniformly among `keys`, with the
 *   key's next version (1, 2, 3… per key, in issue order: deterministic, and a newer write always wins). A write
 *   not acknowledged within the client timeout, or failed by its coordinator, is sent again — same id, key and
 *   version — to a node drawn afresh, at most `clientAttempts` sends.
 * - Reads: `readRate` per second, independently (same gaps), each of a key drawn uniformly; never retried: a read
 *   with no answer within the client timeout, or failed by its coordinator, is a failed read.
 * - Probes (tests): a read of the same key `probeLagsMs` after the client receives a write's acknowledgement
 *   (0: in the same instant, after the `acked` record).
 */

export interface QuorumWorldConfig {
  protocol: QuorumProtocol;
  topology: Topology;
  crashedByZoneLoss: (zone: string) => number[];
  faults: readonly Fault[];
  durationMs: number;
  settleMs: number;
  /** Client writes per second (0: none). */
  load: number;
  /** Client reads per second (0: none). */
  readRate: number;
  probeLagsMs?: readonly number[];
  clientTimeoutMs: number;
  clientAttempts: number;
  seed: number;
  limits: Limits;
  now?: () => number;
  cancel?: CancelToken;
  /** Record every message and request hop too (for a counterexample's trace); the checkers never need them. */
  trace: boolean;
  /** With `trace`: keep the messages and hops of this window only (../trace-budget.ts). */
  traceWindow?: TraceWindow;
}

export interface QuorumWorldResult {
  history: Record[];
  engine: EngineResult;
  endMs: number;
  writes: number;
  reads: number;
  /** Set when the trace's messages stopped at SIM_DEFAULTS.maxTraceRecords: the instant of the first one left out. */
  traceCutAtMs?: number;
}

type ClientRequest = Extract<QInput, { kind: 'client-write' } | { kind: 'client-read' }>;

type Ev =
  | { k: 'msg'; from: number; to: number; inc: number; msg: QMsg }
  | { k: 'timer'; node: number; name: string; gen: number; inc: number }
  | { k: 'fault'; fault: Fault }
  | { k: 'resume'; node: number; gen: number }
  | { k: 'produce-write' }
  | { k: 'produce-read' }
  | { k: 'probe'; key: number }
  | { k: 'deliver'; node: number; request: ClientRequest }
  | { k: 'reply'; node: number; inc: number; reply: QReply; attempt: number }
  | { k: 'write-timeout'; id: number; attempt: number }
  | { k: 'read-timeout'; id: number }
  | { k: 'settle' };

type Queued = { input: QInput } | { timer: string; gen: number };

interface Node extends Life<Queued> {
  state: QState;
  timers: Map<string, number>;
}

interface ClientWrite {
  key: number;
  version: number;
  attempt: number;
  done: boolean;
}

/** Messages a paused node keeps at most (a socket buffer); later ones are lost. */
const MAX_QUEUE = 100_000;

export class QuorumWorld {
  private readonly engine: Engine<Ev>;
  private readonly rng: Rng;
  private readonly net: Network;
  private readonly nodes: Node[] = [];
  private readonly history: Record[] = [];
  private readonly writes = new Map<number, ClientWrite>();
  private readonly reads = new Map<number, boolean>();
  private readonly version: number[];
  private lastWrite = 0;
  private lastRead = 0;
  private clientActive = true;
  private timerGen = 0;
  /** Which trace-only records are kept (when tracing). */
  private readonly traced: TraceBudget;

  constructor(private readonly c: QuorumWorldConfig) {
    this.traced = new TraceBudget(c.traceWindow);
    this.engine = new Engine<Ev>({ limits: c.limits, now: c.now, cancel: c.cancel });
    this.rng = Rng.fromSeed(c.seed);
    this.net = new Network(c.topology);
    this.version = new Array<number>(c.protocol.config.keys).fill(0);
    for (let i = 0; i < c.topology.n; i++) {
      this.nodes.push({ state: c.protocol.init(i), crashed: false, paused: false, pauseUntil: 0, pauseGen: 0, inc: 0, timers: new Map(), queue: [] });
    }
  }

  run(): QuorumWorldResult {
    const c = this.c;
    // No election to desynchronise: every replica is up from t=0.
    for (let i = 0; i < this.nodes.length; i++) this.step(i, { kind: 'start' });
    for (const fault of c.faults) if (fault.atMs < c.durationMs) this.engine.schedule(fault.atMs, { k: 'fault', fault });
    if (c.load > 0) this.engine.schedule(this.gap(c.load), { k: 'produce-write' });
    if (c.readRate > 0) this.engine.schedule(this.gap(c.readRate), { k: 'produce-read' });
    this.engine.schedule(c.durationMs, { k: 'settle' });
    const end = c.durationMs + c.settleMs;
    const result = this.engine.run(end, (ev) => this.handle(ev));
    const endMs = result.stoppedBy === 'done' ? end : this.engine.now;
    this.nodes.forEach((node, i) => this.history.push({ t: endMs, kind: 'replica', node: i, versions: node.state.versions, hints: c.protocol.hintCount(node.state) }));
    const cut = this.traced.cutAtMs;
    return { history: this.history, engine: result, endMs, writes: this.lastWrite, reads: this.lastRead, ...(cut !== undefined ? { traceCutAtMs: cut } : {}) };
  }

  private get now(): number {
    return this.engine.now;
  }

  private record(r: Record): void {
    this.history.push(r);
  }

  private handle(ev: Ev): void {
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
      case 'produce-write':
        return this.produceWrite();
      case 'produce-read':
        return this.produceRead();
      case 'probe':
        return this.read(ev.key);
      case 'deliver':
        if (this.nodes[ev.node]!.crashed) return;
        return this.input(ev.node, ev.request);
      case 'reply':
        return this.reply(ev);
      case 'write-timeout': {
        const w = this.writes.get(ev.id);
        if (w && !w.done && w.attempt === ev.attempt) this.attemptWrite(ev.id);
        return;
      }
      case 'read-timeout':
        if (this.reads.get(ev.id) === false) {
          this.reads.set(ev.id, true);
          this.record({ t: this.now, kind: 'get-failed', id: ev.id, node: null, why: 'timeout' });
        }
        return;
      case 'settle':
        this.clientActive = false;
        this.record({ t: this.now, kind: 'settle' });
        return;
    }
  }

  private discard(ev: Extract<Ev, { k: 'msg' }>, why: 'receiver down' | 'sender crashed'): void {
    if (this.c.trace && this.traced.keep(this.now)) this.record({ t: this.now, kind: 'discard', from: ev.from, to: ev.to, what: this.c.protocol.describe(ev.msg), why });
  }

  // ---- nodes

  private input(i: number, input: QInput): void {
    const node = this.nodes[i]!;
    if (!node.paused) return this.step(i, input);
    if (node.queue.length < MAX_QUEUE) node.queue.push({ input });
  }

  private step(i: number, input: QInput): void {
    const node = this.nodes[i]!;
    const c = this.c;
    if (c.trace && input.kind === 'client-write' && this.traced.keep(this.now)) this.record({ t: this.now, kind: 'write', node: i, id: input.id });
    if (c.trace && input.kind === 'client-read' && this.traced.keep(this.now)) this.record({ t: this.now, kind: 'read', node: i, id: input.id });
    const out = c.protocol.step(node.state, input, { now: this.now, self: i, n: this.nodes.length, random: this.rng.float() });
    node.state = out.state;
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
      if (c.trace && this.traced.keep(this.now)) {
        const what = c.protocol.describe(msg);
        this.record(fate.delivered ? { t: this.now, kind: 'send', from: i, to, what, arriveMs: this.now + fate.delayMs } : { t: this.now, kind: 'send', from: i, to, what, lost: fate.reason });
      }
      if (fate.delivered) this.engine.after(fate.delayMs, { k: 'msg', from: i, to, inc: node.inc, msg });
    }
    for (const h of out.handoffs) this.record({ t: this.now, kind: 'handoff', node: i, to: h.to, key: h.key, version: h.version });
    for (const reply of out.replies) {
      if (reply.kind === 'ack') {
        if (c.trace && this.traced.keep(this.now)) this.record({ t: this.now, kind: 'ack', node: i, id: reply.id });
        if (reply.hinted.length) this.record({ t: this.now, kind: 'hinted', node: i, id: reply.id, for: reply.hinted });
      }
      const attempt = reply.kind === 'ack' || reply.kind === 'write-failed' ? (this.writes.get(reply.id)?.attempt ?? 0) : 0;
      this.engine.after(this.net.clientDelay(this.rng), { k: 'reply', node: i, inc: node.inc, reply, attempt });
    }
  }

  private crash(i: number): void {
    const node = this.nodes[i]!;
    if (!crashLife(node)) return;
    node.timers.clear();
    this.record({ t: this.now, kind: 'crash', node: i });
  }

  private restart(i: number): void {
    const node = this.nodes[i]!;
    if (!node.crashed) return;
    node.crashed = false;
    node.state = this.c.protocol.recover(node.state);
    this.record({ t: this.now, kind: 'restart', node: i });
    this.step(i, { kind: 'start' });
  }

  private pause(i: number, durationMs: number): void {
    const node = this.nodes[i]!;
    const until = pauseLife(node, this.now, durationMs);
    if (until === null) return;
    this.record({ t: this.now, kind: 'pause', node: i, untilMs: until });
    this.engine.schedule(until, { k: 'resume', node: i, gen: node.pauseGen });
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
      else if (node.timers.get(q.timer) === q.gen) {
        node.timers.delete(q.timer);
        this.step(i, { kind: 'timer', name: q.timer });
      }
    }
  }

  // ---- faults

  private index(sel: NodeSelector): number | null {
    return sel.kind === 'index' && sel.index >= 0 && sel.index < this.nodes.length ? sel.index : null;
  }

  private skip(what: string): void {
    this.record({ t: this.now, kind: 'fault-skipped', what });
  }

  private static selectorText(sel: NodeSelector): string {
    return sel.kind === 'index' ? String(sel.index) : sel.kind;
  }

  private unselectable(verb: string, sel: NodeSelector): string {
    if (sel.kind === 'leader') return `${verb} leader: a leaderless store has no leader`;
    if (sel.kind === 'holder') return `${verb} holder: locks are not simulated`;
    return `${verb} ${QuorumWorld.selectorText(sel)}: no such member`;
  }

  private fault(f: Fault): void {
    switch (f.kind) {
      case 'crash': {
        const i = this.index(f.node);
        if (i === null) return this.skip(this.unselectable('crash', f.node));
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
        const i = this.index(f.node);
        if (i === null) return this.skip(this.unselectable('restart', f.node));
        if (!this.nodes[i]!.crashed) return this.skip(`restart ${i}: not crashed`);
        return this.restart(i);
      }
      case 'partition':
      case 'heal':
      case 'drop':
        return this.record(applyNetworkChange(this.net, f, this.now));
      case 'pause': {
        const i = this.index(f.node);
        if (i === null) return this.skip(this.unselectable('pause', f.node));
        if (this.nodes[i]!.crashed) return this.skip(`pause ${i}: no live node to pause`);
        return this.pause(i, f.durationMs);
      }
      case 'fail-step':
        return this.skip(`fail step ${f.step}: sagas are not simulated`);
    }
  }

  // ---- the client

  /** Mean 1000/rate ms, spread ±50%. */
  private gap(rate: number): number {
    return (1000 / rate) * (0.5 + this.rng.float());
  }

  private liveNode(): number | null {
    const live: number[] = [];
    this.nodes.forEach((n, i) => n.crashed || live.push(i));
    return live.length ? live[this.rng.int(0, live.length - 1)]! : null;
  }

  private produceWrite(): void {
    if (!this.clientActive) return;
    const key = this.rng.int(0, this.version.length - 1);
    const version = ++this.version[key]!;
    const id = ++this.lastWrite;
    this.writes.set(id, { key, version, attempt: 0, done: false });
    this.record({ t: this.now, kind: 'put', id, key, version });
    this.attemptWrite(id);
    this.engine.after(this.gap(this.c.load), { k: 'produce-write' });
  }

  private attemptWrite(id: number): void {
    const w = this.writes.get(id);
    if (!w || w.done || w.attempt >= this.c.clientAttempts) return;
    w.attempt++;
    const node = this.liveNode();
    if (node !== null) this.engine.after(this.net.clientDelay(this.rng), { k: 'deliver', node, request: { kind: 'client-write', id, key: w.key, version: w.version } });
    this.engine.after(this.c.clientTimeoutMs, { k: 'write-timeout', id, attempt: w.attempt });
  }

  private produceRead(): void {
    if (!this.clientActive) return;
    this.read(this.rng.int(0, this.version.length - 1));
    this.engine.after(this.gap(this.c.readRate), { k: 'produce-read' });
  }

  private read(key: number): void {
    const id = ++this.lastRead;
    this.reads.set(id, false);
    this.record({ t: this.now, kind: 'get', id, key });
    const node = this.liveNode();
    if (node !== null) this.engine.after(this.net.clientDelay(this.rng), { k: 'deliver', node, request: { kind: 'client-read', id, key } });
    this.engine.after(this.c.clientTimeoutMs, { k: 'read-timeout', id });
  }

  private reply(ev: Extract<Ev, { k: 'reply' }>): void {
    if (this.nodes[ev.node]!.inc !== ev.inc) return; // the node crashed before its answer left
    const r = ev.reply;
    if (r.kind === 'value' || r.kind === 'read-failed') {
      if (this.reads.get(r.id) !== false) return; // answered already, or timed out
      this.reads.set(r.id, true);
      if (r.kind === 'value') this.record({ t: this.now, kind: 'got', id: r.id, node: ev.node, version: r.version, replicas: r.replicas });
      else this.record({ t: this.now, kind: 'get-failed', id: r.id, node: ev.node, why: 'quorum' });
      return;
    }
    const w = this.writes.get(r.id);
    if (!w || w.done) return;
    if (r.kind === 'ack') {
      w.done = true;
      this.record({ t: this.now, kind: 'acked', node: ev.node, id: r.id });
      for (const lag of this.c.probeLagsMs ?? []) {
        if (lag <= 0) this.read(w.key);
        else this.engine.after(lag, { k: 'probe', key: w.key });
      }
      return;
    }
    if (w.attempt === ev.attempt) this.attemptWrite(r.id); // failed by its coordinator: try another node now
  }
}
