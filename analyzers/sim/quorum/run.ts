import type { Expectation, Scenario } from '../../../language/model/types';
import { SIM_DEFAULTS } from '../defaults';
import { duration, plural } from '../format';
import type { Record } from '../history';
import { notSimulated } from '../plan';
import { judged, limitsOf, notChecked, outcome, traceOptions, type ExpectationResult, type RunMetrics, type RunParameters, type SeedResultCore, type SimulateOptions } from '../result';
import { formatTrace } from '../trace';
import { traceCutLines, traceWindowOption } from '../trace-budget';
import { checkStaleReads, percent, staleRate, type ReadCounts } from './checkers/stale-reads';
import type { QuorumPlan } from './plan';
import { QuorumWorld } from './world';

/*
 * One seed of a scenario on a leaderless store (run.ts `simulate` dispatches here): run the QuorumWorld, judge each
 * expectation from the history, and return the same SeedResult as the leader-based runs, with the read counts in
 * `metrics.reads`. `mergeStaleReads` is mergeSeeds' verdict for `stale-reads below P%` over all seeds.
 *
 * run.ts imports this module, so this one does not import run.ts (no import cycle, test/unit/import-cycles.test.ts):
 * the options and the parts every seed's result has are result.ts's; the rest of its result is written out here, and
 * run.ts checks that it fits SeedResult.
 */

export interface QuorumRunOptions extends SimulateOptions {
  /** Client reads per second instead of the plan's (tests: 0 leaves only the probes). */
  readRate?: number;
  /** Probe reads of the written key this long after each acknowledgement reaches the client (tests: [0] for PBS t = 0). */
  probeLagsMs?: readonly number[];
}

const NO_LEADER = 'a leaderless store has no leader: every replica coordinates the requests it receives (`expect stale-reads below P%` is what a quorum store is judged by)';
const NO_LOG = 'lost writes are judged against the log of the leader that follows; a leaderless store has no leader and no log (each replica keeps the versions it accepted, across crashes)';

/** Why an expectation is not checked on a leaderless store (undefined: it is). */
export function notSimulatedLeaderless(x: Expectation): string | undefined {
  switch (x.kind) {
    case 'stale-reads-below':
      return undefined;
    case 'no-split-brain':
    case 'leader-within':
      return NO_LEADER;
    case 'no-lost-writes':
      return NO_LOG;
    default:
      return notSimulated(x) ?? `not checked on a leaderless store`;
  }
}

export type QuorumExpectationResult = ExpectationResult;

export interface QuorumParameters extends RunParameters {
  quorum: NonNullable<RunParameters['quorum']>;
}

/** run.ts's SeedResult for a leaderless store. */
export interface QuorumSeedResult extends SeedResultCore {
  parameters: QuorumParameters;
  outages: never[];
  metrics: RunMetrics & { reads: ReadCounts; hinted: number; handoffs: number };
}

function parameters(plan: QuorumPlan, seed: number, readRate: number): QuorumParameters {
  return {
    seed,
    protocol: plan.protocol.name,
    members: plan.topology.n,
    zones: [...plan.topology.zone],
    need: plan.sloppy ? 1 : plan.w,
    heartbeatMs: 0,
    electionTimeoutMs: { min: 0, max: 0 },
    load: plan.load,
    durationMs: plan.durationMs,
    settleMs: plan.settleMs,
    quorum: { n: plan.n, w: plan.w, r: plan.r, sloppy: plan.sloppy, keys: plan.keys, readRate, coordinatorTimeoutMs: plan.coordinatorTimeoutMs, hintReplayMs: plan.hintReplayMs },
  };
}

function describeParameters(p: QuorumParameters, plan: QuorumPlan, readRate: number): string {
  const zones = p.zones.some((z) => z !== '') ? ` in ${[...new Set(p.zones)].join(', ')}` : '';
  return `seed ${p.seed}: ${p.protocol}, ${plural(p.members, 'member')}${zones}, a write needs ${plan.needLabel}, ${plural(plan.keys, 'key')}, ${p.load} writes/s and ${readRate} reads/s, coordinator timeout ${duration(plan.coordinatorTimeoutMs)}, hints offered every ${duration(plan.hintReplayMs)}, duration ${duration(p.durationMs)} + settle ${duration(p.settleMs)}`;
}

function count(history: readonly Record[], kind: 'hinted' | 'handoff' | 'acked'): number {
  let k = 0;
  for (const r of history) if (r.kind === kind) k++;
  return k;
}

/** Run one seed of a leaderless store's scenario (`label`: run.ts's `expectationLabel`). Never throws. */
export function simulateQuorum(scenario: Scenario, plan: QuorumPlan, options: QuorumRunOptions, label: (x: Expectation) => string): QuorumSeedResult {
  return simulateQuorumRun(scenario, plan, options, label).result;
}

