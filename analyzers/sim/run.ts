import { DEFAULTS } from '../../language/model/defaults';
import type { ArchModel, Expectation, Fault, Lock, Scenario } from '../../language/model/types';
import { mergeTraces } from './actors/trace';
import { checkLeaderWithin, describeOutage, outages, type Outage } from './checkers/failover';
import { checkLostWrites } from './checkers/lost-writes';
import { checkSplitBrain } from './checkers/split-brain';
import type { CheckContext, Verdict } from './checkers/types';
import { SIM_DEFAULTS } from './defaults';
import type { StopReason } from './engine';
import { duration, plural } from './format';
import type { Record as HistoryRecord } from './history';
import { planLock } from './locks/plan';
import type { LockPlan } from './locks/plan';
import { runLock, totalLocks, type LockMetrics, type LockRun } from './locks/run';
import { notSimulated, planScenario, type Plan, type PlanResult } from './plan';
import type { ReadCounts } from './quorum/checkers/stale-reads';
import type { QuorumPlan } from './quorum/plan';
import { mergeStaleReads, simulateQuorumRun, staleReadRate } from './quorum/run';
import type { SagaPlan } from './sagas/plan';
import { simulateSagaRun, totalSagas, type SagaMetrics, type SagaRun } from './sagas/run';
import { summary } from './stats';
import { judged, limitsOf, notChecked, outcome, traceOptions, type ExpectationResult, type RunMetrics, type RunOptions, type RunParameters, type SeedResultCore, type SimulateOptions } from './result';
import { formatTrace } from './trace';
import { traceCutLines, traceWindowOption } from './trace-budget';
import { World } from './world';

export type { ExpectationResult, RunOptions, RunParameters, SimulateOptions } from './result';

/*
 * One seed (`simulate`) and many (`sweep`, `mergeSeeds`): plan the scenario, run the world, judge each expectation
 * from the history, and fold per-seed results in seed order into the SPEC §4 report. Nothing here reads a clock
 * or a global: wall time and cancellation come in through the options, so the same seed gives the same bytes.
 */

export interface SeedResult extends SeedResultCore {
  parameters?: RunParameters;
  outages: Outage[];
  /**
   * Leaderless stores add `reads` (issued, answered, failed, counted — answered after an acknowledged write to the
   * key — and stale among those: quorum/checkers/stale-reads.ts), writes acknowledged with hints, hints handed off.
   */
  metrics: RunMetrics & { reads?: ReadCounts; hinted?: number; handoffs?: number };
  /** Lock targets: the lock model's grants, writes accepted / rejected by fencing / outside their lease (locks/run.ts). */
  lock?: LockMetrics;
  /** Saga targets: instances completed / compensated / broken, duplicates (sagas/run.ts). */
  saga?: SagaMetrics;
}

export function expectationLabel(x: Expectation): string {
  if (x.kind === 'leader-within') return `leader-within ${duration(x.withinMs)}`;
  if (x.kind === 'stale-reads-below') return `stale-reads below ${x.percent}%`;
  return x.kind;
}

function parameters(plan: Plan, seed: number): RunParameters {
  return {
    seed,
    protocol: plan.protocol.name,
    members: plan.topology.n,
    zones: [...plan.topology.zone],
    need: plan.need,
    heartbeatMs: plan.heartbeatMs,
    electionTimeoutMs: { min: plan.electionMinMs, max: plan.electionMaxMs },
    load: plan.load,
    durationMs: plan.durationMs,
    settleMs: plan.settleMs,
  };
}

function describeParameters(p: RunParameters): string {
  const zones = p.zones.some((z) => z !== '') ? ` in ${[...new Set(p.zones)].join(', ')}` : '';
  return `seed ${p.seed}: ${p.protocol}, ${plural(p.members, 'member')}${zones}, a write needs ${p.need}, heartbeat ${duration(p.heartbeatMs)}, election timeout ${duration(p.electionTimeoutMs.min)}..${duration(p.electionTimeoutMs.max)}, load ${p.load}/s, duration ${duration(p.durationMs)} + settle ${duration(p.settleMs)}`;
}

