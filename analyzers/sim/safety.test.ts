import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { simulate } from './run';
import { crash, drop, heal, loseZone, modelOf, noLostWrites, noSplitBrain, partition, pause, restart, scenarioOf, type FaultSpec } from './test-kit';

/*
 * Raft's safety, checked end to end: under any schedule of crashes, restarts, partitions, pauses and message loss,
 * the checkers — reading only the history — never see two leaders taking writes nor an acknowledged write missing
 * from the final leader's log. A failure here is a bug in the protocol, the world or a checker; fast-check shrinks
 * it to a short schedule and the seed replays it.
 */

const MODEL = modelOf(`region r { zones a, b, c }
store db3 { replicas 3; zones a, b, c; replication leader-follower; failover automatic; election raft; fencing }
store db5 { replicas 5; zones a, b, c; replication leader-follower; failover automatic; election raft; fencing; sync-followers 2 }`);

const ZONES = ['a', 'b', 'c'];
const time = fc.integer({ min: 0, max: 2_900 });
const node = fc.oneof(fc.constant<'leader'>('leader'), fc.integer({ min: 0, max: 2 }));
const fault: fc.Arbitrary<FaultSpec> = fc.oneof(
  fc.tuple(time, node).map(([t, n]) => crash(t, n)),
  fc.tuple(time, fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined })).map(([t, n]) => restart(t, n)),
  fc.tuple(time, fc.constantFrom(...ZONES)).map(([t, z]) => loseZone(t, z)),
  fc.tuple(time, fc.shuffledSubarray(ZONES, { minLength: 1, maxLength: 2 })).map(([t, side]) => partition(t, side, ZONES.filter((z) => !side.includes(z)))),
  time.map((t) => heal(t)),
  fc.tuple(time, node, fc.integer({ min: 1, max: 1_500 })).map(([t, n, d]) => pause(t, n, d)),
  fc.tuple(time, fc.integer({ min: 0, max: 60 })).map(([t, p]) => drop(t, p)),
);

describe('sim safety (property)', () => {
  it('Raft never shows split brain or loses an acknowledged write, whatever the faults', () => {
    fc.assert(
      fc.property(fc.constantFrom('db3', 'db5'), fc.array(fault, { maxLength: 8 }), fc.integer({ min: 1, max: 1_000_000 }), (target, faults, seed) => {
        const sorted = faults.slice().sort((x, y) => x.atMs - y.atMs);
        const s = scenarioOf(MODEL, { target, durationMs: 3_000, load: 40, faults: sorted, expect: [noSplitBrain, noLostWrites] });
        const r = simulate(MODEL, s, { seed, trace: false });
        assert.equal(r.stoppedBy, 'done');
        for (const x of r.expectations) assert.ok(x.passed, `${target} seed ${seed}: ${x.expect}: ${x.detail}`);
      }),
      { numRuns: 40 },
    );
  });

  it('replays: the same schedule and seed give the same result, byte for byte', () => {
    fc.assert(
      fc.property(fc.constantFrom('db3', 'db5'), fc.array(fault, { maxLength: 6 }), fc.integer({ min: 1, max: 1_000_000 }), (target, faults, seed) => {
        const s = scenarioOf(MODEL, { target, durationMs: 2_000, load: 20, faults: faults.slice().sort((x, y) => x.atMs - y.atMs), expect: [noSplitBrain, noLostWrites] });
        assert.equal(JSON.stringify(simulate(MODEL, s, { seed, fullTrace: true })), JSON.stringify(simulate(MODEL, s, { seed, fullTrace: true })));
      }),
      { numRuns: 10 },
    );
  });
});
