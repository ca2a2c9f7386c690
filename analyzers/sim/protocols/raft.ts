import { majority } from '../../../language/model/semantics';
import { append, appendFrom, EMPTY_LOG, entriesFrom, lastIndex, lastTerm, logIds, termAt, upToDate, type Entry, type Log } from './log';
import type { Ctx, Input, Output, Protocol, Reply, Send, TimerOp } from './types';

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

/** Collects what one step wants done. */
class Effects {
  readonly messages: Send<RaftMsg>[] = [];
  readonly timers: TimerOp[] = [];
  readonly replies: Reply[] = [];
  constructor(
    readonly config: RaftConfig,
    readonly ctx: Ctx,
  ) {}
  send(to: number, msg: RaftMsg): void {
    this.messages.push({ to, msg });
  }
  /** (Re)arm the election timer with a randomized timeout. */
  electionTimer(): void {
    const { electionMinMs: lo, electionMaxMs: hi } = this.config;
    this.timers.push({ name: ELECTION, afterMs: lo + this.ctx.random * Math.max(0, hi - lo) });
  }
  done(state: RaftState): Output<RaftState, RaftMsg> {
    return { state, messages: this.messages, timers: this.timers, replies: this.replies };
  }
}

function others(ctx: Ctx): number[] {
  const out: number[] = [];
  for (let i = 0; i < ctx.n; i++) if (i !== ctx.self) out.push(i);
  return out;
}

function follower(s: RaftState, term: number, fx: Effects): RaftState {
  // A leader had no election timer running; a follower or candidate keeps the one it has.
  if (s.role === 'leader') {
    fx.timers.push({ name: HEARTBEAT, cancel: true });
    fx.electionTimer();
  }
  const newTerm = term > s.term;
  return { ...s, term: Math.max(term, s.term), votedFor: newTerm ? null : s.votedFor, role: 'follower', leader: newTerm ? null : s.leader, votes: [], next: [], match: [], awaiting: [] };
}

function sendAppend(s: RaftState, to: number, fx: Effects): void {
  const next = s.next[to] ?? lastIndex(s.log) + 1;
  const prevIndex = next - 1;
  fx.send(to, { kind: 'append', term: s.term, prevIndex, prevTerm: termAt(s.log, prevIndex), entries: entriesFrom(s.log, next, fx.config.maxBatch), commit: s.commit });
}

/** Commit the highest entry of this term that `ackQuorum` members hold, and acknowledge the writes it covers. */
function advanceCommit(s: RaftState, fx: Effects): RaftState {
  const q = fx.config.ackQuorum;
  if (q > s.match.length || q < 1) return s;
  const sorted = s.match.slice().sort((a, b) => b - a);
  const n = sorted[q - 1]!;
  if (n <= s.commit || termAt(s.log, n) !== s.term) return s;
  const waiting: { id: number; index: number }[] = [];
  for (const a of s.awaiting) {
    if (a.index <= n) fx.replies.push({ kind: 'ack', id: a.id });
    else waiting.push(a);
  }
  return { ...s, commit: n, awaiting: waiting };
}

function becomeLeader(s: RaftState, fx: Effects): RaftState {
  const log = append(s.log, [{ term: s.term, id: 0 }]);
  const last = lastIndex(log);
  const next = new Array<number>(fx.ctx.n).fill(last);
  const match = new Array<number>(fx.ctx.n).fill(0);
  match[fx.ctx.self] = last;
  let out: RaftState = { ...s, log, role: 'leader', leader: fx.ctx.self, votes: [], next, match, awaiting: [] };
  fx.timers.push({ name: ELECTION, cancel: true }, { name: HEARTBEAT, afterMs: fx.config.heartbeatMs });
  for (const p of others(fx.ctx)) sendAppend(out, p, fx);
  out = advanceCommit(out, fx);
  return out;
}

function startElection(s: RaftState, fx: Effects): RaftState {
  const out: RaftState = { ...s, term: s.term + 1, votedFor: fx.ctx.self, role: 'candidate', leader: null, votes: [fx.ctx.self] };
  fx.electionTimer();
  if (majority(fx.ctx.n) <= 1) return becomeLeader(out, fx);
  const msg: RaftMsg = { kind: 'vote-req', term: out.term, lastIndex: lastIndex(out.log), lastTerm: lastTerm(out.log) };
  for (const p of others(fx.ctx)) fx.send(p, msg);
  return out;
}