function cannotRun(scenario: Scenario, seed: number, reason: string): SeedResult {
  return {
    seed,
    scenario: scenario.name,
    target: scenario.target ?? '',
    passed: false,
    stoppedBy: 'done',
    error: reason,
    events: 0,
    endMs: 0,
    expectations: scenario.expectations.map((x) => notChecked(expectationLabel(x), reason)),
    outages: [],
    metrics: { failoverMs: [], lostWrites: 0, writes: 0, acknowledged: 0 },
    trace: [],
  };
}

/** Run one seed of a scenario. Never throws: a scenario that cannot run, or a run that fails, is in the result. */
export function simulate(model: ArchModel, scenario: Scenario, options: SimulateOptions): SeedResult {
  return simulateWithHistory(model, scenario, options).result;
}

/**
 * What a seed's run recorded, with who is who in it: the input of the timeline view (analyzers/sim/timeline.ts),
 * which reads the same records the checkers read. Node numbers are each history's own: a group's members, the
 * lock model's nodes (the lock service, the holders, the store), a saga's nodes (the client, the replicas).
 */
export type RunHistory =
  | { kind: 'none' }
  | { kind: 'group'; plan: Plan; history: readonly HistoryRecord[] }
  | { kind: 'quorum'; plan: QuorumPlan; history: readonly HistoryRecord[] }
  | { kind: 'lock'; lockPlan?: LockPlan; group?: { plan: Plan; history: readonly HistoryRecord[] }; lock?: LockRun }
  | { kind: 'saga'; plan?: SagaPlan; run?: SagaRun };

/** `simulate`, with the run's history beside the result (the result is the same, byte for byte). */
export function simulateWithHistory(model: ArchModel, scenario: Scenario, options: SimulateOptions): { result: SeedResult; history: RunHistory } {
  const target = scenario.target === undefined ? undefined : model.elements.get(scenario.target);
  if (target?.kind === 'saga') {
    const { result, plan, run } = simulateSagaRun(model, scenario, target, options, expectationLabel);
    return { result, history: { kind: 'saga', ...(plan ? { plan } : {}), ...(run ? { run } : {}) } };
  }
  const planned = planScenario(model, scenario);
  if (target?.kind === 'lock') return simulateLock(model, scenario, target, planned, options);
  if (!planned.ok) return { result: cannotRun(scenario, options.seed, planned.reason), history: { kind: 'none' } };
  if ('quorum' in planned) {
    const { result, history } = simulateQuorumRun(scenario, planned.quorum, options, expectationLabel);
    return { result, history: { kind: 'quorum', plan: planned.quorum, history } };
  }
  const { result, history } = runGroup(scenario, planned.plan, options, scenario.faults);
  return { result, history: { kind: 'group', plan: planned.plan, history } };
}

/** A store's or cluster's group (or a lock's backend): run the World, judge each expectation from its history. */
function runGroup(scenario: Scenario, plan: Plan, options: SimulateOptions, faults: readonly Fault[]): { result: SeedResult; history: readonly HistoryRecord[] } {
  const world = new World({
    protocol: plan.protocol,
    topology: plan.topology,
    crashedByZoneLoss: plan.crashedByZoneLoss,
    faults,
    durationMs: plan.durationMs,
    settleMs: plan.settleMs,
    load: plan.load,
    heartbeatMs: plan.heartbeatMs,
    clientTimeoutMs: SIM_DEFAULTS.clientTimeoutMs,
    clientAttempts: SIM_DEFAULTS.clientAttempts,
    seed: options.seed,
    limits: limitsOf(options),
    now: options.now,
    cancel: options.cancel,
    trace: options.trace !== false,
    ...traceWindowOption(options),
  });
  const run = world.run();
  const ctx: CheckContext = { topology: plan.topology, need: plan.need, endMs: run.endMs };
  const found = outages(run.history, ctx);
  const lost = checkLostWrites(run.history, run.endMs);
  const expectations = scenario.expectations.map((x): ExpectationResult => {
    const expect = expectationLabel(x);
    const why = notSimulated(x);
    if (why) return notChecked(expect, why);
    const v: Verdict = x.kind === 'no-split-brain' ? checkSplitBrain(run.history, run.endMs) : x.kind === 'leader-within' ? checkLeaderWithin(found, x.withinMs) : lost;
    return judged(expect, v);
  });
  const params = parameters(plan, options.seed);
  const failing = expectations.find((x) => !x.passed && x.atMs !== undefined);
  const result: SeedResult = {
    seed: options.seed,
    scenario: scenario.name,
    target: plan.target,
    ...outcome(run.engine, run.endMs, expectations),
    parameters: params,
    expectations,
    outages: found,
    metrics: { failoverMs: found.map((o) => o.endMs - o.startMs), lostWrites: lost.lost, writes: run.writes, acknowledged: lost.acked },
    trace: options.trace === false ? [] : [describeParameters(params), ...formatTrace(run.history, traceOptions(options, options.focusMs ?? failing?.atMs)), ...traceCutLines(run.traceCutAtMs)],
  };
  if (run.engine.error !== undefined) result.error = run.engine.error;
  return { result, history: run.history };
}

