import { majority } from '../../../language/model/semantics';
import { appendFrom, appendOne, EMPTY_LOG, entriesFrom, lastIndex, lastTerm, logIds, termAt, upToDate, type Entry, type Log } from './log';
import { NONE, type Ctx, type Input, type Output, type Protocol, type Reply, type Send, type TimerOp } from './types';

/*
 * Raft's leader election and log replication (Ongaro & Ousterhout, "In Search of an Understandable Consensus
 * Algorithm", §5), as a pure state machine:
 *
 * - terms; a follower or candidate whose randomized election timer (ctx.random over the configured range) falls
 *   due becomes a candidate for the next term and asks every member for its vote;
 * - a vote is granted at most once per term, and only to a candidate whose log is at least as up-to-date
 *   (§5.4.1); granting a vote or hearing from the current leader resets the election timer;
 * - any message with a higher term makes a node a follower of that term;
 * - a leader appends a no-op of its term (§8), sends AppendEntries on every client write and every heartbeat, and
 *   commits an entry of its own term once `ackQuorum` members (itself included) hold it — a majority, or more when
 *   the store's `sync-followers` asks for more (language/model/semantics.ts): only then is the write acknowledged;
 * - term, vote and log are what a node persists: they survive a crash (`recover`).
 *
 * Not modelled: membership changes, log compaction, pre-vote and check-quorum (a leader cut off from its majority
 * stays leader in its own eyes, as in the paper, and cannot commit).
 */

export interface RaftConfig {
  heartbeatMs: number;
  electionMinMs: number;
  electionMaxMs: number;
  /** Members (leader included) that must hold an entry before it commits and is acknowledged. */
  ackQuorum: number;
  /** Entries per AppendEntries at most. */
  maxBatch: number;
}

export type RaftMsg =
  | { readonly kind: 'vote-req'; readonly term: number; readonly lastIndex: number; readonly lastTerm: number }
  | { readonly kind: 'vote'; readonly term: number; readonly granted: boolean }
  | { readonly kind: 'append'; readonly term: number; readonly prevIndex: number; readonly prevTerm: number; readonly entries: readonly Entry[]; readonly commit: number }
  /** On success `match` is the follower's last index matching the leader; on failure the index to retry after. */
  | { readonly kind: 'append-ok'; readonly term: number; readonly success: boolean; readonly match: number };

export interface RaftState {
  // Persisted.
  readonly term: number;
  readonly votedFor: number | null;
  readonly log: Log;
  // Volatile.
  readonly role: 'follower' | 'candidate' | 'leader';
  /** The leader of the current term, when known (for redirecting clients). */
  readonly leader: number | null;
  readonly votes: readonly number[];
  readonly commit: number;
  /** Leader only: next index to send, and highest index known replicated, per member. */
  readonly next: readonly number[];
  readonly match: readonly number[];
  /** Leader only: client writes waiting for their entry to commit. */
  readonly awaiting: readonly { readonly id: number; readonly index: number }[];
}

const ELECTION = 'election';
const HEARTBEAT = 'heartbeat';
const CANCEL_ELECTION: TimerOp = Object.freeze({ name: ELECTION, cancel: true });
const CANCEL_HEARTBEAT: TimerOp = Object.freeze({ name: HEARTBEAT, cancel: true });

/**
 * Collects what one step wants done (each list made on its first use: most steps send one message or none). One per
 * protocol instance, reset by `begin` and emptied by `done`: a step is synchronous and never re-entered, and what it
 * returns is fresh (the lists, the state), so reusing the collector changes nothing a caller can see.
 */
