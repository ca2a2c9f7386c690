import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../language/model/build';
import type { Scenario } from '../../language/model/types';
import { simulate, sweep } from './run';
import { faultText, minimizeCounterexample, shrink } from './shrink';

/* Shrinking keeps the failure and drops what it does not need (issue 10: "a minimal counterexample"). */

const TEXT = `region r { zones a, b, c }
store db { replicas 3; zones a, b, c; replication leader-follower; failover automatic; election none }
scenario noisy {
  target db
  seeds 3; duration 30s; load 20
  at 4s drop 0%
  at 8s partition a | b, c
  at 20s heal
  at 25s crash 1
  expect no-split-brain
}
`;

function setup() {
  const model = buildModelFromText(TEXT);
  assert.deepEqual(model.diagnostics, []);
  return { model, scenario: model.elements.get('noisy') as Scenario };
}

describe('shrinking a counterexample', () => {
  it('keeps only the partition, moved earlier, and a shorter run — and the run still fails', () => {
    const { model, scenario } = setup();
    const s = shrink(model, scenario, 1, 0)!;
    assert.ok(s, 'seed 1 fails');
    console.log(`shrunk in ${s.runs} runs: ${s.faults.map(faultText).join('; ')}; duration ${s.durationMs}ms`);
    assert.deepEqual(s.faults.map((f) => f.kind), ['partition']);
    assert.ok(s.faults[0]!.atMs < 8000, 'moved earlier');
    assert.ok(s.durationMs < 30_000, 'ends sooner');
    assert.ok(s.runs <= 40);
    assert.equal(faultText(s.faults[0]!), `at ${s.faults[0]!.atMs / 1000}s partition a | b, c`);
    const again = simulate(model, { ...scenario, faults: s.faults, durationMs: s.durationMs }, { seed: 1, trace: false });
    assert.equal(again.expectations[0]!.passed, false);
  });

  it('is deterministic, and leaves a passing report alone', () => {
    const { model, scenario } = setup();
    assert.deepEqual(shrink(model, scenario, 2, 0), shrink(model, scenario, 2, 0));
    const raft = buildModelFromText(TEXT.replace('election none', 'election raft'));
    const sc = raft.elements.get('noisy') as Scenario;
    const report = sweep(raft, sc, [1, 2]);
    assert.equal(report.passed, true);
    assert.equal(minimizeCounterexample(raft, sc, report), report);
    assert.equal(shrink(raft, sc, 1, 0), undefined, 'nothing to shrink when it passes');
  });

  it('puts the minimal run in the report, with its own trace', () => {
    const { model, scenario } = setup();
    const report = minimizeCounterexample(model, scenario, sweep(model, scenario, [1]));
    const m = report.counterexample!.minimal!;
    assert.equal(m.expect, 'no-split-brain');
    assert.equal(m.faults.length, 1);
    assert.match(m.faults[0]!, /^at \S+ partition a \| b, c$/);
    assert.ok(report.counterexample!.trace.some((l) => l.includes(`duration ${m.duration_ms / 1000}s`) || l.includes('partition a | b, c')));
    assert.ok(!report.counterexample!.trace.some((l) => /node 1 crashed/.test(l)), 'the dropped crash is not in the trace');
  });
});