/** `crash holder` / `pause holder` (and a `fail step`, which it skips): the lock model's, not the backend group's. */
function lockModelOnly(f: Fault): boolean {
  return f.kind === 'fail-step' || ((f.kind === 'crash' || f.kind === 'pause') && f.node.kind === 'holder');
}

/**
 * A lock target (locks/run.ts): its backend group as for a store or cluster target, when the simulator runs that
 * group (its leader expectations judged as there), then the lock model, whose lock service serves from that run's
 * writable leader; `mutual-exclusion` is judged on the lock model.
 */
function simulateLock(model: ArchModel, scenario: Scenario, lock: Lock, planned: PlanResult, options: SimulateOptions): { result: SeedResult; history: RunHistory } {
  const lockPlan = planLock(model, lock);
  const groupPlan = planned.ok && 'plan' in planned ? planned.plan : undefined;
  const groupless = !planned.ok ? planned.reason : `lock \`${lock.name}\`'s backend is a leaderless store: it has no leader to serve the lock from, and none to judge`;
  // Neither the group nor the lock model can run: the scenario cannot run at all.
  if (!lockPlan.ok && !groupPlan) return { result: cannotRun(scenario, options.seed, `${lockPlan.reason}; ${groupless}`), history: { kind: 'none' } };
  const group = groupPlan ? runGroup(scenario, groupPlan, options, scenario.faults.filter((f) => !lockModelOnly(f))) : undefined;
  let base: SeedResult;
  if (group) base = group.result;
  else {
    const { error: _none, ...rest } = cannotRun(scenario, options.seed, groupless);
    base = rest;
  }
  const tracing = options.trace !== false;
  const focused = options.fullTrace || options.focusMs !== undefined ? traceOptions(options, options.focusMs) : undefined;
  const run = lockPlan.ok
    ? runLock(lockPlan.plan, scenario.faults, model.network, {
        seed: options.seed,
        limits: limitsOf(options),
        ...(options.now ? { now: options.now } : {}),
        ...(options.cancel ? { cancel: options.cancel } : {}),
        trace: tracing,
        durationMs: scenario.durationMs ?? DEFAULTS.scenarioDurationMs,
        // At least a lease after the scenario: a holder that resumes late is still judged.
        settleMs: Math.max(groupPlan?.settleMs ?? 0, lockPlan.plan.leaseMs ?? 0, lockPlan.plan.renewMs),
        ...(group && groupPlan ? { backend: { history: group.history, topology: groupPlan.topology, need: groupPlan.need, name: groupPlan.element.name } } : {}),
        ...(focused ? { traceOptions: focused } : {}),
      })
    : undefined;
  const expectations = base.expectations.map((r, k): ExpectationResult => {
    if (scenario.expectations[k]?.kind !== 'mutual-exclusion') return r;
    const v = run?.verdict;
    if (!v) return notChecked(r.expect, lockPlan.ok ? `lock \`${lock.name}\` protects nothing (no \`protects\`): no store to judge` : lockPlan.reason);
    return judged(r.expect, v);
  });
  const stoppedBy = base.stoppedBy !== 'done' || !run ? base.stoppedBy : run.engine.stoppedBy;
  const lockLines = run ? [run.summary, ...run.trace] : [`lock model not run: ${lockPlan.ok ? '' : lockPlan.reason}`];
  const result: SeedResult = {
    ...base,
    target: lock.name,
    passed: stoppedBy === 'done' && expectations.every((x) => x.passed),
    stoppedBy,
    events: base.events + (run?.engine.events ?? 0),
    endMs: Math.max(base.endMs, run?.endMs ?? 0),
    expectations,
    trace: !tracing ? [] : group ? [base.trace[0]!, lockLines[0]!, ...mergeTraces(base.trace.slice(1), lockLines.slice(1))] : [`seed ${options.seed}: no backend group runs (${groupless})`, ...lockLines],
  };
  if (run) result.lock = run.metrics;
  if (run?.engine.error !== undefined && result.error === undefined) result.error = run.engine.error;
  const history: RunHistory = { kind: 'lock', ...(lockPlan.ok ? { lockPlan: lockPlan.plan } : {}), ...(group && groupPlan ? { group: { plan: groupPlan, history: group.history } } : {}), ...(run ? { lock: run } : {}) };
  return { result, history };
}