class Effects {
  messages: Send<RaftMsg>[] | null = null;
  timers: TimerOp[] | null = null;
  replies: Reply[] | null = null;
  ctx: Ctx = { now: 0, self: 0, n: 0, random: 0 };
  /** The last AppendEntries built in this step, for the state and next index it was built from. */
  private appendFor: RaftState | null = null;
  private appendNext = 0;
  private appendMsg: RaftMsg | null = null;
  constructor(
    readonly config: RaftConfig,
    readonly heartbeat: TimerOp,
  ) {}
  begin(ctx: Ctx): this {
    this.ctx = ctx;
    // Already empty, unless the last step threw.
    this.messages = this.timers = this.replies = null;
    this.appendFor = this.appendMsg = null;
    return this;
  }
  // A list starts as a one-item literal: `[]` then push would reserve room for 17.
  send(to: number, msg: RaftMsg): void {
    const m = { to, msg };
    if (this.messages) this.messages.push(m);
    else this.messages = [m];
  }
  timer(op: TimerOp): void {
    if (this.timers) this.timers.push(op);
    else this.timers = [op];
  }
  reply(r: Reply): void {
    if (this.replies) this.replies.push(r);
    else this.replies = [r];
  }
  /** (Re)arm the election timer with a randomized timeout. */
  electionTimer(): void {
    const { electionMinMs: lo, electionMaxMs: hi } = this.config;
    this.timer({ name: ELECTION, afterMs: lo + this.ctx.random * Math.max(0, hi - lo) });
  }
  /** AppendEntries from `next` on: one message object for every follower at the same index (messages are plain, immutable data). */
  append(s: RaftState, next: number): RaftMsg {
    if (this.appendFor === s && this.appendNext === next && this.appendMsg) return this.appendMsg;
    const prevIndex = next - 1;
    const msg: RaftMsg = { kind: 'append', term: s.term, prevIndex, prevTerm: termAt(s.log, prevIndex), entries: entriesFrom(s.log, next, this.config.maxBatch), commit: s.commit };
    this.appendFor = s;
    this.appendNext = next;
    this.appendMsg = msg;
    return msg;
  }
  done(state: RaftState): Output<RaftState, RaftMsg> {
    const out: Output<RaftState, RaftMsg> = { state, messages: this.messages ?? NONE, timers: this.timers ?? NONE, replies: this.replies ?? NONE };
    this.messages = null;
    this.timers = null;
    this.replies = null;
    this.appendFor = null;
    this.appendMsg = null;
    return out;
  }
}

type Draft<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A copy of a state to change before it is returned (the input is never touched). Field by field in one order, not
 * `{ ...s, … }`: V8's object spread of a state that was itself spread is two orders of magnitude slower, and a step
 * copies a state on most inputs.
 */
function clone(s: RaftState): Draft<RaftState> {
  return { term: s.term, votedFor: s.votedFor, log: s.log, role: s.role, leader: s.leader, votes: s.votes, commit: s.commit, next: s.next, match: s.match, awaiting: s.awaiting };
}

/** A copy of `list` with `value` at `i`. */
function withAt(list: readonly number[], i: number, value: number): number[] {
  const out = list.slice();
  out[i] = value;
  return out;
}

/** The q-th largest of `values` (1 ≤ q ≤ length): the largest v that at least q of them reach. */
function kthLargest(values: readonly number[], q: number): number {
  if (values.length > 16) return values.slice().sort((a, b) => b - a)[q - 1]!;
  let best = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v <= best) continue;
    let reach = 0;
    for (let j = 0; j < values.length; j++) if (values[j]! >= v) reach++;
    if (reach >= q) best = v;
  }
  return best;
}

function follower(s: RaftState, term: number, fx: Effects): RaftState {
  // A leader had no election timer running; a follower or candidate keeps the one it has.
  if (s.role === 'leader') {
    fx.timer(CANCEL_HEARTBEAT);
    fx.electionTimer();
  }
  const newTerm = term > s.term;
  const o = clone(s);
  o.term = Math.max(term, s.term);
  if (newTerm) o.votedFor = null;
  o.role = 'follower';
  if (newTerm) o.leader = null;
  o.votes = NONE;
  o.next = NONE;
  o.match = NONE;
  o.awaiting = NONE;
  return o;
}

function sendAppend(s: RaftState, to: number, fx: Effects): void {
  fx.send(to, fx.append(s, s.next[to] ?? lastIndex(s.log) + 1));
}

/** AppendEntries to every other member: a heartbeat, carrying whatever each follower lacks (up to maxBatch entries). */
function broadcastAppend(s: RaftState, fx: Effects): void {
  const { self, n } = fx.ctx;
  for (let p = 0; p < n; p++) if (p !== self) sendAppend(s, p, fx);
}

/**
 * Commit the highest entry of this term that `ackQuorum` members hold, and acknowledge the writes it covers. `own`:
 * `s` is a copy this step made (it is changed in place rather than copied again).
 */
