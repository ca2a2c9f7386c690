import type { Verdict } from './checkers/types';
import { DEFAULT_LIMITS, SIM_DEFAULTS } from './defaults';
import type { CancelToken, EngineResult, Limits, StopReason } from './engine';
import type { TraceOptions } from './trace';

/*
 * What every kind of run (a group: run.ts; a leaderless store: quorum/run.ts; a saga: sagas/run.ts; a lock: run.ts
 * on locks/run.ts) takes and how it turns into a seed's result: the options, the limits, which trace lines, each
 * expectation's result, and the run's outcome. Apart from run.ts so that the runs it dispatches to can share it
 * without importing it (test/unit/import-cycles.test.ts).
 */

export interface RunOptions {
  limits?: Partial<Limits>;
  /** Wall clock in ms, for the wall-time limit only (none given: no wall-time limit). */
  now?: () => number;
  cancel?: CancelToken;
}

export interface SimulateOptions extends RunOptions {
  seed: number;
  /** Produce trace lines (default true); a sweep turns them off and traces only its counterexample. */
  trace?: boolean;
  /**
   * With `trace`: every message of the run, not only those near the first failure (faults and leadership changes
   * are always in), up to SIM_DEFAULTS.maxFullTraceLines lines.
   */
  fullTrace?: boolean;
  /** With `trace`: show messages around this instant (default: the first failing expectation's). */
  focusMs?: number;
}

export interface ExpectationResult {
  /** The expectation as written: `no-split-brain`, `leader-within 1s`. */
  expect: string;
  passed: boolean;
  /** False when this expectation is not checked by the simulator yet (it then fails, saying so). */
  simulated: boolean;
  detail: string;
  atMs?: number;
}

export interface RunParameters {
  seed: number;
  protocol: string;
  members: number;
  zones: string[];
  need: number;
  heartbeatMs: number;
  electionTimeoutMs: { min: number; max: number };
  load: number;
  durationMs: number;
  settleMs: number;
  /** Leaderless stores (quorum/): N, W, R, sloppy quorum, the client's keys and read rate, the coordinator's timings. */
  quorum?: { n: number; w: number; r: number; sloppy: boolean; keys: number; readRate: number; coordinatorTimeoutMs: number; hintReplayMs: number };
}

/** What every seed's result has: run.ts's SeedResult, and the results of quorum/run.ts and sagas/run.ts that fit it. */
export interface SeedResultCore {
  seed: number;
  scenario: string;
  target: string;
  passed: boolean;
  stoppedBy: StopReason;
  /** Why the scenario could not run at all, or the error a run stopped on. */
  error?: string;
  events: number;
  endMs: number;
  expectations: ExpectationResult[];
  trace: string[];
}

/** The metrics every seed's result has (0 and empty where they do not apply). */
export interface RunMetrics {
  failoverMs: number[];
  lostWrites: number;
  writes: number;
  acknowledged: number;
}

export function limitsOf(options: RunOptions): Limits {
  return { ...DEFAULT_LIMITS, ...options.limits };
}

/** Which trace lines: every one (`fullTrace`), else those around `focusMs` (none given: the trace's own choice). */
export function traceOptions(options: Pick<SimulateOptions, 'fullTrace'>, focusMs: number | undefined): TraceOptions {
  if (options.fullTrace) return { all: true, maxLines: SIM_DEFAULTS.maxFullTraceLines };
  return focusMs !== undefined ? { focusMs } : {};
}

/** An expectation the simulator does not check here: it fails, saying why. */
export function notChecked(expect: string, why: string | undefined): ExpectationResult {
  return { expect, passed: false, simulated: false, detail: `not simulated: ${why}` };
}

/** An expectation judged by a checker. */
export function judged(expect: string, v: Verdict): ExpectationResult {
  const r: ExpectationResult = { expect, passed: v.passed, simulated: true, detail: v.detail };
  if (v.atMs !== undefined) r.atMs = v.atMs;
  return r;
}

/** A seed's verdict and how its run ended: it passes when it ran to the end and every expectation holds. */
export function outcome(engine: EngineResult, endMs: number, expectations: readonly ExpectationResult[]): { passed: boolean; stoppedBy: StopReason; events: number; endMs: number } {
  return { passed: engine.stoppedBy === 'done' && expectations.every((x) => x.passed), stoppedBy: engine.stoppedBy, events: engine.events, endMs };
}