// ---------------------------------------------------------------------------------------------------------
// Many seeds

/** SPEC §4's per-scenario report. */
export interface ScenarioReport {
  name: string;
  target: string;
  seeds: number;
  passed: boolean;
  expectations: { expect: string; passed: boolean; seed: number | null; detail: string }[];
  /** `lock` for a lock target, `saga` for a saga target: counts summed over the seeds. */
  metrics: { failover_ms: { p50: number; p99: number; max: number }; failovers: number; lost_writes: number; stale_read_rate: number; lock?: LockReport; saga?: SagaReport };
  /**
   * The first failing expectation's seed and trace; `minimal` when the run was shrunk (analyzers/sim/shrink.ts):
   * the faults and duration that still fail on that seed, and the runs it took to find them.
   */
  counterexample: { seed: number; trace: string[]; minimal?: { expect: string; detail: string; faults: string[]; duration_ms: number; runs: number } } | null;
  /** Seeds a limit, a cancellation or an error stopped before the end (omitted when none). */
  incomplete?: { seed: number; stoppedBy: StopReason; error?: string }[];
  /** Why the scenario could not run (omitted when it ran). */
  error?: string;
}

/** A lock target's metrics over all seeds (the tokens are the first seed's stale and newer token, when one showed). */
export interface LockReport {
  grants: number;
  accepted_writes: number;
  rejected_stale_writes: number;
  writes_outside_lease: number;
  unavailable_ms: number;
  tokens?: { stale: number; fresh: number };
}

/** A saga target's outcomes over all seeds: each instance completed, compensated or broken, from the participants' effects. */
export interface SagaReport {
  instances: number;
  completed: number;
  compensated: number;
  broken: number;
  duplicates: number;
  ignored_duplicates: number;
  retries: number;
}

function lockReport(m: LockMetrics): LockReport {
  const r: LockReport = { grants: m.grants, accepted_writes: m.acceptedWrites, rejected_stale_writes: m.rejectedWrites, writes_outside_lease: m.writesOutsideLease, unavailable_ms: Math.round(m.unavailableMs) };
  if (m.tokens) r.tokens = m.tokens;
  return r;
}

function sagaReport(m: SagaMetrics): SagaReport {
  return { instances: m.instances, completed: m.completed, compensated: m.compensated, broken: m.broken, duplicates: m.duplicates, ignored_duplicates: m.ignoredDuplicates, retries: m.retries };
}

/** The detail of a `mutual-exclusion` or `saga-atomic` that held in every seed. */
function heldDetail(kind: 'mutual-exclusion' | 'saga-atomic', seeds: readonly SeedResult[]): string {
  const n = plural(seeds.length, 'seed');
  if (kind === 'mutual-exclusion') {
    const m = totalLocks(seeds);
    if (!m) return `held in ${n}`;
    const fenced = m.rejectedWrites ? `; ${plural(m.rejectedWrites, 'stale write')} rejected by fencing${m.tokens ? ` (e.g. token ${m.tokens.stale} after token ${m.tokens.fresh} wrote)` : ''}` : '';
    return `no write accepted outside its lease in ${n}: ${plural(m.acceptedWrites, 'write')} accepted, ${plural(m.grants, 'grant')}${fenced}`;
  }
  const m = totalSagas(seeds);
  if (!m) return `held in ${n}`;
  return `every saga all-done or all-compensated in ${n}: ${plural(m.instances, 'saga')}, ${m.completed} completed, ${m.compensated} compensated${m.ignoredDuplicates ? `; ${plural(m.ignoredDuplicates, 'duplicate')} recognised and ignored` : ''}`;
}

export interface SimReport {
  version: 1;
  scenarios: ScenarioReport[];
}