function advanceCommit(s: RaftState, fx: Effects, own: Draft<RaftState> | null = null): RaftState {
  const q = fx.config.ackQuorum;
  if (q > s.match.length || q < 1) return s;
  const n = kthLargest(s.match, q);
  if (n <= s.commit || termAt(s.log, n) !== s.term) return s;
  const awaiting = s.awaiting;
  let waiting: { id: number; index: number }[] | null = null;
  for (let k = 0; k < awaiting.length; k++) {
    const a = awaiting[k]!;
    if (a.index <= n) {
      fx.reply({ kind: 'ack', id: a.id });
      waiting ??= awaiting.slice(0, k);
    } else if (waiting) waiting.push(a);
  }
  const o = own ?? clone(s);
  o.commit = n;
  if (waiting) o.awaiting = waiting;
  return o;
}

function becomeLeader(s: RaftState, fx: Effects): RaftState {
  const log = appendOne(s.log, { term: s.term, id: 0 });
  const last = lastIndex(log);
  const next = new Array<number>(fx.ctx.n).fill(last);
  const match = new Array<number>(fx.ctx.n).fill(0);
  match[fx.ctx.self] = last;
  const out = clone(s);
  out.log = log;
  out.role = 'leader';
  out.leader = fx.ctx.self;
  out.votes = NONE;
  out.next = next;
  out.match = match;
  out.awaiting = NONE;
  fx.timer(CANCEL_ELECTION);
  fx.timer(fx.heartbeat);
  broadcastAppend(out, fx);
  return advanceCommit(out, fx, out);
}

function startElection(s: RaftState, fx: Effects): RaftState {
  const out = clone(s);
  out.term = s.term + 1;
  out.votedFor = fx.ctx.self;
  out.role = 'candidate';
  out.leader = null;
  out.votes = [fx.ctx.self];
  fx.electionTimer();
  if (majority(fx.ctx.n) <= 1) return becomeLeader(out, fx);
  const msg: RaftMsg = { kind: 'vote-req', term: out.term, lastIndex: lastIndex(out.log), lastTerm: lastTerm(out.log) };
  for (let p = 0; p < fx.ctx.n; p++) if (p !== fx.ctx.self) fx.send(p, msg);
  return out;
}

function onMessage(s: RaftState, from: number, m: RaftMsg, fx: Effects): RaftState {
  if (m.term > s.term) s = follower(s, m.term, fx);
  switch (m.kind) {
    case 'vote-req': {
      const free = s.votedFor === null || s.votedFor === from;
      const granted = m.term === s.term && free && upToDate(m.lastTerm, m.lastIndex, lastTerm(s.log), lastIndex(s.log));
      if (granted) {
        if (s.votedFor !== from) {
          const o = clone(s);
          o.votedFor = from;
          s = o;
        }
        fx.electionTimer();
      }
      fx.send(from, { kind: 'vote', term: s.term, granted });
      return s;
    }
    case 'vote': {
      if (s.role !== 'candidate' || m.term !== s.term || !m.granted || s.votes.includes(from)) return s;
      const o = clone(s);
      o.votes = [...s.votes, from];
      s = o;
      return s.votes.length >= majority(fx.ctx.n) ? becomeLeader(s, fx) : s;
    }
    case 'append': {
      if (m.term < s.term) {
        fx.send(from, { kind: 'append-ok', term: s.term, success: false, match: 0 });
        return s;
      }
      if (s.role !== 'follower') s = follower(s, m.term, fx);
      fx.electionTimer();
      const r = appendFrom(s.log, m.prevIndex, m.prevTerm, m.entries);
      if (!r.ok) {
        fx.send(from, { kind: 'append-ok', term: s.term, success: false, match: r.hint });
        if (s.leader === from) return s;
        const o = clone(s);
        o.leader = from;
        return o;
      }
      const commit = Math.max(s.commit, Math.min(m.commit, r.match));
      fx.send(from, { kind: 'append-ok', term: s.term, success: true, match: r.match });
      // A heartbeat that brings nothing new leaves the state as it was: the same object.
      if (s.leader === from && r.log === s.log && commit === s.commit) return s;
      const o = clone(s);
      o.leader = from;
      o.log = r.log;
      o.commit = commit;
      return o;
    }
    case 'append-ok': {
      if (s.role !== 'leader' || m.term !== s.term) return s;
      const was = s.match[from]!;
      const wasNext = s.next[from]!;
      const matched = m.success ? Math.max(was, m.match) : was;
      const next = m.success ? Math.max(wasNext, m.match + 1) : Math.max(was + 1, Math.min(wasNext - 1, m.match + 1));
      let own: Draft<RaftState> | null = null;
      if (matched !== was || next !== wasNext) {
        own = clone(s);
        if (matched !== was) own.match = withAt(s.match, from, matched);
        if (next !== wasNext) own.next = withAt(s.next, from, next);
        s = own;
      }
      // A rejected follower is retried at once; one far behind gets its next batch without waiting for a heartbeat.
      if (!m.success || lastIndex(s.log) - matched >= fx.config.maxBatch) sendAppend(s, from, fx);
      // Only a change of `match` can commit more (the leader's own entries move its own match, client-write).
      return matched !== was ? advanceCommit(s, fx, own) : s;
    }
  }
}

