import { append, appendFrom, EMPTY_LOG, entriesFrom, lastIndex, lastTerm, logIds, termAt, type Entry, type Log } from './log';
import { emptyPeers, heardFrom, reachable, shouldPromote, type Peers, type Position, type Promote } from './naive-failover';
import { NONE, type Ctx, type Input, type Output, type Protocol, type Reply, type Send, type TimerOp } from './types';

/*
 * Leader-follower replication (SPEC §4) for a store that is not a consensus group: the leader acknowledges a write
 * once `sync-followers` followers hold it — at once with `sync-followers 0` — and ships it immediately only to its
 * synchronous followers (the first `sync-followers` followers, by index, that it has heard from lately); every other
 * follower gets the new entries batched on the next heartbeat. So a crash of the leader loses what it acknowledged
 * but had not yet shipped, when the follower promoted in its place lacks it: a lost write.
 *
 * Who leads: `election none` with `failover automatic` runs naive failover (naive-failover.ts): node 0 leads at
 * start, a follower that misses heartbeats promotes itself under the naive rule, a leader never steps down, and a
 * node that restarts comes back as a follower. Without automatic failover (`fixed`) node 0 is the leader for good —
 * also after a restart — and nobody takes over while it is down.
 *
 * Followers keep the leader's log with Raft's consistency check (log.ts `appendFrom`), epochs standing for terms: a
 * follower of a newer leader drops the entries its old leader never shipped. A follower ignores a leader with an
 * older epoch than the one it follows, so two leaders each keep their own followers.
 */

export interface LeaderFollowerConfig {
  mode: 'naive' | 'fixed';
  syncFollowers: number;
  promote: Promote;
  heartbeatMs: number;
  electionMinMs: number;
  electionMaxMs: number;
  maxBatch: number;
}

export type LfMsg =
  | { readonly kind: 'replicate'; readonly epoch: number; readonly prevIndex: number; readonly prevTerm: number; readonly entries: readonly Entry[]; readonly last: Position }
  /** On success `match` is the follower's last index matching the leader; on failure the index to retry after. */
  | { readonly kind: 'replicate-ok'; readonly epoch: number; readonly success: boolean; readonly match: number; readonly last: Position }
  /** Naive failover: "I am alive", with the sender's log position. */
  | { readonly kind: 'ping'; readonly epoch: number; readonly last: Position };

export interface LfState {
  // Persisted.
  readonly epoch: number;
  readonly log: Log;
  // Volatile.
  readonly role: 'leader' | 'follower';
  readonly leader: number | null;
  readonly peers: Peers;
  /** Leader only: next index to ship and highest index known held, per member. */
  readonly next: readonly number[];
  readonly match: readonly number[];
  readonly awaiting: readonly { readonly id: number; readonly index: number }[];
}

const ELECTION = 'election';
const HEARTBEAT = 'heartbeat';
const PING = 'ping';