/** The seeds to run: `seed` alone, else 1..N with N from the override, the scenario, or DEFAULTS.seeds. */
export function seedList(scenario: Scenario, override: { seeds?: number; seed?: number } = {}): number[] {
  const one = override.seed ?? (override.seeds === undefined ? scenario.seed : undefined);
  if (one !== undefined) return [one];
  const count = Math.max(0, Math.min(SIM_DEFAULTS.maxSeeds, Math.floor(override.seeds ?? scenario.seeds ?? DEFAULTS.seeds)));
  return Array.from({ length: count }, (_, i) => i + 1);
}

/** Failover times in whole milliseconds, as the report shows them. */
function roundedSummary(values: readonly number[]): { p50: number; p99: number; max: number } {
  const s = summary(values);
  return { p50: Math.round(s.p50), p99: Math.round(s.p99), max: Math.round(s.max) };
}

/**
 * Fold per-seed results (any order: they are sorted by seed) into the report. `retrace(seed, focusMs)` gives the
 * trace of the counterexample seed around the failure the report names — sweep re-runs it with tracing on
 * (`simulate(…, { seed, focusMs })`); a caller that ran seeds elsewhere can do the same.
 */
export function mergeSeeds(scenario: Scenario, results: readonly SeedResult[], retrace?: (seed: number, atMs: number | undefined) => string[]): ScenarioReport {
  const seeds = results.slice().sort((a, b) => a.seed - b.seed);
  const unrunnable = seeds.find((s) => s.parameters === undefined && s.error !== undefined && s.events === 0);
  if (unrunnable) return notRun(scenario, unrunnable.error!);
  const target = seeds[0]?.target ?? scenario.target ?? '';
  const durations = seeds.flatMap((s) => s.metrics.failoverMs);
  const failover = roundedSummary(durations);
  const failingSeed: (number | null)[] = [];
  const focus: (number | undefined)[] = [];
  const expectations = scenario.expectations.map((x, k) => {
    const expect = expectationLabel(x);
    const per = seeds.map((s) => ({ seed: s.seed, r: s.expectations[k] }));
    const unchecked = per.find((p) => p.r && !p.r.simulated);
    if (unchecked || seeds.length === 0) {
      failingSeed.push(null);
      focus.push(undefined);
      return { expect, passed: false, seed: null, detail: unchecked?.r?.detail ?? 'not simulated: no seed ran' };
    }
    if (x.kind === 'stale-reads-below') {
      const m = mergeStaleReads(x.percent, per, seeds);
      failingSeed.push(m.seed);
      focus.push(m.atMs);
      return { expect, passed: m.passed, seed: m.seed, detail: m.detail };
    }
    if (x.kind === 'leader-within') {
      const s = summary(durations);
      const passed = s.p99 <= x.withinMs;
      const stats = `p99 failover ${duration(s.p99)} ${passed ? '≤' : '>'} ${duration(x.withinMs)} (p50 ${duration(s.p50)}, max ${duration(s.max)}, ${plural(durations.length, 'failover')} in ${plural(seeds.length, 'seed')})`;
      if (durations.length === 0) {
        failingSeed.push(null);
        focus.push(undefined);
        return { expect, passed: true, seed: null, detail: `no failover in ${plural(seeds.length, 'seed')}` };
      }
      const bad = passed ? undefined : per.find((p) => p.r && !p.r.passed);
      failingSeed.push(bad ? bad.seed : null);
      focus.push(bad?.r?.atMs);
      const worst = bad ? seeds.find((q) => q.seed === bad.seed)?.outages.find((o) => o.endMs - o.startMs > x.withinMs) : undefined;
      return { expect, passed, seed: bad ? bad.seed : null, detail: worst ? `${stats}; seed ${bad!.seed}: ${describeOutage(worst)}` : stats };
    }
    const failed = per.filter((p) => p.r && !p.r.passed);
    const first = failed[0];
    failingSeed.push(first ? first.seed : null);
    focus.push(first?.r?.atMs);
    if (!first) {
      const ok =
        x.kind === 'mutual-exclusion' || x.kind === 'saga-atomic'
          ? heldDetail(x.kind, seeds)
          : x.kind === 'no-lost-writes'
            ? `no acknowledged write lost in ${plural(seeds.length, 'seed')} (${seeds.reduce((a, s) => a + s.metrics.acknowledged, 0)} acknowledged)`
            : `never two leaders accepting writes in ${plural(seeds.length, 'seed')}`;
      return { expect, passed: true, seed: null, detail: ok };
    }
    return { expect, passed: false, seed: first.seed, detail: `${first.r!.detail}; fails in ${failed.length} of ${plural(seeds.length, 'seed')}` };
  });
  const incomplete = seeds.filter((s) => s.stoppedBy !== 'done').map((s) => (s.error !== undefined ? { seed: s.seed, stoppedBy: s.stoppedBy, error: s.error } : { seed: s.seed, stoppedBy: s.stoppedBy }));
  const k = failingSeed.findIndex((s) => s !== null);
  const cxSeed = k >= 0 ? failingSeed[k]! : null;
  const cxResult = cxSeed !== null ? seeds.find((s) => s.seed === cxSeed) : undefined;
  const trace = cxSeed === null ? [] : retrace ? retrace(cxSeed, focus[k]) : (cxResult?.trace ?? []);
  const report: ScenarioReport = {
    name: scenario.name,
    target,
    seeds: seeds.length,
    passed: seeds.length > 0 && incomplete.length === 0 && expectations.every((x) => x.passed),
    expectations,
    metrics: { failover_ms: failover, failovers: durations.length, lost_writes: seeds.reduce((a, s) => a + s.metrics.lostWrites, 0), stale_read_rate: staleReadRate(seeds), ...lockAndSaga(seeds) },
    counterexample: cxSeed === null ? null : { seed: cxSeed, trace },
  };
  if (incomplete.length) report.incomplete = incomplete;
  return report;
}

