import type { Timeline } from '../../../diagram/timeline';

export type { Timeline };

/*
 * Faultline's LSP messages for the runnable model (issue 11): the client asks what can be simulated, asks for a run
 * (a scenario of the file, every scenario, or a default run of a target under one fault), and hears progress. The
 * run is a request, so the editor's Cancel is LSP's own `$/cancelRequest`; the server stops its seed workers on it.
 * The results come back twice: as `sim/<expectation>` diagnostics published with the document's others (source
 * `faultline-sim`), and in the response, with the timeline of the failing (or first) seed.
 */

export const SIMULATION_TARGETS_REQUEST = 'faultline/simulationTargets';
export const SIMULATE_REQUEST = 'faultline/simulate';
export const SIMULATION_PROGRESS_NOTIFICATION = 'faultline/simulationProgress';
/**
 * A design change affects stored runs: the server has marked their diagnostics stale, and the client reruns them
 * when the user chose so (setting `faultline.simulation.onChange`).
 */
export const SIMULATION_STALE_NOTIFICATION = 'faultline/simulationStale';

/** As analyzers/sim/quick-scenario.ts offers them (a test keeps the two lists equal). */
export const QUICK_FAULT_KINDS = ['crash-leader', 'lose-zone', 'partition', 'pause-leader', 'pause-holder', 'fail-step'] as const;
export type QuickFaultKind = (typeof QUICK_FAULT_KINDS)[number];

export interface SimulationTargetsParams {
  uri: string;
}

export interface SimulationTarget {
  name: string;
  kind: 'store' | 'cluster' | 'lock' | 'saga';
  /** One line for the quick pick: `store · raft over 5 replicas in use1-a, use1-b, use1-c`. */
  description: string;
  /** The zones its members are placed on (offered for `lose zone` and `partition`). */
  zones: string[];
  /** A saga's steps (offered for `fail step`). */
  steps: string[];
  /** The faults that make sense for it (a saga has no leader to crash). */
  faults: QuickFaultKind[];
  /** Scenarios of the file that target it. */
  scenarios: string[];
}

export interface SimulationTargetsResult {
  version: number;
  targets: SimulationTarget[];
  scenarios: { name: string; target: string | null }[];
}

export type SimulationRun =
  | { kind: 'scenarios'; scenarios: string[] }
  | { kind: 'all' }
  | { kind: 'quick'; target: string; fault: QuickFaultKind; argument?: string };

export interface SimulateParams {
  uri: string;
  run: SimulationRun;
  /** Echoed in progress notifications. */
  runId: string;
  /** Seeds per scenario (default: the scenario's, or 200). */
  seeds?: number;
}

export interface SimulationProgressParams {
  runId: string;
  scenario: string;
  /** Seeds done over all scenarios of the run, and their total. */
  done: number;
  total: number;
}

export interface SimulationOutcome {
  scenario: string;
  target: string;
  /** A run of the file's scenario, or a default run written for the quick pick (not in the file). */
  quick: boolean;
  passed: boolean;
  seeds: number;
  expectations: { expect: string; passed: boolean; seed: number | null; detail: string }[];
  failover: { p50: number; p99: number; max: number; count: number };
  lostWrites: number;
  staleReadRate: number;
  /** One line per outcome, as `faultline simulate` prints its header. */
  summary: string;
  /** The seed the timeline shows: the counterexample's, else the first. */
  timeline: Timeline | null;
  elapsedMs: number;
}

export interface SimulateResult {
  uri: string;
  version: number;
  outcomes: SimulationOutcome[];
}

export interface SimulationStaleParams {
  uri: string;
  runs: SimulationRun[];
}
