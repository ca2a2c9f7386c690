import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeSeeds, seedList, simulate, simulateModel, sweep } from './run';
import { crash, heal, leaderWithin, modelOf, noLostWrites, noSplitBrain, partition, pause, scenarioOf, seeds } from './test-kit';

const MODEL = modelOf(`region r { zones a, b, c }
store db { replicas 3; zones a, b, c; replication leader-follower; failover automatic; election raft; fencing }
store naive { replicas 3; zones a, b, c; replication leader-follower; failover automatic; election none }
store ring { replicas 3; replication leaderless }
service worker { replicas 2 }
lock job { backend db; lease 10s; holders worker; protects db; fencing }`);

const RAFT = scenarioOf(MODEL, { target: 'db', durationMs: 3_000, load: 40, faults: [crash(1_000, 'leader'), partition(2_000, ['a'], ['b', 'c']), heal(2_500)], expect: [noSplitBrain, leaderWithin(1_000), noLostWrites] }, 'raft-mix');
const NAIVE = scenarioOf(MODEL, { target: 'naive', durationMs: 3_000, faults: [partition(1_000, ['a'], ['b', 'c'])], expect: [noSplitBrain, noLostWrites] }, 'naive-split');

describe('sim/run', () => {
  it('same seed, same bytes: a sweep’s JSON and a seed’s trace repeat exactly; another seed differs', () => {
    const a = JSON.stringify(sweep(MODEL, RAFT, seeds(3)));
    const b = JSON.stringify(sweep(MODEL, RAFT, seeds(3)));
    assert.equal(a, b);
    const t1 = simulate(MODEL, RAFT, { seed: 7 }).trace.join('\n');
    assert.equal(simulate(MODEL, RAFT, { seed: 7 }).trace.join('\n'), t1);
    assert.notEqual(simulate(MODEL, RAFT, { seed: 8 }).trace.join('\n'), t1);
    const n1 = JSON.stringify(sweep(MODEL, NAIVE, seeds(2)));
    assert.equal(JSON.stringify(sweep(MODEL, NAIVE, seeds(2))), n1);
  });

  it('merges per-seed results in seed order, whatever order they come in', () => {
    const results = [3, 1, 2].map((seed) => simulate(MODEL, NAIVE, { seed, trace: false }));
    const retrace = (seed: number) => simulate(MODEL, NAIVE, { seed }).trace;
    assert.deepEqual(mergeSeeds(NAIVE, results, retrace), sweep(MODEL, NAIVE, [1, 2, 3]));
  });

  it('reports in SPEC §4’s shape, with the counterexample traced', () => {
    const r = sweep(MODEL, NAIVE, seeds(2));
    assert.deepEqual(Object.keys(r), ['name', 'target', 'seeds', 'passed', 'expectations', 'metrics', 'counterexample']);
    assert.deepEqual(Object.keys(r.metrics), ['failover_ms', 'failovers', 'lost_writes', 'stale_read_rate']);
    assert.deepEqual(Object.keys(r.metrics.failover_ms), ['p50', 'p99', 'max']);
    assert.equal(r.passed, false);
    assert.deepEqual(r.expectations.map((x) => [x.expect, x.passed, x.seed]), [['no-split-brain', false, 1], ['no-lost-writes', false, 1]]);
    assert.match(r.expectations[0]!.detail, /^two leaders accepting writes at t=1\.\d{3}s \(node 0 term 1, node 2 term 2\); fails in 2 of 2 seeds$/);
    assert.equal(r.counterexample?.seed, 1);
    const trace = r.counterexample!.trace;
    assert.match(trace[0]!, /^seed 1: leader-follower \(naive failover\), 3 members in a, b, c, a write needs 1, heartbeat 50ms/);
    assert.ok(trace.includes('t=1.000s partition a | b, c'));
    assert.ok(trace.some((l) => /^t=1\.\d{3}s node 2 became leader \(term 2\)$/.test(l)));
    assert.ok(trace.some((l) => /node 0 → node 1 Replicate epoch 1 .* — lost \(partition\)$/.test(l)), 'messages near the failure are shown');
    const passing = sweep(MODEL, RAFT, seeds(2));
    assert.equal(passing.passed, true);
    assert.equal(passing.counterexample, null);
    assert.deepEqual(passing.expectations.map((x) => x.seed), [null, null, null]);
  });

  it('a seed’s trace reads like `t=… node 2 → node 0 RequestVote term 2`', () => {
    const lines = simulate(MODEL, RAFT, { seed: 1, fullTrace: true }).trace;
    assert.ok(lines.some((l) => /^t=\d+\.\d{3}s node \d → node \d RequestVote term \d+ \(log \d+@\d+\)$/.test(l)), lines.slice(0, 5).join('\n'));
    assert.ok(lines.some((l) => /^t=1\.000s node \d crashed$/.test(l)));
  });

  it('explains what it cannot simulate instead of passing it', () => {
    const lock = sweep(MODEL, scenarioOf(MODEL, { target: 'job', durationMs: 1_000, expect: [{ kind: 'mutual-exclusion' }, noSplitBrain] }), seeds(3));
    assert.deepEqual([lock.target, lock.seeds, lock.passed], ['job', 3, true]);
    assert.deepEqual(lock.expectations.map((x) => [x.expect, x.passed]), [['mutual-exclusion', true], ['no-split-brain', true]], 'the lock model runs on the lock’s backend group');
    const misplaced = sweep(MODEL, scenarioOf(MODEL, { target: 'db', durationMs: 1_000, expect: [{ kind: 'mutual-exclusion' }] }), seeds(1));
    assert.equal(misplaced.expectations[0]!.detail, 'not simulated: mutual-exclusion is judged on a lock target (its holders and protected store)');
    assert.equal(misplaced.counterexample, null, 'nothing to replay for an expectation that did not run');
    assert.equal(sweep(MODEL, scenarioOf(MODEL, { target: 'ring', durationMs: 500 }), seeds(1)).error, undefined, 'a leaderless store runs (quorum/)');
    assert.match(sweep(MODEL, scenarioOf(MODEL, { target: 'nope' }), seeds(1)).error!, /not declared/);
    assert.match(sweep(MODEL, scenarioOf(MODEL, { target: 'db', load: 1e9 }), seeds(1)).error!, /load 1000000000\/s is more than the simulator runs/);
    const stale = sweep(MODEL, scenarioOf(MODEL, { target: 'db', durationMs: 500, expect: [{ kind: 'stale-reads-below', percent: 1 }] }), seeds(1));
    assert.deepEqual(stale.expectations, [{ expect: 'stale-reads below 1%', passed: false, seed: null, detail: 'not simulated: reads are simulated on leaderless stores only (quorum reads); reads of a leader-based group are not simulated yet' }]);
  });

  it('ends a run at a limit with a result, and a sweep says which seeds were cut short', () => {
    const r = simulate(MODEL, RAFT, { seed: 1, limits: { maxEvents: 300 } });
    assert.equal(r.stoppedBy, 'events');
    assert.equal(r.events, 300);
    assert.equal(r.passed, false);
    const s = sweep(MODEL, RAFT, seeds(2), { limits: { maxEvents: 300 } });
    assert.deepEqual(s.incomplete, [{ seed: 1, stoppedBy: 'events' }, { seed: 2, stoppedBy: 'events' }]);
    assert.equal(s.passed, false);
    let clock = 0;
    const wall = simulate(MODEL, RAFT, { seed: 1, now: () => (clock += 5), limits: { maxWallMs: 100, checkEvery: 10 } });
    assert.equal(wall.stoppedBy, 'wall');
    assert.ok(simulate(MODEL, RAFT, { seed: 1, limits: { maxTimeMs: 700 } }).stoppedBy === 'time');
  });

  it('stops a sweep when cancelled', () => {
    const token = { cancelled: false };
    let reads = 0;
    const now = () => {
      if (++reads === 40) token.cancelled = true;
      return 0;
    };
    const r = sweep(MODEL, RAFT, seeds(50), { cancel: token, now, limits: { checkEvery: 64 } });
    assert.ok(r.seeds < 50, `${r.seeds} seeds ran`);
    assert.equal(r.passed, false);
    assert.equal(r.incomplete?.at(-1)?.stoppedBy, 'cancelled');
  });

  it('handles the leader being paused: no split brain, a failover within the election timeout', () => {
    const s = scenarioOf(MODEL, { target: 'db', durationMs: 3_000, faults: [pause(1_000, 'leader', 1_000)], expect: [noSplitBrain, leaderWithin(500), noLostWrites] });
    const r = sweep(MODEL, s, seeds(5));
    assert.equal(r.passed, true, JSON.stringify(r.expectations));
    assert.equal(r.metrics.failovers, 5);
  });

  it('seedList: `seed` alone, else 1..N (scenario, override, DEFAULTS.seeds)', () => {
    assert.deepEqual(seedList(scenarioOf(MODEL, { target: 'db', seeds: 3 })), [1, 2, 3]);
    assert.deepEqual(seedList(scenarioOf(MODEL, { target: 'db', seeds: 3 }), { seed: 9 }), [9]);
    assert.deepEqual(seedList(scenarioOf(MODEL, { target: 'db', seeds: 3 }), { seeds: 2 }), [1, 2]);
    assert.equal(seedList(scenarioOf(MODEL, { target: 'db' })).length, 200);
  });

  it('simulateModel runs the scenarios of a file in order', () => {
    const m = modelOf(`store db { replicas 3; replication leader-follower; failover automatic; election raft; fencing }
scenario quick { target db; seeds 2; duration 1s }
scenario other { target db; seeds 1; duration 1s }`);
    const r = simulateModel(m);
    assert.deepEqual(r.scenarios.map((s) => [s.name, s.seeds, s.passed]), [['quick', 2, true], ['other', 1, true]]);
    assert.equal(r.version, 1);
  });
});
