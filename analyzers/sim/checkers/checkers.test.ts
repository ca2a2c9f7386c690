import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Record } from '../history';
import type { Topology } from '../network';
import { checkLeaderWithin, outages } from './failover';
import { checkLostWrites } from './lost-writes';
import { checkSplitBrain } from './split-brain';
import type { CheckContext } from './types';

const NET = { sameZone: { min: 1, max: 1 }, crossZone: { min: 1, max: 1 }, crossRegion: { min: 1, max: 1 }, lossPercent: 0 };
const T3: Topology = { n: 3, zone: ['a', 'b', 'c'], region: ['r', 'r', 'r'], latency: NET };
const ctx = (need: number, endMs = 10_000): CheckContext => ({ topology: T3, need, endMs });

describe('sim/checkers/split-brain', () => {
  it('fails when two leaders each accept and acknowledge writes while both lead', () => {
    const h: Record[] = [
      { t: 0, kind: 'leader', node: 0, term: 1 },
      { t: 100, kind: 'partition', sides: [['a'], ['b', 'c']] },
      { t: 400, kind: 'leader', node: 2, term: 2 },
      { t: 410, kind: 'write', node: 2, id: 7 },
      { t: 410, kind: 'ack', node: 2, id: 7 },
      { t: 420, kind: 'write', node: 0, id: 8 },
      { t: 420, kind: 'ack', node: 0, id: 8 },
    ];
    const v = checkSplitBrain(h, 1000);
    assert.equal(v.passed, false);
    assert.equal(v.detail, 'two leaders accepting writes at t=0.420s (node 0 term 1, node 2 term 2)');
    assert.equal(v.atMs, 420);
  });

  it('passes when the old leader only acknowledges, after a pause, a write it accepted before the new leader existed', () => {
    const h: Record[] = [
      { t: 0, kind: 'leader', node: 0, term: 1 },
      { t: 999, kind: 'write', node: 0, id: 1 },
      { t: 1000, kind: 'pause', node: 0, untilMs: 3000 },
      { t: 1300, kind: 'leader', node: 1, term: 2 },
      { t: 1310, kind: 'write', node: 1, id: 2 },
      { t: 1312, kind: 'ack', node: 1, id: 2 },
      { t: 3000, kind: 'resume', node: 0 },
      { t: 3000, kind: 'ack', node: 0, id: 1 },
      { t: 3000, kind: 'write', node: 0, id: 3 }, // accepted in the overlap, never acknowledged
      { t: 3001, kind: 'step-down', node: 0, term: 1 },
    ];
    assert.equal(checkSplitBrain(h, 5000).passed, true);
  });

  it('passes when leaderships do not overlap, and when one of two leaders acknowledges nothing', () => {
    const seq: Record[] = [
      { t: 0, kind: 'leader', node: 0, term: 1 },
      { t: 5, kind: 'write', node: 0, id: 1 },
      { t: 6, kind: 'ack', node: 0, id: 1 },
      { t: 10, kind: 'crash', node: 0 },
      { t: 10, kind: 'leader', node: 1, term: 2 },
      { t: 11, kind: 'write', node: 1, id: 2 },
      { t: 12, kind: 'ack', node: 1, id: 2 },
    ];
    assert.equal(checkSplitBrain(seq, 100).passed, true);
    const minority: Record[] = [
      { t: 0, kind: 'leader', node: 0, term: 1 },
      { t: 10, kind: 'leader', node: 1, term: 2 },
      { t: 11, kind: 'write', node: 1, id: 2 },
      { t: 12, kind: 'ack', node: 1, id: 2 },
      { t: 13, kind: 'write', node: 0, id: 3 }, // the cut-off Raft leader accepts but cannot commit
    ];
    assert.equal(checkSplitBrain(minority, 100).passed, true);
  });
});

