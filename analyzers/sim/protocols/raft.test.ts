import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { deepFreeze } from '../test-kit';
import { append, EMPTY_LOG, lastIndex, logIds } from './log';
import { raft, type RaftMsg, type RaftState } from './raft';
import type { Ctx, Input } from './types';

const CONFIG = { heartbeatMs: 50, electionMinMs: 150, electionMaxMs: 300, ackQuorum: 2, maxBatch: 256 };
const P = raft(CONFIG);

function ctx(self: number, n = 3, now = 0, random = 0.5): Ctx {
  return { now, self, n, random };
}
const msg = (from: number, m: RaftMsg): Input<RaftMsg> => ({ kind: 'message', from, msg: m });
const timer = (name: string): Input<RaftMsg> => ({ kind: 'timer', name });

/** Node 0 of 3 made leader of term 1 by node 1's vote. */
function leader(config = CONFIG): RaftState {
  const p = raft(config);
  let s = p.step(p.init(0, 3), timer('election'), ctx(0)).state;
  s = p.step(s, msg(1, { kind: 'vote', term: 1, granted: true }), ctx(0)).state;
  assert.equal(s.role, 'leader');
  return s;
}

describe('sim/protocols/raft', () => {
  it('an election timeout makes a candidate of the next term that votes for itself and asks everyone', () => {
    const out = P.step(P.init(1, 3), timer('election'), ctx(1, 3, 0, 0.25));
    assert.equal(out.state.role, 'candidate');
    assert.equal(out.state.term, 1);
    assert.equal(out.state.votedFor, 1);
    assert.deepEqual(out.messages, [
      { to: 0, msg: { kind: 'vote-req', term: 1, lastIndex: 0, lastTerm: 0 } },
      { to: 2, msg: { kind: 'vote-req', term: 1, lastIndex: 0, lastTerm: 0 } },
    ]);
    assert.deepEqual(out.timers, [{ name: 'election', afterMs: 150 + 0.25 * 150 }], 'randomized from ctx.random over the range');
  });

  it('grants one vote per term, only to a candidate whose log is at least as up-to-date', () => {
    const mine = { ...P.init(0, 3), term: 2, log: append(EMPTY_LOG, [{ term: 1, id: 1 }, { term: 2, id: 2 }]) };
    const ask = (from: number, term: number, lastIndex: number, lastTerm: number) => P.step(mine, msg(from, { kind: 'vote-req', term, lastIndex, lastTerm }), ctx(0));
    const vote = (o: { messages: { msg: RaftMsg }[] }) => (o.messages[0]!.msg as Extract<RaftMsg, { kind: 'vote' }>).granted;
    assert.equal(vote(ask(1, 3, 1, 1)), false, 'last term 1 < 2: behind');
    assert.equal(vote(ask(1, 3, 1, 2)), false, 'same last term, shorter log: behind');
    const yes = ask(1, 3, 2, 2);
    assert.equal(vote(yes), true);
    assert.equal(yes.state.votedFor, 1);
    assert.equal(yes.state.term, 3, 'the higher term is adopted');
    assert.ok(yes.timers.some((t) => t.name === 'election' && 'afterMs' in t), 'granting resets the election timer');
    const again = P.step(yes.state, msg(2, { kind: 'vote-req', term: 3, lastIndex: 9, lastTerm: 3 }), ctx(0));
    assert.equal(vote(again), false, 'already voted in term 3');
    assert.equal(vote(P.step(yes.state, msg(1, { kind: 'vote-req', term: 3, lastIndex: 2, lastTerm: 2 }), ctx(0))), true, 'the same candidate may ask again');
  });

  it('a majority of votes makes a leader: a no-op of its term, AppendEntries to all, heartbeats', () => {
    const s0 = P.step(P.init(0, 3), timer('election'), ctx(0)).state;
    const out = P.step(s0, msg(1, { kind: 'vote', term: 1, granted: true }), ctx(0));
    assert.equal(out.state.role, 'leader');
    assert.deepEqual(logIds(out.state.log), [], 'the no-op is no client write');
    assert.equal(lastIndex(out.state.log), 1);
    assert.deepEqual(out.messages.map((m) => [m.to, m.msg.kind]), [[1, 'append'], [2, 'append']]);
    assert.deepEqual(out.timers, [{ name: 'election', cancel: true }, { name: 'heartbeat', afterMs: 50 }]);
    assert.deepEqual(P.observe(out.state), { leader: true, term: 1 });
  });

  it('acknowledges a client write only once ackQuorum members hold it', () => {
    let s = leader();
    const w = P.step(s, { kind: 'client-write', id: 42 }, ctx(0));
    assert.deepEqual(w.replies, [], 'not yet: only the leader holds it');
    s = w.state;
    const ok = P.step(s, msg(2, { kind: 'append-ok', term: 1, success: true, match: 2 }), ctx(0));
    assert.deepEqual(ok.replies, [{ kind: 'ack', id: 42 }]);
    assert.equal(ok.state.commit, 2);

    const P3 = raft({ ...CONFIG, ackQuorum: 3 });
    let t = leader({ ...CONFIG, ackQuorum: 3 });
    t = P3.step(t, { kind: 'client-write', id: 7 }, ctx(0)).state;
    const one = P3.step(t, msg(1, { kind: 'append-ok', term: 1, success: true, match: 2 }), ctx(0));
    assert.deepEqual(one.replies, [], 'sync-followers asks for all 3');
    const two = P3.step(one.state, msg(2, { kind: 'append-ok', term: 1, success: true, match: 2 }), ctx(0));
    assert.deepEqual(two.replies, [{ kind: 'ack', id: 7 }]);
  });

  it('batches client writes into the next heartbeat; a heartbeat that brings nothing new leaves the state as it was', () => {
    const w1 = P.step(leader(), { kind: 'client-write', id: 1 }, ctx(0));
    assert.deepEqual(w1.messages, [], 'no AppendEntries round per write');
    const w2 = P.step(w1.state, { kind: 'client-write', id: 2 }, ctx(0));
    const hb = P.step(w2.state, timer('heartbeat'), ctx(0));
    const ids = (m: RaftMsg) => (m.kind === 'append' ? m.entries.map((e) => e.id) : []);
    assert.deepEqual(hb.messages.map((m) => [m.to, ids(m.msg)]), [[1, [0, 1, 2]], [2, [0, 1, 2]]], 'the no-op and both writes, to each follower');
    const f = P.step(P.init(1, 3), msg(0, hb.messages[0]!.msg), ctx(1));
    assert.deepEqual(P.logIds(f.state), [1, 2]);
    const again = P.step(f.state, msg(0, hb.messages[0]!.msg), ctx(1));
    assert.equal(again.state, f.state, 'the same object: nothing to copy, nothing for the engine to look at');
    assert.deepEqual(again.messages, [{ to: 0, msg: { kind: 'append-ok', term: 1, success: true, match: 3 } }]);
    const ok = P.step(hb.state, msg(1, { kind: 'append-ok', term: 1, success: true, match: 3 }), ctx(0));
    assert.deepEqual(ok.replies, [{ kind: 'ack', id: 1 }, { kind: 'ack', id: 2 }], 'one round commits the batch');
    assert.equal(P.step(ok.state, msg(1, { kind: 'append-ok', term: 1, success: true, match: 3 }), ctx(0)).state, ok.state, 'a repeated ok changes nothing');
  });

  it('steps down on a higher term, dropping the writes it was waiting on', () => {
    let s = leader();
    s = P.step(s, { kind: 'client-write', id: 1 }, ctx(0)).state;
    const out = P.step(s, msg(2, { kind: 'append-ok', term: 5, success: false, match: 0 }), ctx(0));
    assert.equal(out.state.role, 'follower');
    assert.equal(out.state.term, 5);
    assert.equal(out.state.votedFor, null);
    assert.deepEqual(out.state.awaiting, []);
    assert.deepEqual(out.replies, []);
    assert.ok(out.timers.some((t) => t.name === 'heartbeat' && 'cancel' in t));
    assert.ok(out.timers.some((t) => t.name === 'election' && 'afterMs' in t));
  });

  it('a follower appends from its leader, follows its commit, and redirects clients to it', () => {
    const f = P.init(1, 3);
    const out = P.step(f, msg(0, { kind: 'append', term: 1, prevIndex: 0, prevTerm: 0, entries: [{ term: 1, id: 0 }, { term: 1, id: 5 }], commit: 1 }), ctx(1));
    assert.deepEqual(out.messages, [{ to: 0, msg: { kind: 'append-ok', term: 1, success: true, match: 2 } }]);
    assert.equal(out.state.commit, 1);
    assert.deepEqual(P.logIds(out.state), [5]);
    assert.deepEqual(P.step(out.state, { kind: 'client-write', id: 9 }, ctx(1)).replies, [{ kind: 'redirect', id: 9, leader: 0 }]);
    const stale = P.step(out.state, msg(2, { kind: 'append', term: 0, prevIndex: 0, prevTerm: 0, entries: [], commit: 0 }), ctx(1));
    assert.deepEqual(stale.messages, [{ to: 2, msg: { kind: 'append-ok', term: 1, success: false, match: 0 } }], 'an older term is refused');
  });

  it('keeps term, vote and log over a crash, and nothing else', () => {
    let s = leader();
    s = P.step(s, { kind: 'client-write', id: 3 }, ctx(0)).state;
    const r = P.recover(s, 0, 3);
    assert.deepEqual([r.term, r.votedFor, r.log], [s.term, s.votedFor, s.log]);
    assert.deepEqual([r.role, r.commit, r.awaiting, r.leader], ['follower', 0, [], null]);
  });

  it('is pure: never mutates its input, gives equal outputs for equal inputs, keeps plain data, and keeps its invariants', () => {
    const peer = fc.integer({ min: 1, max: 2 });
    const term = fc.integer({ min: 0, max: 4 });
    const idx = fc.integer({ min: 0, max: 4 });
    const entries = fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 9 })).map(([t, id]) => ({ term: t, id })), { maxLength: 3 });
    const message: fc.Arbitrary<RaftMsg> = fc.oneof(
      fc.tuple(term, idx, term).map(([t, i, lt]): RaftMsg => ({ kind: 'vote-req', term: t, lastIndex: i, lastTerm: lt })),
      fc.tuple(term, fc.boolean()).map(([t, g]): RaftMsg => ({ kind: 'vote', term: t, granted: g })),
      fc.tuple(term, idx, term, entries, idx).map(([t, pi, pt, e, c]): RaftMsg => ({ kind: 'append', term: t, prevIndex: pi, prevTerm: pt, entries: e, commit: c })),
      fc.tuple(term, fc.boolean(), idx).map(([t, ok, m]): RaftMsg => ({ kind: 'append-ok', term: t, success: ok, match: m })),
    );
    const input: fc.Arbitrary<Input<RaftMsg>> = fc.oneof(
      fc.constantFrom<Input<RaftMsg>>({ kind: 'start' }, timer('election'), timer('heartbeat')),
      fc.integer({ min: 1, max: 99 }).map((id): Input<RaftMsg> => ({ kind: 'client-write', id })),
      fc.tuple(peer, message).map(([from, m]) => msg(from, m)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(input, fc.double({ min: 0, max: 0.999, noNaN: true })), { maxLength: 40 }), (steps) => {
        let s = P.init(0, 3);
        for (const [inp, random] of steps) {
          deepFreeze(s);
          const c = ctx(0, 3, 0, random);
          const out = P.step(s, inp, c);
          assert.deepEqual(P.step(s, inp, c), out, 'deterministic');
          assert.deepEqual(structuredClone(out.state), out.state, 'plain data');
          const next = out.state;
          assert.ok(next.term >= s.term, 'terms never go back');
          if (next.term === s.term && s.votedFor !== null) assert.equal(next.votedFor, s.votedFor, 'one vote per term');
          assert.ok(next.commit <= lastIndex(next.log), 'commit within the log');
          if (s.role === 'leader' && next.role === 'leader') assert.ok(lastIndex(next.log) >= lastIndex(s.log), 'a leader only appends');
          for (const m of out.messages) assert.ok(m.to !== 0 && m.to < 3);
          s = next;
        }
      }),
      { numRuns: 200 },
    );
  });
});