function onMessage(s: RaftState, from: number, m: RaftMsg, fx: Effects): RaftState {
  if (m.term > s.term) s = follower(s, m.term, fx);
  switch (m.kind) {
    case 'vote-req': {
      const free = s.votedFor === null || s.votedFor === from;
      const granted = m.term === s.term && free && upToDate(m.lastTerm, m.lastIndex, lastTerm(s.log), lastIndex(s.log));
      if (granted) {
        s = { ...s, votedFor: from };
        fx.electionTimer();
      }
      fx.send(from, { kind: 'vote', term: s.term, granted });
      return s;
    }
    case 'vote': {
      if (s.role !== 'candidate' || m.term !== s.term || !m.granted || s.votes.includes(from)) return s;
      s = { ...s, votes: [...s.votes, from] };
      return s.votes.length >= majority(fx.ctx.n) ? becomeLeader(s, fx) : s;
    }
    case 'append': {
      if (m.term < s.term) {
        fx.send(from, { kind: 'append-ok', term: s.term, success: false, match: 0 });
        return s;
      }
      if (s.role !== 'follower') s = follower(s, m.term, fx);
      s = { ...s, leader: from };
      fx.electionTimer();
      const r = appendFrom(s.log, m.prevIndex, m.prevTerm, m.entries);
      if (!r.ok) {
        fx.send(from, { kind: 'append-ok', term: s.term, success: false, match: r.hint });
        return s;
      }
      s = { ...s, log: r.log, commit: Math.max(s.commit, Math.min(m.commit, r.match)) };
      fx.send(from, { kind: 'append-ok', term: s.term, success: true, match: r.match });
      return s;
    }
    case 'append-ok': {
      if (s.role !== 'leader' || m.term !== s.term) return s;
      const match = s.match.slice();
      const next = s.next.slice();
      if (m.success) {
        match[from] = Math.max(match[from]!, m.match);
        next[from] = Math.max(next[from]!, m.match + 1);
      } else {
        next[from] = Math.max(match[from]! + 1, Math.min(next[from]! - 1, m.match + 1));
      }
      s = { ...s, match, next };
      // A rejected follower is retried at once; one far behind gets its next batch without waiting for a heartbeat.
      if (!m.success || lastIndex(s.log) - match[from]! >= fx.config.maxBatch) sendAppend(s, from, fx);
      return advanceCommit(s, fx);
    }
  }
}

function step(config: RaftConfig, s: RaftState, input: Input<RaftMsg>, ctx: Ctx): Output<RaftState, RaftMsg> {
  const fx = new Effects(config, ctx);
  switch (input.kind) {
    case 'start':
      if (s.role === 'leader') return fx.done(s);
      fx.electionTimer();
      return fx.done(s);
    case 'timer':
      if (input.name === ELECTION && s.role !== 'leader') return fx.done(startElection(s, fx));
      if (input.name === HEARTBEAT && s.role === 'leader') {
        for (const p of others(ctx)) sendAppend(s, p, fx);
        fx.timers.push({ name: HEARTBEAT, afterMs: config.heartbeatMs });
      }
      return fx.done(s);
    case 'client-write': {
      if (s.role !== 'leader') {
        fx.replies.push({ kind: 'redirect', id: input.id, leader: s.role === 'follower' ? s.leader : null });
        return fx.done(s);
      }
      const log = append(s.log, [{ term: s.term, id: input.id }]);
      const index = lastIndex(log);
      const match = s.match.slice();
      match[ctx.self] = index;
      let out: RaftState = { ...s, log, match, awaiting: [...s.awaiting, { id: input.id, index }] };
      for (const p of others(ctx)) sendAppend(out, p, fx);
      out = advanceCommit(out, fx);
      return fx.done(out);
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
  return { term: 0, votedFor: null, log: EMPTY_LOG, role: 'follower', leader: null, votes: [], commit: 0, next: [], match: [], awaiting: [] };
}

export function raft(config: RaftConfig): Protocol<RaftState, RaftMsg> {
  return {
    name: 'raft',
    init: () => fresh(),
    step: (s, input, ctx) => step(config, s, input, ctx),
    recover: (s) => ({ ...fresh(), term: s.term, votedFor: s.votedFor, log: s.log }),
    observe: (s) => ({ leader: s.role === 'leader', term: s.term }),
    logIds: (s) => logIds(s.log),
    describe,
  };
}
