import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { buildModelFromText } from '../../language/model/build';
import type { Scenario } from '../../language/model/types';
import { simulate, type SeedResult } from '../../analyzers/sim/run';
import type { Limits } from '../../analyzers/sim/engine';

/*
 * The seed worker of `faultline simulate`: it rebuilds the model from the file's text (deterministic, so every
 * worker sees the model the main thread saw), then runs the seeds it is handed one batch at a time and posts
 * their results back. Results are plain data; the main thread merges them in seed order, so the report does not
 * depend on which worker ran which seed. The wall clock is this worker's own, injected into the run.
 */

export interface WorkerInit {
  faultlineSimWorker: true;
  text: string;
  scenario: string;
  limits?: Partial<Limits>;
}

export type ToWorker = { kind: 'run'; seeds: number[] } | { kind: 'stop' };
export type FromWorker = { kind: 'results'; results: SeedResult[] } | { kind: 'error'; message: string };

export function isSimWorker(): boolean {
  return !isMainThread && (workerData as Partial<WorkerInit> | undefined)?.faultlineSimWorker === true;
}

export function serveSeeds(): void {
  const init = workerData as WorkerInit;
  const port = parentPort!;
  const model = buildModelFromText(init.text);
  const scenario = model.elements.get(init.scenario) as Scenario | undefined;
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'stop') {
      port.close();
      return;
    }
    try {
      if (!scenario || scenario.kind !== 'scenario') throw new Error(`no scenario '${init.scenario}'`);
      const results = message.seeds.map((seed) => simulate(model, scenario, { seed, trace: false, limits: init.limits, now: () => performance.now() }));
      port.postMessage({ kind: 'results', results } satisfies FromWorker);
    } catch (error) {
      port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
    }
  });
}