/** Collects what one step wants done (each list made on its first use, as a one-item literal). */
class Effects {
  messages: Send<LfMsg>[] | null = null;
  timers: TimerOp[] | null = null;
  replies: Reply[] | null = null;
  constructor(
    readonly config: LeaderFollowerConfig,
    readonly ctx: Ctx,
  ) {}
  send(to: number, msg: LfMsg): void {
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
  electionTimer(): void {
    const { electionMinMs: lo, electionMaxMs: hi } = this.config;
    this.timer({ name: ELECTION, afterMs: lo + this.ctx.random * Math.max(0, hi - lo) });
  }
  done(state: LfState): Output<LfState, LfMsg> {
    return { state, messages: this.messages ?? NONE, timers: this.timers ?? NONE, replies: this.replies ?? NONE };
  }
}

type Draft<T> = { -readonly [K in keyof T]: T[K] };

/** A copy of a state to change before it is returned: field by field, not `{ ...s }` (raft.ts says why). */
function clone(s: LfState): Draft<LfState> {
  return { epoch: s.epoch, log: s.log, role: s.role, leader: s.leader, peers: s.peers, next: s.next, match: s.match, awaiting: s.awaiting };
}

function position(log: Log): Position {
  return { term: lastTerm(log), index: lastIndex(log) };
}

function others(ctx: Ctx): number[] {
  const out: number[] = [];
  for (let i = 0; i < ctx.n; i++) if (i !== ctx.self) out.push(i);
  return out;
}

function ship(s: LfState, to: number, fx: Effects): void {
  const next = s.next[to] ?? lastIndex(s.log) + 1;
  const prevIndex = next - 1;
  fx.send(to, { kind: 'replicate', epoch: s.epoch, prevIndex, prevTerm: termAt(s.log, prevIndex), entries: entriesFrom(s.log, next, fx.config.maxBatch), last: position(s.log) });
}

/** The followers a new write is shipped to at once: the first `syncFollowers`, preferring those heard from lately. */
function syncSet(s: LfState, fx: Effects): number[] {
  const k = fx.config.syncFollowers;
  if (k <= 0) return [];
  const live = new Set(reachable(s.peers, fx.ctx.self, fx.ctx.now, fx.config.electionMaxMs));
  const followers = others(fx.ctx);
  return [...followers.filter((i) => live.has(i)), ...followers.filter((i) => !live.has(i))].slice(0, k);
}

/** Acknowledge every waiting write that `syncFollowers` followers hold. */
function ackHeld(s: LfState, fx: Effects): LfState {
  if (s.awaiting.length === 0) return s;
  const k = fx.config.syncFollowers;
  const waiting: { id: number; index: number }[] = [];
  for (const a of s.awaiting) {
    let holders = 0;
    for (let i = 0; i < s.match.length; i++) if (i !== fx.ctx.self && s.match[i]! >= a.index) holders++;
    if (holders >= k) fx.reply({ kind: 'ack', id: a.id });
    else waiting.push(a);
  }
  if (waiting.length === s.awaiting.length) return s;
  const o = clone(s);
  o.awaiting = waiting;
  return o;
}

function lead(s: LfState, epoch: number, fx: Effects): LfState {
  const last = lastIndex(s.log);
  const match = new Array<number>(fx.ctx.n).fill(0);
  match[fx.ctx.self] = last;
  const out = clone(s);
  out.epoch = epoch;
  out.role = 'leader';
  out.leader = fx.ctx.self;
  out.next = new Array<number>(fx.ctx.n).fill(last + 1);
  out.match = match;
  out.awaiting = [];
  fx.timer({ name: ELECTION, cancel: true });
  fx.timer({ name: PING, cancel: true });
  fx.timer({ name: HEARTBEAT, afterMs: fx.config.heartbeatMs });
  for (const p of others(fx.ctx)) ship(out, p, fx);
  return out;
}

function onTimer(s: LfState, name: string, fx: Effects): LfState {
  const { config, ctx } = fx;
  if (name === HEARTBEAT && s.role === 'leader') {
    for (const p of others(ctx)) ship(s, p, fx);
    fx.timer({ name: HEARTBEAT, afterMs: config.heartbeatMs });
    return s;
  }
  if (config.mode !== 'naive' || s.role !== 'follower') return s;
  if (name === PING) {
    const msg: LfMsg = { kind: 'ping', epoch: s.epoch, last: position(s.log) };
    for (const p of others(ctx)) fx.send(p, msg);
    fx.timer({ name: PING, afterMs: config.heartbeatMs });
    return s;
  }
  if (name === ELECTION) {
    if (shouldPromote(s.peers, ctx.self, position(s.log), ctx.now, config.electionMaxMs, config.promote)) {
      let epoch = s.epoch;
      for (const q of s.peers.seen) if (q) epoch = Math.max(epoch, q.term);
      return lead(s, epoch + 1, fx);
    }
    fx.electionTimer();
  }
  return s;
}

function onMessage(s: LfState, from: number, m: LfMsg, fx: Effects): LfState {
  const heard = clone(s);
  heard.peers = heardFrom(s.peers, from, fx.ctx.now, m.last);
  s = heard;
  switch (m.kind) {
    case 'ping':
      return s;
    case 'replicate': {
      // A leader never steps down; a follower ignores a leader older than the one it follows.
      if (s.role === 'leader' || m.epoch < s.epoch) return s;
      const o = clone(s);
      o.epoch = m.epoch;
      o.leader = from;
      s = o;
      if (fx.config.mode === 'naive') fx.electionTimer();
      const r = appendFrom(s.log, m.prevIndex, m.prevTerm, m.entries);
      if (r.ok) {
        const o = clone(s);
        o.log = r.log;
        s = o;
      }
      fx.send(from, { kind: 'replicate-ok', epoch: s.epoch, success: r.ok, match: r.ok ? r.match : r.hint, last: position(s.log) });
      return s;
    }
    case 'replicate-ok': {
      if (s.role !== 'leader' || m.epoch !== s.epoch) return s;
      const match = s.match.slice();
      const next = s.next.slice();
      if (m.success) {
        match[from] = Math.max(match[from]!, m.match);
        next[from] = Math.max(next[from]!, m.match + 1);
      } else {
        next[from] = Math.max(match[from]! + 1, Math.min(next[from]! - 1, m.match + 1));
      }
      const o = clone(s);
      o.match = match;
      o.next = next;
      s = o;
      if (!m.success || lastIndex(s.log) - match[from]! >= fx.config.maxBatch) ship(s, from, fx);
      return ackHeld(s, fx);
    }
  }
}

function step(config: LeaderFollowerConfig, s: LfState, input: Input<LfMsg>, ctx: Ctx): Output<LfState, LfMsg> {
  const fx = new Effects(config, ctx);
  switch (input.kind) {
    case 'start':
      if (s.role === 'leader') return fx.done(lead(s, s.epoch, fx));
      if (config.mode === 'naive') {
        fx.electionTimer();
        fx.timer({ name: PING, afterMs: config.heartbeatMs });
      }
      return fx.done(s);
    case 'timer':
      return fx.done(onTimer(s, input.name, fx));
    case 'message':
      return fx.done(onMessage(s, input.from, input.msg, fx));
    case 'client-write': {
      if (s.role !== 'leader') {
        fx.reply({ kind: 'redirect', id: input.id, leader: s.leader });
        return fx.done(s);
      }
      const log = append(s.log, [{ term: s.epoch, id: input.id }]);
      const index = lastIndex(log);
      const match = s.match.slice();
      match[ctx.self] = index;
      const out = clone(s);
      out.log = log;
      out.match = match;
      out.awaiting = [...s.awaiting, { id: input.id, index }];
      for (const p of syncSet(out, fx)) ship(out, p, fx);
      return fx.done(ackHeld(out, fx));
    }
  }
}

function describe(m: LfMsg): string {
  switch (m.kind) {
    case 'replicate': {
      const what = m.entries.length ? `${m.entries.length} entr${m.entries.length === 1 ? 'y' : 'ies'} after ${m.prevIndex}` : 'heartbeat';
      return `Replicate epoch ${m.epoch} ${what}`;
    }
    case 'replicate-ok':
      return m.success ? `Replicate ok epoch ${m.epoch} match ${m.match}` : `Replicate rejected epoch ${m.epoch} (retry after ${m.match})`;
    case 'ping':
      return `Ping epoch ${m.epoch} (log ${m.last.index}@${m.last.term})`;
  }
}

function initial(self: number, n: number, log: Log, epoch: number): LfState {
  const leader = self === 0;
  return {
    epoch,
    log,
    role: leader ? 'leader' : 'follower',
    leader: leader ? 0 : null,
    peers: emptyPeers(n),
    next: leader ? new Array<number>(n).fill(lastIndex(log) + 1) : [],
    match: leader ? new Array<number>(n).fill(0) : [],
    awaiting: [],
  };
}

export function leaderFollower(config: LeaderFollowerConfig): Protocol<LfState, LfMsg> {
  return {
    name: config.mode === 'naive' ? 'leader-follower (naive failover)' : 'leader-follower (no automatic failover)',
    // Node 0 is the primary the system was deployed with, known to every follower.
    init: (self, n) => {
      const s = clone(initial(self, n, EMPTY_LOG, 1));
      s.leader = 0;
      return s;
    },
    recover: (s, self, n) => {
      // A fixed primary comes back as the primary; under naive failover a restarted node rejoins as a follower.
      const o = clone(initial(self, n, s.log, s.epoch));
      if (config.mode === 'fixed') {
        o.leader = 0;
        return o;
      }
      o.role = 'follower';
      o.leader = null;
      o.next = [];
      o.match = [];
      return o;
    },
    step: (s, input, ctx) => step(config, s, input, ctx),
    observe: (s) => ({ leader: s.role === 'leader', term: s.epoch }),
    logIds: (s) => logIds(s.log),
    describe,
  };
}
