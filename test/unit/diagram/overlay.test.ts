import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { overlayAt, TimelineSchema, type Timeline } from '../../../diagram/timeline';

/* What the diagram shows at a step of the timeline: crashed members down, members cut off by a partition unreachable. */

const timeline: Timeline = TimelineSchema.parse({
  scenario: 'cut',
  target: 'db',
  seed: 3,
  seeds: 1,
  passed: false,
  endMs: 10_000,
  lanes: [
    { name: 'db#0', zone: 'a', element: 'db' },
    { name: 'db#1', zone: 'b', element: 'db' },
    { name: 'db#2', zone: 'c', element: 'db' },
  ],
  events: [],
  truncated: 0,
  leaders: [{ lane: 0, term: 1, fromMs: 0, toMs: 10_000 }],
  down: [{ lane: 2, fromMs: 6_000, toMs: 10_000, why: 'crashed' }],
  partitions: [{ fromMs: 1_000, toMs: 2_000, sides: [['a'], ['b', 'c']] }],
  checks: [],
  failoverMs: [],
  lostWrites: { count: 0 },
  declarations: [],
});

describe('overlayAt', () => {
  it('is ok when every member is up and reachable', () => {
    const o = overlayAt(timeline, 500);
    assert.deepEqual(o.elements, [{ name: 'db', status: 'ok', leader: 'db#0', down: 0, total: 3, lostWrites: 0 }]);
    assert.deepEqual(o.partitioned, []);
  });

  it('marks the element degraded while a member is cut off by a partition, and names the zone cut off', () => {
    const o = overlayAt(timeline, 1_500);
    assert.equal(o.elements[0]!.status, 'degraded');
    assert.equal(o.elements[0]!.down, 0, 'cut off is not down');
    assert.deepEqual(o.partitioned, ['a']);
    assert.equal(overlayAt(timeline, 2_000).elements[0]!.status, 'ok', 'healed at 2s');
  });

  it('counts a crashed member down, and the zone it alone held as down', () => {
    const o = overlayAt(timeline, 7_000);
    assert.equal(o.elements[0]!.status, 'degraded');
    assert.equal(o.elements[0]!.down, 1);
    assert.deepEqual(o.zonesDown, ['c']);
  });
});
