import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { LSPErrorCodes, ErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node.js';
import { blockingErrors } from '../../analyzers/sim/blocking';
import { runFingerprint } from '../../analyzers/sim/fingerprint';
import { parseQuickFault, quickScenario } from '../../analyzers/sim/quick-scenario';
import { seedList, type ScenarioReport } from '../../analyzers/sim/run';
import { buildModelFromText } from '../../language/model/build';
import type { ArchModel, Scenario } from '../../language/model/types';
import { containsRange } from '../../language/range';
import { PoolCancelled, SeedPool } from '../../sim-workers/pool';
import type { SimulateParams, SimulateResult, SimulationOutcome, SimulationProgressParams, SimulationRun, Timeline } from './protocol/simulation';

/*
 * The language server's side of "Simulate Failover…" (issue 11). A run is the CLI's `faultline simulate` on the
 * document's current text: the seeds on worker threads (sim-workers/pool.ts), then the report, the shrunk
 * counterexample and the timeline, also on a worker, so the server's main thread — hover, completion, diagnostics —
 * never waits for a simulation. Cancel terminates the workers at once.
 *
 * Each result is kept per document with the fingerprint of what it depends on (analyzers/sim/fingerprint.ts); the
 * diagnostics scheduler asks `SimulationStore` for the `sim/…` diagnostics of every new version, and a result whose
 * fingerprint no longer matches is shown as stale (sim-diagnostics.ts).
 */

export interface StoredRun {
  run: SimulationRun;
  /** The scenario's name: the file's, or the default run's (not in the file). */
  scenario: string;
  target: string;
  quick: boolean;
  report: ScenarioReport;
  timeline: Timeline | null;
  /** runFingerprint when it ran; a different one now means the result is stale. */
  fingerprint: string;
  version: number;
  seeds: number;
}

/** Seeds per scenario when the scenario says nothing (SPEC §4: the editor's default run is 200 seeds). */
const MAX_JOBS = 4;

export class SimulationStore {
  private readonly byUri = new Map<string, Map<string, StoredRun>>();

  runs(uri: string): StoredRun[] {
    return [...(this.byUri.get(uri)?.values() ?? [])];
  }

  put(uri: string, run: StoredRun): void {
    const runs = this.byUri.get(uri) ?? new Map<string, StoredRun>();
    // A quick run of a target replaces that target's previous quick run; a scenario's run replaces its last one.
    const key = run.quick ? `quick:${run.target}` : `scenario:${run.scenario}`;
    runs.delete(key);
    runs.set(key, run);
    this.byUri.set(uri, runs);
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}

/**
 * The scenario a run reads from the current model. A default run's scenario is read from its own text alone: its
 * typed faults and expectations do not depend on the rest of the file, and the file is not parsed a second time on
 * every keystroke to find out.
 */
function scenarioOf(model: ArchModel, run: SimulationRun, name: string): Scenario | undefined {
  if (run.kind !== 'quick') {
    const s = model.elements.get(name);
    return s?.kind === 'scenario' ? s : undefined;
  }
  const fault = parseQuickFault(run.fault, run.argument);
  if (typeof fault === 'string') return undefined;
  const quick = quickScenario(model, run.target, fault);
  if (!quick.ok) return undefined;
  const s = buildModelFromText(quick.text).elements.get(quick.name);
  return s?.kind === 'scenario' ? s : undefined;
}

/** What the run depends on, read from `model` (see analyzers/sim/fingerprint.ts). */
function fingerprintOf(model: ArchModel, run: SimulationRun, name: string): string | undefined {
  const scenario = scenarioOf(model, run, name);
  return scenario ? runFingerprint(model, scenario) : undefined;
}

/** Whether a stored run still describes the current model; its scenario as the model reads it now. */
export function currentScenario(model: ArchModel, run: StoredRun): { scenario: Scenario | undefined; stale: boolean; fingerprint: string | undefined } {
  const scenario = run.quick ? undefined : scenarioOf(model, run.run, run.scenario);
  const now = fingerprintOf(model, run.run, run.scenario);
  return { scenario, stale: now === undefined || now !== run.fingerprint, fingerprint: now };
}

export interface RunContext {
  text: string;
  version: number;
  /** Progress over every scenario of the run. */
  progress: (p: Omit<SimulationProgressParams, 'runId'>) => void;
  token: CancellationToken;
  jobs?: number;
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'the simulation was cancelled');
}

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function summaryLine(r: ScenarioReport): string {
  const failed = r.expectations.filter((x) => !x.passed);
  const head = `${r.name} → ${r.target}: ${r.passed ? 'passed' : 'FAILED'} over ${r.seeds} seed${r.seeds === 1 ? '' : 's'}`;
  if (r.error) return `${r.name}: not run: ${r.error}`;
  const fails = failed.map((x) => `${x.expect}${x.seed !== null ? ` (seed ${x.seed})` : ''}`).join(', ');
  const f = r.metrics.failover_ms;
  return `${head}${fails ? ` — ${fails} failed` : ''}${r.metrics.failovers ? `; failover p50 ${f.p50} ms, p99 ${f.p99} ms` : ''}`;
}

/** Chooses the scenarios of a run and the text they run on (a default run is appended as scenario text). */
function prepare(text: string, base: ArchModel, run: SimulationRun): { text: string; model: ArchModel; scenarios: Scenario[]; quick: boolean } {
  let model = base;
  const all = () => [...model.elements.values()].filter((e): e is Scenario => e.kind === 'scenario');
  if (run.kind === 'quick') {
    const fault = parseQuickFault(run.fault, run.argument);
    if (typeof fault === 'string') throw invalid(fault);
    const quick = quickScenario(model, run.target, fault);
    if (!quick.ok) throw invalid(`cannot simulate: ${quick.reason}`);
    text = `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}\n${quick.text}`;
    model = buildModelFromText(text);
    return { text, model, scenarios: all().filter((s) => s.name === quick.name), quick: true };
  }
  if (run.kind === 'scenarios') {
    const named = all();
    const missing = run.scenarios.filter((n) => !named.some((s) => s.name === n));
    if (missing.length) throw invalid(`no scenario ${missing.map((n) => `'${n}'`).join(', ')} in the file`);
    return { text, model, scenarios: named.filter((s) => run.scenarios.includes(s.name)), quick: false };
  }
  const scenarios = all();
  if (scenarios.length === 0) throw invalid('the file has no scenario: add a `scenario` block, or use "Faultline: Simulate Failover…" for a default run');
  return { text, model, scenarios, quick: false };
}

/** Errors that make a run meaningless (analyzers/sim/blocking.ts, as for the CLI). */
function blocking(model: ArchModel, scenarios: readonly Scenario[]): string | undefined {
  const errors = blockingErrors(model, scenarios);
  if (errors.length === 0) return undefined;
  const first = errors[0]!;
  return `cannot simulate: ${errors.length} error${errors.length === 1 ? '' : 's'} in the file, first at line ${first.range.start.line + 1}: ${first.message}`;
}

/** Runs the scenarios of `params.run` on `ctx.text`; every result is returned and stored. Rejects on cancel. */
export async function runSimulation(params: SimulateParams, ctx: RunContext, store: SimulationStore, uri: string): Promise<SimulateResult> {
  const base = buildModelFromText(ctx.text);
  const prepared = prepare(ctx.text, base, params.run);
  const why = blocking(prepared.model, prepared.scenarios);
  if (why) throw invalid(why);
  const plans = prepared.scenarios.map((s) => ({ scenario: s, seeds: seedList(s, params.seeds !== undefined ? { seeds: params.seeds } : {}) }));
  const total = plans.reduce((a, p) => a + p.seeds.length, 0);
  if (ctx.token.isCancellationRequested) throw cancelled();
  const abort = new AbortController();
  const listener = ctx.token.onCancellationRequested(() => abort.abort());
  const jobs = Math.max(1, Math.min(ctx.jobs ?? availableParallelism(), MAX_JOBS, Math.ceil(total / 25)));
  const pool = new SeedPool(prepared.text, jobs);
  const outcomes: SimulationOutcome[] = [];
  let before = 0;
  try {
    for (const { scenario, seeds } of plans) {
      const started = performance.now();
      ctx.progress({ scenario: scenario.name, done: before, total });
      const results = await pool.run(scenario.name, seeds, {
        signal: abort.signal,
        onProgress: (done) => ctx.progress({ scenario: scenario.name, done: before + done, total }),
      });
      const { report, timeline } = await pool.finish(scenario.name, results, { signal: abort.signal });
      before += seeds.length;
      const stored: StoredRun = {
        run: prepared.quick ? params.run : { kind: 'scenarios', scenarios: [scenario.name] },
        scenario: scenario.name,
        target: report.target,
        quick: prepared.quick,
        report,
        timeline,
        fingerprint: fingerprintOf(base, prepared.quick ? params.run : { kind: 'scenarios', scenarios: [scenario.name] }, scenario.name) ?? '',
        version: ctx.version,
        seeds: seeds.length,
      };
      store.put(uri, stored);
      outcomes.push({
        scenario: scenario.name,
        target: report.target,
        quick: prepared.quick,
        passed: report.passed,
        seeds: report.seeds,
        expectations: report.expectations,
        failover: { ...report.metrics.failover_ms, count: report.metrics.failovers },
        lostWrites: report.metrics.lost_writes,
        staleReadRate: report.metrics.stale_read_rate,
        summary: summaryLine(report),
        timeline,
        elapsedMs: Math.round(performance.now() - started),
      });
    }
  } catch (error) {
    if (error instanceof PoolCancelled || abort.signal.aborted) throw cancelled();
    throw error;
  } finally {
    listener.dispose();
    pool.close();
  }
  return { uri, version: ctx.version, outcomes };
}
