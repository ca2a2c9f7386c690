import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SIM_DEFAULTS } from './defaults';
import { simulate } from './run';
import { crash, leaderWithin, modelOf, noLostWrites, noSplitBrain, partition, heal, scenarioOf } from './test-kit';
import { TraceBudget, traceCutLines, traceWindowOf } from './trace-budget';

const MODEL = modelOf(`region r { zones a, b, c }
store db { replicas 5; zones a, b, c, a, b; replication leader-follower; failover automatic; election raft; fencing }
store naive { replicas 3; zones a, b, c; replication leader-follower; failover automatic; election none }
store ring { replicas 3; zones a, b, c; replication leaderless; consistency eventual }`);

describe('sim/trace-budget', () => {
  it('keeps trace-only records inside the window, and at most `max` of them, naming where it stopped', () => {
    const budget = new TraceBudget({ fromMs: 100, toMs: 200 }, 3);
    assert.deepEqual([50, 99, 100, 150, 201].map((t) => budget.keep(t)), [false, false, true, true, false]);
    assert.equal(budget.cutAtMs, undefined, 'records outside the window are not a cut');
    assert.deepEqual([160, 170, 180].map((t) => budget.keep(t)), [true, false, false]);
    assert.equal(budget.cutAtMs, 170);
    assert.deepEqual(traceCutLines(undefined), []);
    assert.match(traceCutLines(170)[0]!, /^… messages from t=0\.170s on are not in this trace: a traced run keeps at most \d+ of them$/);
  });

  it('windows only when the focus is known and the whole run is not asked for', () => {
    assert.equal(traceWindowOf(undefined, false), undefined);
    assert.equal(traceWindowOf(5_000, true), undefined);
    assert.deepEqual(traceWindowOf(5_000, false), { fromMs: 5_000 - SIM_DEFAULTS.traceBeforeMs, toMs: 5_000 + SIM_DEFAULTS.traceAfterMs });
  });

  it('a replay focused on the failure prints the same trace as one that records every message', () => {
    // What a sweep does with its counterexample: the seed again, traced, focused where the untraced run failed.
    const scenarios = [
      scenarioOf(MODEL, { target: 'naive', durationMs: 4_000, load: 40, faults: [partition(1_000, ['a'], ['b', 'c']), heal(2_500)], expect: [noSplitBrain, noLostWrites] }, 'naive-split'),
      scenarioOf(MODEL, { target: 'db', durationMs: 4_000, load: 40, faults: [crash(1_000, 'leader')], expect: [leaderWithin(1), noSplitBrain] }, 'raft-slow'),
      scenarioOf(MODEL, { target: 'ring', durationMs: 3_000, load: 40, faults: [partition(1_000, ['a'], ['b', 'c'])], expect: [noLostWrites] }, 'ring-split'),
    ];
    let focused = 0;
    for (const scenario of scenarios) {
      for (const seed of [1, 2]) {
        const plain = simulate(MODEL, scenario, { seed, trace: false });
        const focusMs = plain.expectations.find((x) => !x.passed && x.atMs !== undefined)?.atMs;
        const whole = simulate(MODEL, scenario, { seed, trace: true });
        const windowed = simulate(MODEL, scenario, { seed, trace: true, ...(focusMs !== undefined ? { focusMs } : {}) });
        assert.deepEqual(windowed.trace, whole.trace, `${scenario.name} seed ${seed}`);
        assert.deepEqual({ ...windowed, trace: [] }, { ...plain, trace: [] }, 'tracing changes no verdict');
        if (focusMs !== undefined) focused++;
      }
    }
    assert.ok(focused >= 3, `the failures give a focus to window on (${focused} of 6 did)`);
  });
});
