import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { deepFreeze } from '../test-kit';
import { lastIndex } from './log';
import { leaderFollower, type LeaderFollowerConfig, type LfMsg, type LfState } from './leader-follower';
import { emptyPeers, heardFrom, shouldPromote } from './naive-failover';
import type { Ctx, Input } from './types';

const BASE: LeaderFollowerConfig = { mode: 'naive', syncFollowers: 0, promote: 'any', heartbeatMs: 50, electionMinMs: 150, electionMaxMs: 300, maxBatch: 256 };

function ctx(self: number, n = 3, now = 0, random = 0.5): Ctx {
  return { now, self, n, random };
}
const msg = (from: number, m: LfMsg): Input<LfMsg> => ({ kind: 'message', from, msg: m });
const pos = (index: number, term = 1) => ({ term, index });

describe('sim/protocols/naive-failover', () => {
  it('promotes the highest-index node it can reach, ignoring nodes not heard within the window', () => {
    let p = emptyPeers(3);
    p = heardFrom(p, 2, 900, pos(0));
    assert.equal(shouldPromote(p, 1, pos(0), 1000, 300, 'any'), false, 'node 2 is reachable and higher');
    assert.equal(shouldPromote(p, 1, pos(0), 1300, 300, 'any'), true, 'node 2 silent for more than the window');
    assert.equal(shouldPromote(p, 2, pos(0), 1000, 300, 'any'), true);
  });

  it('with promote in-sync, only the most up-to-date reachable nodes are candidates', () => {
    let p = emptyPeers(3);
    p = heardFrom(p, 2, 990, pos(40));
    assert.equal(shouldPromote(p, 1, pos(42), 1000, 300, 'in-sync'), true, 'node 1 holds more than node 2');
    assert.equal(shouldPromote(p, 1, pos(42), 1000, 300, 'any'), false);
    assert.equal(shouldPromote(heardFrom(p, 2, 995, pos(42)), 1, pos(42), 1000, 300, 'in-sync'), false, 'equal logs: the higher index');
  });
});