describe('sim/checkers/failover', () => {
  it('measures from the leader crash to the next leader, leaving out the start-up election', () => {
    const h: Record[] = [
      { t: 180, kind: 'leader', node: 2, term: 1 },
      { t: 5000, kind: 'crash', node: 2 },
      { t: 5210, kind: 'leader', node: 0, term: 2 },
    ];
    assert.deepEqual(outages(h, ctx(2)), [{ startMs: 5000, endMs: 5210, open: false }]);
    assert.deepEqual(checkLeaderWithin(outages(h, ctx(2)), 200), { passed: false, detail: 'over 200ms: no writable leader from t=5.000s to t=5.210s (210ms)', atMs: 5000 });
    assert.equal(checkLeaderWithin(outages(h, ctx(2)), 210).passed, true);
  });

  it('counts a leader cut off from its majority as no writable leader, and a never-ending outage to the end', () => {
    const h: Record[] = [
      { t: 0, kind: 'leader', node: 0, term: 1 },
      { t: 1000, kind: 'partition', sides: [['a'], ['b', 'c']] },
      { t: 1250, kind: 'leader', node: 1, term: 2 },
      { t: 2000, kind: 'crash', node: 1 },
      { t: 2000, kind: 'crash', node: 2 },
    ];
    assert.deepEqual(outages(h, ctx(2, 9000)), [
      { startMs: 1000, endMs: 1250, open: false },
      { startMs: 2000, endMs: 9000, open: true },
    ]);
    assert.deepEqual(outages(h, ctx(1, 9000)), [], 'needing 1, the cut-off node 0 leads alone and still takes writes');
  });

  it('counts a paused leader as down, and no outage when a takeover happens at the same instant', () => {
    const h: Record[] = [
      { t: 0, kind: 'leader', node: 0, term: 1 },
      { t: 100, kind: 'pause', node: 0, untilMs: 300 },
      { t: 300, kind: 'resume', node: 0 },
      { t: 400, kind: 'step-down', node: 0, term: 1 },
      { t: 400, kind: 'leader', node: 1, term: 2 },
    ];
    assert.deepEqual(outages(h, ctx(2)), [{ startMs: 100, endMs: 300, open: false }]);
  });

  it('counts a group that never elects a leader as one outage over the whole run', () => {
    assert.deepEqual(outages([{ t: 5, kind: 'crash', node: 0 }], ctx(2, 700)), [{ startMs: 0, endMs: 700, open: true }]);
  });
});

describe('sim/checkers/lost-writes', () => {
  const base: Record[] = [
    { t: 0, kind: 'leader', node: 0, term: 1 },
    { t: 10, kind: 'acked', node: 0, id: 1 },
    { t: 20, kind: 'acked', node: 0, id: 2 },
    { t: 30, kind: 'acked', node: 0, id: 3 },
    { t: 40, kind: 'crash', node: 0 },
    { t: 200, kind: 'leader', node: 2, term: 2 },
  ];
  it('fails for acknowledged writes missing on the leader at the end', () => {
    const h: Record[] = [...base, { t: 1000, kind: 'log', node: 0, ids: [1, 2, 3] }, { t: 1000, kind: 'log', node: 2, ids: [1] }];
    const v = checkLostWrites(h, 1000);
    assert.equal(v.passed, false);
    assert.equal(v.lost, 2);
    assert.equal(v.detail, '2 acknowledged writes missing on node 2, the leader at the end (term 2): #2, #3; #2 was acknowledged by node 0 at t=0.020s');
  });

  it('passes when the new leader holds them, and judges by the last leader when none leads at the end', () => {
    assert.equal(checkLostWrites([...base, { t: 1000, kind: 'log', node: 2, ids: [1, 2, 3] }], 1000).passed, true);
    const noLeader: Record[] = [...base.slice(0, 5), { t: 1000, kind: 'log', node: 0, ids: [1, 2, 3] }];
    const v = checkLostWrites(noLeader, 1000);
    assert.equal(v.passed, true);
    assert.match(v.detail, /node 0, the last leader/);
  });

  it('reads acknowledgements only from what reached the client', () => {
    const h: Record[] = [
      { t: 0, kind: 'leader', node: 0, term: 1 },
      { t: 10, kind: 'ack', node: 0, id: 1 }, // sent, but the node crashed before the client got it
      { t: 10, kind: 'crash', node: 0 },
      { t: 200, kind: 'leader', node: 1, term: 2 },
      { t: 1000, kind: 'log', node: 1, ids: [] },
    ];
    assert.equal(checkLostWrites(h, 1000).passed, true);
  });
});

describe('sim/checkers/lost-writes: the leader that follows', () => {
  it('is the newest term’s leader, not an older one still leading in a minority', () => {
    const h: Record[] = [
      { t: 180, kind: 'leader', node: 1, term: 1 },
      { t: 206, kind: 'partition', sides: [['a', 'c'], ['b']] },
      { t: 400, kind: 'leader', node: 2, term: 2 },
      { t: 427, kind: 'acked', node: 2, id: 17 },
      { t: 428, kind: 'crash', node: 2 },
      { t: 3000, kind: 'log', node: 1, ids: [] },
      { t: 3000, kind: 'log', node: 2, ids: [17] },
    ];
    const v = checkLostWrites(h, 3000);
    assert.equal(v.passed, true, v.detail);
    assert.match(v.detail, /on node 2, the last leader \(down at the end\)/);
  });
});