/** `simulateQuorum`, with the history the checker read (every message too when tracing): what the timeline view reads. */
export function simulateQuorumRun(scenario: Scenario, plan: QuorumPlan, options: QuorumRunOptions, label: (x: Expectation) => string): { result: QuorumSeedResult; history: readonly Record[] } {
  const readRate = options.readRate ?? plan.readRate;
  const trace = options.trace !== false;
  const world = new QuorumWorld({
    protocol: plan.protocol,
    topology: plan.topology,
    crashedByZoneLoss: plan.crashedByZoneLoss,
    faults: scenario.faults,
    durationMs: plan.durationMs,
    settleMs: plan.settleMs,
    load: plan.load,
    readRate,
    ...(options.probeLagsMs ? { probeLagsMs: options.probeLagsMs } : {}),
    clientTimeoutMs: SIM_DEFAULTS.clientTimeoutMs,
    clientAttempts: SIM_DEFAULTS.clientAttempts,
    seed: options.seed,
    limits: limitsOf(options),
    now: options.now,
    cancel: options.cancel,
    trace,
    ...traceWindowOption(options),
  });
  const run = world.run();
  let reads: ReadCounts | undefined;
  const expectations = scenario.expectations.map((x): QuorumExpectationResult => {
    const expect = label(x);
    const why = notSimulatedLeaderless(x);
    if (why || x.kind !== 'stale-reads-below') return notChecked(expect, why);
    const v = checkStaleReads(run.history, x.percent);
    reads = v.counts;
    return judged(expect, v);
  });
  reads ??= checkStaleReads(run.history, 100).counts;
  const params = parameters(plan, options.seed, readRate);
  const failing = expectations.find((x) => !x.passed && x.atMs !== undefined);
  const result: QuorumSeedResult = {
    seed: options.seed,
    scenario: scenario.name,
    target: plan.target,
    ...outcome(run.engine, run.endMs, expectations),
    parameters: params,
    expectations,
    outages: [],
    metrics: { failoverMs: [], lostWrites: 0, writes: run.writes, acknowledged: count(run.history, 'acked'), reads, hinted: count(run.history, 'hinted'), handoffs: count(run.history, 'handoff') },
    trace: trace ? [describeParameters(params, plan, readRate), ...formatTrace(run.history, traceOptions(options, options.focusMs ?? failing?.atMs)), ...traceCutLines(run.traceCutAtMs)] : [],
  };
  if (run.engine.error !== undefined) result.error = run.engine.error;
  return { result, history: run.history };
}

// ---------------------------------------------------------------------------------------------------------
// Many seeds

/** What mergeSeeds hands over of a seed's result. */
interface SeedMetrics {
  metrics: { reads?: ReadCounts; hinted?: number };
}

/** Read counts summed over seeds (seeds of a leader-based run have none). */
export function totalReads(seeds: readonly SeedMetrics[]): ReadCounts {
  const t: ReadCounts = { issued: 0, answered: 0, failed: 0, counted: 0, stale: 0 };
  for (const s of seeds) {
    const r = s.metrics.reads;
    if (!r) continue;
    t.issued += r.issued;
    t.answered += r.answered;
    t.failed += r.failed;
    t.counted += r.counted;
    t.stale += r.stale;
  }
  return t;
}

/** The report's stale_read_rate: stale reads over counted reads, all seeds together (0 with none counted). */
export function staleReadRate(seeds: readonly SeedMetrics[]): number {
  return staleRate(totalReads(seeds));
}

/**
 * `stale-reads below P%` over all seeds: passes when total stale / total counted < P%. The seed named on a failure
 * is the first (in seed order) whose own rate is not below P%.
 */
export function mergeStaleReads(belowPercent: number, per: readonly { seed: number; r: Pick<QuorumExpectationResult, 'passed' | 'detail' | 'atMs'> | undefined }[], seeds: readonly SeedMetrics[]): { passed: boolean; seed: number | null; detail: string; atMs?: number } {
  const t = totalReads(seeds);
  const n = plural(seeds.length, 'seed');
  if (t.counted === 0) return { passed: false, seed: null, detail: `no read to judge in ${n}: ${plural(t.issued, 'read')} issued, none answered after an acknowledged write to its key` };
  const rate = staleRate(t);
  const passed = rate < belowPercent / 100;
  const hinted = seeds.reduce((a, s) => a + (s.metrics.hinted ?? 0), 0);
  const stats = `${percent(rate)} of ${plural(t.counted, 'read')} stale (${t.stale}) ${passed ? '<' : '≥'} ${belowPercent}% over ${n}${t.failed ? `; ${plural(t.failed, 'read')} failed` : ''}${hinted ? `; ${plural(hinted, 'write')} acknowledged with hints` : ''}`;
  if (passed) return { passed, seed: null, detail: stats };
  const bad = per.find((p) => p.r && !p.r.passed);
  if (!bad) return { passed, seed: null, detail: stats };
  const out: { passed: boolean; seed: number | null; detail: string; atMs?: number } = { passed, seed: bad.seed, detail: `${stats}; seed ${bad.seed}: ${bad.r!.detail}` };
  if (bad.r!.atMs !== undefined) out.atMs = bad.r!.atMs;
  return out;
}