describe('sim/protocols/leader-follower', () => {
  it('starts with node 0 leading and every follower knowing it', () => {
    const P = leaderFollower(BASE);
    assert.deepEqual(P.observe(P.init(0, 3)), { leader: true, term: 1 });
    assert.equal(P.init(2, 3).leader, 0);
  });

  it('sync-followers 0: acknowledges at once and ships on the heartbeat only', () => {
    const P = leaderFollower(BASE);
    const out = P.step(P.init(0, 3), { kind: 'client-write', id: 1 }, ctx(0));
    assert.deepEqual(out.replies, [{ kind: 'ack', id: 1 }]);
    assert.deepEqual(out.messages, [], 'nothing shipped before the heartbeat');
    const hb = P.step(out.state, { kind: 'timer', name: 'heartbeat' }, ctx(0));
    assert.deepEqual(
      hb.messages.map((m) => [m.to, m.msg.kind, m.msg.kind === 'replicate' ? m.msg.entries.length : -1]),
      [[1, 'replicate', 1], [2, 'replicate', 1]],
    );
  });

  it('sync-followers 1: ships to one follower at once and acknowledges when it holds the write', () => {
    const P = leaderFollower({ ...BASE, syncFollowers: 1, promote: 'in-sync' });
    const w = P.step(P.init(0, 3), { kind: 'client-write', id: 1 }, ctx(0));
    assert.deepEqual(w.replies, []);
    assert.deepEqual(w.messages.map((m) => m.to), [1], 'the first follower by index');
    const other = P.step(w.state, msg(2, { kind: 'replicate-ok', epoch: 1, success: true, match: 0, last: pos(0) }), ctx(0));
    assert.deepEqual(other.replies, [], 'a follower without the write does not count');
    const ok = P.step(other.state, msg(1, { kind: 'replicate-ok', epoch: 1, success: true, match: 1, last: pos(1) }), ctx(0));
    assert.deepEqual(ok.replies, [{ kind: 'ack', id: 1 }]);
  });

  it('naive: a follower that misses its leader promotes itself under the naive rule; a leader never steps down', () => {
    const P = leaderFollower(BASE);
    let f: LfState = P.init(2, 3);
    f = P.step(f, msg(1, { kind: 'ping', epoch: 1, last: pos(0) }), ctx(2, 3, 100)).state;
    const out = P.step(f, { kind: 'timer', name: 'election' }, ctx(2, 3, 300));
    assert.deepEqual(P.observe(out.state), { leader: true, term: 2 });
    const old = P.init(0, 3);
    const ignored = P.step(old, msg(2, { kind: 'replicate', epoch: 2, prevIndex: 0, prevTerm: 0, entries: [], last: pos(0) }), ctx(0));
    assert.equal(ignored.state.role, 'leader', 'a newer leader does not unseat it');
    assert.deepEqual(ignored.messages, []);
  });

  it('naive: node 1 does not promote while node 2, higher, is reachable', () => {
    const P = leaderFollower(BASE);
    let f = P.init(1, 3);
    f = P.step(f, msg(2, { kind: 'ping', epoch: 1, last: pos(0) }), ctx(1, 3, 200)).state;
    const out = P.step(f, { kind: 'timer', name: 'election' }, ctx(1, 3, 300));
    assert.equal(out.state.role, 'follower');
    assert.ok(out.timers.some((t) => t.name === 'election'), 'it waits another election timeout');
  });

  it('fixed (failover manual): node 0 leads again after a restart, followers never promote', () => {
    const P = leaderFollower({ ...BASE, mode: 'fixed' });
    assert.equal(P.recover(P.init(0, 3), 0, 3).role, 'leader');
    const f = P.step(P.init(2, 3), { kind: 'timer', name: 'election' }, ctx(2, 3, 10_000));
    assert.equal(f.state.role, 'follower');
    assert.deepEqual(P.step(P.init(1, 3), { kind: 'start' }, ctx(1)).timers, [], 'no election or ping timers');
  });

  it('a follower of a newer leader drops what its old leader never shipped; it ignores the older leader', () => {
    const P = leaderFollower(BASE);
    let f = P.init(1, 3);
    f = P.step(f, msg(0, { kind: 'replicate', epoch: 1, prevIndex: 0, prevTerm: 0, entries: [{ term: 1, id: 1 }, { term: 1, id: 2 }], last: pos(2) }), ctx(1)).state;
    f = P.step(f, msg(2, { kind: 'replicate', epoch: 2, prevIndex: 1, prevTerm: 1, entries: [{ term: 2, id: 9 }], last: pos(2, 2) }), ctx(1)).state;
    assert.deepEqual(P.logIds(f), [1, 9]);
    const old = P.step(f, msg(0, { kind: 'replicate', epoch: 1, prevIndex: 2, prevTerm: 1, entries: [{ term: 1, id: 3 }], last: pos(3) }), ctx(1));
    assert.deepEqual(P.logIds(old.state), [1, 9]);
    assert.deepEqual(old.messages, []);
  });

  it('is pure and never mutates its input', () => {
    const P = leaderFollower({ ...BASE, syncFollowers: 1, promote: 'in-sync' });
    const peer = fc.integer({ min: 0, max: 2 });
    const small = fc.integer({ min: 0, max: 4 });
    const position = fc.tuple(small, small).map(([term, index]) => ({ term, index }));
    const message: fc.Arbitrary<LfMsg> = fc.oneof(
      fc.tuple(small, small, small, fc.array(fc.tuple(small, small).map(([term, id]) => ({ term, id })), { maxLength: 3 }), position).map(([epoch, prevIndex, prevTerm, entries, last]): LfMsg => ({ kind: 'replicate', epoch, prevIndex, prevTerm, entries, last })),
      fc.tuple(small, fc.boolean(), small, position).map(([epoch, success, match, last]): LfMsg => ({ kind: 'replicate-ok', epoch, success, match, last })),
      fc.tuple(small, position).map(([epoch, last]): LfMsg => ({ kind: 'ping', epoch, last })),
    );
    const input: fc.Arbitrary<Input<LfMsg>> = fc.oneof(
      fc.constantFrom<Input<LfMsg>>({ kind: 'start' }, { kind: 'timer', name: 'election' }, { kind: 'timer', name: 'heartbeat' }, { kind: 'timer', name: 'ping' }),
      fc.integer({ min: 1, max: 99 }).map((id): Input<LfMsg> => ({ kind: 'client-write', id })),
      fc.tuple(peer, message).map(([from, m]) => msg(from, m)),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.array(fc.tuple(input, fc.integer({ min: 0, max: 2000 })), { maxLength: 40 }), (self, steps) => {
        let s = P.init(self, 3);
        let now = 0;
        for (const [inp, dt] of steps) {
          now += dt;
          deepFreeze(s);
          const c = ctx(self, 3, now);
          const out = P.step(s, inp, c);
          assert.deepEqual(P.step(s, inp, c), out);
          assert.deepEqual(structuredClone(out.state), out.state);
          if (s.role === 'leader') assert.equal(out.state.role, 'leader', 'a leader never steps down');
          if (s.role === 'leader') assert.ok(lastIndex(out.state.log) >= lastIndex(s.log));
          s = out.state;
        }
      }),
      { numRuns: 200 },
    );
  });
});
