import { DEFAULTS } from '../../language/model/defaults';
import type { ArchModel, Fault, Scenario } from '../../language/model/types';
import { duration } from './format';
import { simulate, type RunOptions, type ScenarioReport } from './run';

/*
 * A minimal counterexample: the failing seed's scenario made smaller while the same expectation still fails on the
 * same seed — drop faults, move them earlier, end the run sooner — so the trace a person reads holds only what the
 * failure needs. Like a property-based tester's shrinking, greedy and bounded: every candidate is one full run, and
 * there are at most `maxRuns` of them. The result is reproducible: it depends only on the model, scenario and seed.
 */

export interface ShrinkOptions extends RunOptions {
  /** Simulation runs spent on shrinking at most. */
  maxRuns?: number;
}

export interface Shrunk {
  seed: number;
  /** The index of the expectation that fails, in the scenario's `expect` order. */
  expectation: number;
  faults: Fault[];
  durationMs: number;
  /** Candidate runs made. */
  runs: number;
}

const DEFAULT_MAX_RUNS = 40;

function variant(scenario: Scenario, faults: readonly Fault[], durationMs: number): Scenario {
  return { ...scenario, faults, durationMs };
}

/** Shrinks the failing run of `seed` on expectation `k`; undefined when it does not fail there to begin with. */
export function shrink(model: ArchModel, scenario: Scenario, seed: number, k: number, options: ShrinkOptions = {}): Shrunk | undefined {
  const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS;
  let runs = 0;
  const fails = (s: Scenario): boolean => {
    if (runs >= maxRuns || options.cancel?.cancelled) return false;
    runs++;
    const r = simulate(model, s, { ...options, seed, trace: false });
    const x = r.expectations[k];
    return r.stoppedBy === 'done' && x !== undefined && x.simulated && !x.passed;
  };
  let faults = [...scenario.faults];
  let end = scenario.durationMs ?? DEFAULTS.scenarioDurationMs;
  if (!fails(variant(scenario, faults, end))) return undefined;

  // 1. Drop faults, the last first (later faults more often only add noise to what the earlier ones caused).
  for (let i = faults.length - 1; i >= 0; i--) {
    const without = faults.filter((_, j) => j !== i);
    if (fails(variant(scenario, without, end))) faults = without;
  }
  // 2. Move each fault earlier, halving its distance to the one before it while the failure stays.
  for (let i = 0; i < faults.length; i++) {
    const floor = i === 0 ? 0 : faults[i - 1]!.atMs;
    for (let step = 0; step < 3; step++) {
      const f = faults[i]!;
      const atMs = Math.round(floor + (f.atMs - floor) / 2);
      if (atMs >= f.atMs) break;
      const moved = faults.map((g, j) => (j === i ? { ...g, atMs } : g));
      if (!fails(variant(scenario, moved, end))) break;
      faults = moved;
    }
  }
  // 3. End sooner: bisect the duration between just after the last fault and the current end.
  let lo = (faults.length ? faults[faults.length - 1]!.atMs : 0) + 1;
  while (end - lo > 250) {
    const mid = Math.round((lo + end) / 2);
    if (fails(variant(scenario, faults, mid))) end = mid;
    else lo = mid;
  }
  return { seed, expectation: k, faults, durationMs: end, runs };
}

/** `at 5s partition a | b, c` as written (commas kept), with the (possibly moved) time. */
export function faultText(f: Fault): string {
  const groups = f.statement.groups.map((g) => g.map((a) => a.text).join(' '));
  const words = groups.join(', ').replace(/^\S+\s*/, '');
  return `at ${duration(f.atMs)} ${words}`;
}

/**
 * Replaces a report's counterexample with the shrunk run's: its faults, its duration and its trace. The report is
 * unchanged when nothing fails or the failure does not reproduce on its own.
 */
export function minimizeCounterexample(model: ArchModel, scenario: Scenario, report: ScenarioReport, options: ShrinkOptions = {}): ScenarioReport {
  const cx = report.counterexample;
  if (!cx) return report;
  const k = report.expectations.findIndex((x) => !x.passed && x.seed === cx.seed);
  if (k < 0) return report;
  const shrunk = shrink(model, scenario, cx.seed, k, options);
  if (!shrunk) return report;
  const small = variant(scenario, shrunk.faults, shrunk.durationMs);
  const run = simulate(model, small, { ...options, seed: cx.seed, trace: true });
  const detail = run.expectations[k]?.detail ?? '';
  return {
    ...report,
    counterexample: {
      seed: cx.seed,
      trace: run.trace,
      minimal: { expect: report.expectations[k]!.expect, detail, faults: shrunk.faults.map(faultText), duration_ms: shrunk.durationMs, runs: shrunk.runs },
    },
  };
}
