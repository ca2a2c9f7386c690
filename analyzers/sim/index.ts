/*
 * The runnable model (SPEC §4): a deterministic discrete-event simulator of a target's protocol under the faults of
 * a scenario. See README.md in this folder for the contract and the definitions of each check.
 */

export { simulate, sweep, mergeSeeds, simulateModel, seedList, expectationLabel } from './run';
export type { RunOptions, SimulateOptions, SeedResult, ExpectationResult, RunParameters, ScenarioReport, SimReport } from './run';
export type { LockReport, SagaReport } from './run';
export type { LockMetrics } from './locks/run';
export type { SagaMetrics } from './sagas/run';
export { planScenario, notSimulated } from './plan';
export type { Plan, PlanResult } from './plan';
export type { QuorumPlan } from './quorum/plan';
export type { ReadCounts } from './quorum/checkers/stale-reads';
export { pbsStaleAtZero } from './quorum/pbs';
export type { CancelToken, Limits, StopReason } from './engine';
export { DEFAULT_LIMITS, SIM_DEFAULTS } from './defaults';
export type { Record as HistoryRecord } from './history';
