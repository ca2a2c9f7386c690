import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { buildModelFromText } from '../language/model/build';
import type { Scenario } from '../language/model/types';
import { mergeSeeds, simulate, type ScenarioReport, type SeedResult } from '../analyzers/sim/run';
import type { Limits } from '../analyzers/sim/engine';
import { minimizeCounterexample } from '../analyzers/sim/shrink';
import { simulateTimeline } from '../analyzers/sim/timeline';
import type { Timeline } from '../diagram/timeline';

/*
 * The seed worker of `faultline simulate` and of the language server: it rebuilds the model from the file's text
 * (deterministic, so every worker sees the model the main thread saw), then runs the seeds it is handed one batch
 * at a time and posts their results back. Results are plain data; the pool merges them in seed order, so the report
 * does not depend on which worker ran which seed. The wall clock is this worker's own, injected into the run.
 */

export interface WorkerInit {
  faultlineSimWorker: true;
  text: string;
  limits?: Partial<Limits>;
}

/**
 * `run`: seeds of a scenario. `finish`: fold a sweep's results into the report — re-run the counterexample traced,
 * shrink it, and build the timeline of its seed (the first seed when all passed) — so that work, which can take a
 * second, keeps off the language server's main thread too.
 */
export type ToWorker = { kind: 'run'; scenario: string; seeds: number[] } | { kind: 'finish'; scenario: string; results: SeedResult[] } | { kind: 'stop' };
export type FromWorker = { kind: 'results'; results: SeedResult[] } | { kind: 'finished'; report: ScenarioReport; timeline: Timeline | null } | { kind: 'error'; message: string };

/** The report and timeline of a sweep: what `finish` computes (also callable in-process). */
export function finishSweep(model: ReturnType<typeof buildModelFromText>, scenario: Scenario, results: readonly SeedResult[], limits?: Partial<Limits>): { report: ScenarioReport; timeline: Timeline | null } {
  const now = () => performance.now();
  const merged = mergeSeeds(scenario, results, (seed, focusMs) => simulate(model, scenario, { seed, trace: true, limits, now, ...(focusMs !== undefined ? { focusMs } : {}) }).trace);
  const report = minimizeCounterexample(model, scenario, merged, { now, ...(limits ? { limits } : {}) });
  const seed = report.counterexample?.seed ?? results[0]?.seed;
  const timeline =
    seed === undefined || report.error !== undefined
      ? null
      : simulateTimeline(model, scenario, seed, { seeds: results.length, failoverMs: results.flatMap((r) => r.metrics.failoverMs), now, ...(limits ? { limits } : {}) });
  return { report, timeline };
}

export function isSimWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerInit> | undefined)?.faultlineSimWorker === true;
}

export function serveSeeds(): void {
  const init = workerData as WorkerInit;
  const port = parentPort!;
  // Built once per worker, before the first batch arrives: the pool starts workers while its caller is still busy.
  const model = buildModelFromText(init.text);
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'stop') {
      port.close();
      return;
    }
    try {
      const scenario = model.elements.get(message.scenario) as Scenario | undefined;
      if (!scenario || scenario.kind !== 'scenario') throw new Error(`no scenario '${message.scenario}'`);
      if (message.kind === 'finish') {
        port.postMessage({ kind: 'finished', ...finishSweep(model, scenario, message.results, init.limits) } satisfies FromWorker);
        return;
      }
      const results = message.seeds.map((seed) => simulate(model, scenario, { seed, trace: false, limits: init.limits, now: () => performance.now() }));
      port.postMessage({ kind: 'results', results } satisfies FromWorker);
    } catch (error) {
      port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
    }
  });
}