function lockAndSaga(seeds: readonly SeedResult[]): { lock?: LockReport; saga?: SagaReport } {
  const locks = totalLocks(seeds);
  const sagas = totalSagas(seeds);
  return { ...(locks ? { lock: lockReport(locks) } : {}), ...(sagas ? { saga: sagaReport(sagas) } : {}) };
}

/** The report of a scenario that cannot run at all (no target, or one the simulator does not model). */
function notRun(scenario: Scenario, reason: string): ScenarioReport {
  return {
    name: scenario.name,
    target: scenario.target ?? '',
    seeds: 0,
    passed: false,
    expectations: scenario.expectations.map((x) => ({ expect: expectationLabel(x), passed: false, seed: null, detail: `not simulated: ${reason}` })),
    metrics: { failover_ms: { p50: 0, p99: 0, max: 0 }, failovers: 0, lost_writes: 0, stale_read_rate: 0 },
    counterexample: null,
    error: reason,
  };
}

/** Run `seeds` one after another (stopping early when cancelled) and merge them; the counterexample is re-run traced. */
export function sweep(model: ArchModel, scenario: Scenario, seeds: readonly number[], options: RunOptions = {}): ScenarioReport {
  const planned = planScenario(model, scenario);
  const kind = scenario.target === undefined ? undefined : model.elements.get(scenario.target)?.kind;
  // A lock's model runs even when its backend's group does not; a saga has a runner of its own (sagas/run.ts).
  if (!planned.ok && kind !== 'lock' && kind !== 'saga') return notRun(scenario, planned.reason);
  const results: SeedResult[] = [];
  for (const seed of seeds) {
    if (options.cancel?.cancelled) break;
    const r = simulate(model, scenario, { ...options, seed, trace: false });
    results.push(r);
    if (r.stoppedBy === 'cancelled') break;
  }
  const cancelled = options.cancel?.cancelled === true;
  return mergeSeeds(scenario, results, cancelled ? undefined : (seed, focusMs) => simulate(model, scenario, { ...options, seed, trace: true, ...(focusMs !== undefined ? { focusMs } : {}) }).trace);
}

/** Every scenario of a model (or the one named), in declaration order, as SPEC §4's JSON report. */
export function simulateModel(model: ArchModel, options: RunOptions & { scenario?: string; seeds?: number; seed?: number } = {}): SimReport {
  const scenarios: ScenarioReport[] = [];
  for (const e of model.elements.values()) {
    if (e.kind !== 'scenario' || (options.scenario !== undefined && e.name !== options.scenario)) continue;
    if (options.cancel?.cancelled) break;
    scenarios.push(sweep(model, e, seedList(e, options), options));
  }
  return { version: 1, scenarios };
}