function step(fx: Effects, s: RaftState, input: Input<RaftMsg>, ctx: Ctx): Output<RaftState, RaftMsg> {
  const { config, heartbeat } = fx;
  fx.begin(ctx);
  switch (input.kind) {
    case 'start':
      if (s.role === 'leader') return fx.done(s);
      fx.electionTimer();
      return fx.done(s);
    case 'timer':
      if (input.name === ELECTION && s.role !== 'leader') return fx.done(startElection(s, fx));
      if (input.name === HEARTBEAT && s.role === 'leader') {
        broadcastAppend(s, fx);
        fx.timer(heartbeat);
      }
      return fx.done(s);
    case 'client-write': {
      if (s.role !== 'leader') {
        fx.reply({ kind: 'redirect', id: input.id, leader: s.role === 'follower' ? s.leader : null });
        return fx.done(s);
      }
      // Batched: the entry goes out with the next heartbeat's AppendEntries, with every other write since.
      const log = appendOne(s.log, { term: s.term, id: input.id });
      const index = lastIndex(log);
      const out = clone(s);
      out.log = log;
      out.match = withAt(s.match, ctx.self, index);
      const awaiting = s.awaiting.slice();
      awaiting.push({ id: input.id, index });
      out.awaiting = awaiting;
      return fx.done(advanceCommit(out, fx, out));
    }
    case 'message':
      return fx.done(onMessage(s, input.from, input.msg, fx));
  }
}

function describe(m: RaftMsg): string {
  switch (m.kind) {
    case 'vote-req':
      return `RequestVote term ${m.term} (log ${m.lastIndex}@${m.lastTerm})`;
    case 'vote':
      return `Vote term ${m.term} ${m.granted ? 'granted' : 'refused'}`;
    case 'append': {
      const what = m.entries.length ? `${m.entries.length} entr${m.entries.length === 1 ? 'y' : 'ies'} after ${m.prevIndex}` : 'heartbeat';
      return `AppendEntries term ${m.term} ${what}, commit ${m.commit}`;
    }
    case 'append-ok':
      return m.success ? `AppendEntries ok term ${m.term} match ${m.match}` : `AppendEntries rejected term ${m.term} (retry after ${m.match})`;
  }
}

function fresh(): RaftState {
  return { term: 0, votedFor: null, log: EMPTY_LOG, role: 'follower', leader: null, votes: NONE, commit: 0, next: NONE, match: NONE, awaiting: NONE };
}

export function raft(config: RaftConfig): Protocol<RaftState, RaftMsg> {
  const fx = new Effects(config, Object.freeze({ name: HEARTBEAT, afterMs: config.heartbeatMs }));
  return {
    name: 'raft',
    init: () => fresh(),
    step: (s, input, ctx) => step(fx, s, input, ctx),
    recover: (s) => {
      const o = clone(fresh());
      o.term = s.term;
      o.votedFor = s.votedFor;
      o.log = s.log;
      return o;
    },
    observe: (s) => ({ leader: s.role === 'leader', term: s.term }),
    logIds: (s) => logIds(s.log),
    describe,
  };
}
