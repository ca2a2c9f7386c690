import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Record } from '../../history';
import { checkStaleReads, judgeReads } from './stale-reads';

describe('sim/quorum/checkers/stale-reads (PBS)', () => {
  it('judges a read against the highest version acknowledged before it was issued, t = 0 included', () => {
    const h: Record[] = [
      { t: 0, kind: 'put', id: 1, key: 0, version: 1 },
      { t: 0, kind: 'get', id: 1, key: 0 }, // before any acknowledgement: not counted
      { t: 2, kind: 'got', id: 1, node: 0, version: 0, replicas: [0] },
      { t: 3, kind: 'acked', node: 0, id: 1 },
      { t: 3, kind: 'get', id: 2, key: 0 }, // t = 0 after the ack: counted
      { t: 4, kind: 'got', id: 2, node: 1, version: 0, replicas: [1] },
      { t: 5, kind: 'get', id: 3, key: 0 },
      { t: 6, kind: 'got', id: 3, node: 0, version: 1, replicas: [0] },
    ];
    const { reads, counts } = judgeReads(h);
    assert.deepEqual(counts, { issued: 3, answered: 3, failed: 0, counted: 2, stale: 1 });
    assert.deepEqual(reads.map((r) => [r.id, r.expected, r.returned, r.lagMs, r.stale]), [[2, 1, 0, 0, true], [3, 1, 1, 2, false]]);
    const v = checkStaleReads(h, 10);
    assert.equal(v.passed, false);
    assert.equal(v.detail, '50.00% of 2 reads stale (1) ≥ 10%; first: read #2 of k0 issued at t=0.003s returned nothing, v1 acknowledged 0ms before');
    assert.equal(v.atMs, 3);
  });

  it('does not count a read concurrent with an unacknowledged write as stale for it', () => {
    const h: Record[] = [
      { t: 0, kind: 'put', id: 1, key: 5, version: 1 },
      { t: 1, kind: 'acked', node: 0, id: 1 },
      { t: 2, kind: 'put', id: 2, key: 5, version: 2 },
      { t: 3, kind: 'get', id: 1, key: 5 }, // v2 not acknowledged yet: v1 is not stale
      { t: 4, kind: 'acked', node: 0, id: 2 },
      { t: 5, kind: 'got', id: 1, node: 1, version: 1, replicas: [1, 2] },
      { t: 6, kind: 'get', id: 2, key: 5 },
      { t: 7, kind: 'got', id: 2, node: 1, version: 1, replicas: [1, 2] }, // v2 acknowledged before: stale
    ];
    assert.deepEqual(judgeReads(h).reads.map((r) => [r.id, r.expected, r.stale]), [[1, 1, false], [2, 2, true]]);
  });

  it('takes the highest acknowledged version as the bar even when an older write is acknowledged later', () => {
    const h: Record[] = [
      { t: 0, kind: 'put', id: 1, key: 0, version: 1 },
      { t: 0, kind: 'put', id: 2, key: 0, version: 2 },
      { t: 1, kind: 'acked', node: 0, id: 2 },
      { t: 2, kind: 'acked', node: 0, id: 1 },
      { t: 2, kind: 'get', id: 1, key: 0 },
      { t: 3, kind: 'got', id: 1, node: 0, version: 1, replicas: [0] },
      { t: 3, kind: 'get', id: 2, key: 1 }, // another key, never written: not counted
      { t: 4, kind: 'got', id: 2, node: 0, version: 0, replicas: [0] },
      { t: 4, kind: 'get', id: 3, key: 0 },
      { t: 5, kind: 'get-failed', id: 3, node: 2, why: 'quorum' },
    ];
    const { reads, counts } = judgeReads(h);
    assert.deepEqual(reads.map((r) => [r.expected, r.lagMs, r.stale]), [[2, 1, true]]);
    assert.deepEqual(counts, { issued: 3, answered: 2, failed: 1, counted: 1, stale: 1 });
  });

  it('passes below P%, and fails with no read to judge', () => {
    const h: Record[] = [
      { t: 0, kind: 'put', id: 1, key: 0, version: 1 },
      { t: 1, kind: 'acked', node: 0, id: 1 },
      { t: 2, kind: 'get', id: 1, key: 0 },
      { t: 3, kind: 'got', id: 1, node: 0, version: 1, replicas: [0, 1] },
    ];
    assert.deepEqual(checkStaleReads(h, 1), { passed: true, detail: '0.00% of 1 read stale (0) < 1%', counts: { issued: 1, answered: 1, failed: 0, counted: 1, stale: 0 } });
    assert.equal(checkStaleReads(h.slice(0, 2), 1).passed, false);
    assert.match(checkStaleReads(h.slice(0, 2), 1).detail, /^no read to judge/);
  });
});
