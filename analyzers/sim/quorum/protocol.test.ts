import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deepFreeze } from '../test-kit';
import { quorumProtocol, type QInput, type QState, type QuorumConfig } from './protocol';

const CONFIG: QuorumConfig = { n: 3, w: 2, r: 2, sloppy: false, keys: 4, timeoutMs: 200, hintReplayMs: 500 };
const ctx = (self: number, random = 0.5) => ({ now: 0, self, n: 3, random });

/** Steps a frozen state, so a handler that mutates its input throws. */
function run(config: QuorumConfig, self: number, inputs: QInput[], state?: QState) {
  const p = quorumProtocol(config);
  let s = deepFreeze(state ?? p.init(self));
  const outs = [];
  for (const input of inputs) {
    const o = p.step(s, deepFreeze(input), ctx(self));
    s = deepFreeze(o.state);
    outs.push(o);
  }
  return { state: s, outs, p };
}

describe('sim/quorum/protocol', () => {
  it('a coordinator applies a write, sends it to the other replicas and acknowledges at W, never mutating its input', () => {
    const { state, outs } = run(CONFIG, 0, [
      { kind: 'client-write', id: 7, key: 2, version: 5 },
      { kind: 'message', from: 2, msg: { kind: 'put-ok', op: 1 } },
      { kind: 'message', from: 1, msg: { kind: 'put-ok', op: 1 } },
    ]);
    assert.deepEqual(outs[0]!.messages.map((m) => [m.to, m.msg]), [
      [1, { kind: 'put', op: 1, key: 2, version: 5 }],
      [2, { kind: 'put', op: 1, key: 2, version: 5 }],
    ]);
    assert.deepEqual(outs[0]!.replies, [], 'one acknowledgement (its own) is not W=2');
    assert.deepEqual(outs[1]!.replies, [{ kind: 'ack', id: 7, hinted: [] }]);
    assert.deepEqual(outs[1]!.timers, [{ name: 'w1', cancel: true }], 'strict: done at W');
    assert.deepEqual(outs[2]!.replies, [], 'a late acknowledgement changes nothing');
    assert.deepEqual(state.versions, [0, 0, 5, 0]);
    assert.deepEqual(state.writes, []);
  });

  it('a replica keeps the highest version of a key (last writer wins by version) and answers reads with it', () => {
    const { state, outs } = run(CONFIG, 1, [
      { kind: 'message', from: 0, msg: { kind: 'put', op: 3, key: 1, version: 4 } },
      { kind: 'message', from: 2, msg: { kind: 'put', op: 9, key: 1, version: 2 } },
      { kind: 'message', from: 2, msg: { kind: 'get', op: 10, key: 1 } },
    ]);
    assert.deepEqual(state.versions, [0, 4, 0, 0]);
    assert.deepEqual(outs.map((o) => o.messages), [[{ to: 0, msg: { kind: 'put-ok', op: 3 } }], [{ to: 2, msg: { kind: 'put-ok', op: 9 } }], [{ to: 2, msg: { kind: 'get-ok', op: 10, version: 4 } }]]);
  });

  it('a read returns the highest version among the first R answers (its own first), and fails short of R at the timeout', () => {
    const { outs } = run(CONFIG, 0, [
      { kind: 'message', from: 1, msg: { kind: 'put', op: 1, key: 0, version: 3 } },
      { kind: 'client-read', id: 4, key: 0 },
      { kind: 'message', from: 2, msg: { kind: 'get-ok', op: 1, version: 6 } },
      { kind: 'message', from: 1, msg: { kind: 'get-ok', op: 1, version: 9 } },
      { kind: 'client-read', id: 5, key: 0 },
      { kind: 'timer', name: 'r2' },
    ]);
    assert.deepEqual(outs[1]!.messages.map((m) => m.to), [1, 2], 'Dynamo asks all N');
    assert.deepEqual(outs[2]!.replies, [{ kind: 'value', id: 4, version: 6, replicas: [0, 2] }]);
    assert.deepEqual(outs[3]!.replies, [], 'the third answer comes too late to count');
    assert.deepEqual(outs[5]!.replies, [{ kind: 'read-failed', id: 5 }]);
  });

  it('strict: a write short of W at the timeout fails; W=1 and R=1 answer at once', () => {
    const failed = run(CONFIG, 0, [{ kind: 'client-write', id: 1, key: 0, version: 1 }, { kind: 'timer', name: 'w1' }]);
    assert.deepEqual(failed.outs[1]!.replies, [{ kind: 'write-failed', id: 1 }]);
    assert.deepEqual(failed.state.hints, new Array(12).fill(0), 'no hints without sloppy-quorum');
    const one = run({ ...CONFIG, w: 1, r: 1 }, 2, [{ kind: 'client-write', id: 3, key: 1, version: 2 }, { kind: 'client-read', id: 8, key: 1 }]);
    assert.deepEqual(one.outs.map((o) => o.replies), [[{ kind: 'ack', id: 3, hinted: [] }], [{ kind: 'value', id: 8, version: 2, replicas: [2] }]]);
    assert.deepEqual(one.outs[1]!.messages, [], 'R=1: its own answer is the first, nothing to ask');
  });

  it('sloppy: at the timeout the coordinator keeps hints for the replicas that did not acknowledge, acknowledges with them, and hands them off', () => {
    const sloppy = { ...CONFIG, sloppy: true };
    const { state, outs, p } = run(sloppy, 0, [
      { kind: 'client-write', id: 1, key: 3, version: 2 },
      { kind: 'timer', name: 'w1' },
      { kind: 'timer', name: 'handoff' },
      { kind: 'message', from: 2, msg: { kind: 'hint-ok', items: [{ key: 3, version: 2 }] } },
    ]);
    assert.deepEqual(outs[1]!.replies, [{ kind: 'ack', id: 1, hinted: [1, 2] }]);
    assert.deepEqual(outs[1]!.timers, [{ name: 'handoff', afterMs: 500 }]);
    assert.deepEqual(outs[2]!.messages, [
      { to: 1, msg: { kind: 'hint', items: [{ key: 3, version: 2 }] } },
      { to: 2, msg: { kind: 'hint', items: [{ key: 3, version: 2 }] } },
    ]);
    assert.deepEqual(outs[3]!.handoffs, [{ to: 2, key: 3, version: 2 }]);
    assert.equal(p.hintCount(state), 1, 'node 1 has not taken its hint yet');
    const home = run(sloppy, 1, [{ kind: 'message', from: 0, msg: { kind: 'hint', items: [{ key: 3, version: 2 }] } }]);
    assert.deepEqual(home.state.versions, [0, 0, 0, 2]);
    assert.deepEqual(home.outs[0]!.messages, [{ to: 0, msg: { kind: 'hint-ok', items: [{ key: 3, version: 2 }] } }]);
  });

  it('sloppy: a write that reached W keeps hints only for the replicas still missing, and is not "acknowledged with hints"', () => {
    const { outs, state } = run({ ...CONFIG, sloppy: true }, 0, [
      { kind: 'client-write', id: 1, key: 0, version: 1 },
      { kind: 'message', from: 1, msg: { kind: 'put-ok', op: 1 } },
      { kind: 'timer', name: 'w1' },
    ]);
    assert.deepEqual(outs[1]!.replies, [{ kind: 'ack', id: 1, hinted: [] }]);
    assert.deepEqual(outs[2]!.replies, []);
    assert.deepEqual(state.hints.map((v, i) => (v ? i : -1)).filter((i) => i >= 0), [2 * 4 + 0], 'a hint for node 2, key 0');
  });

  it('recover keeps versions, hints and request numbers, and forgets pending requests', () => {
    const { state, p } = run({ ...CONFIG, sloppy: true }, 0, [{ kind: 'client-write', id: 1, key: 0, version: 1 }, { kind: 'timer', name: 'w1' }, { kind: 'client-read', id: 2, key: 0 }]);
    const r = p.recover(state);
    assert.deepEqual([r.versions, r.hints, r.nextOp, r.writes, r.reads, r.replaying], [state.versions, state.hints, 3, [], [], false]);
    const started = p.step(r, { kind: 'start' }, ctx(0, 0));
    assert.deepEqual(started.timers, [{ name: 'handoff', afterMs: 250 }], 'a restarted holder offers its hints again');
  });
});
