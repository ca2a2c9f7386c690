import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SeedResult } from '../../analyzers/sim/run';
import type { Limits } from '../../analyzers/sim/engine';
import type { FromWorker, ToWorker, WorkerInit } from './worker';

/*
 * Seeds on worker threads (plain worker_threads: a work queue of seed batches is all a sweep needs). Each worker
 * takes the next batch when it is done with one, so a slow seed does not hold up the others; the results come
 * back in any order and are sorted by seed, so the report is the same for any number of workers.
 */

export interface PoolOptions {
  jobs: number;
  limits?: Partial<Limits>;
  /** Called after every batch with the number of seeds done so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Seeds per batch: small enough to balance the load, large enough that messages cost nothing. */
function batchSize(total: number, jobs: number): number {
  return Math.max(1, Math.min(50, Math.ceil(total / (jobs * 4))));
}

/**
 * The worker script: the bundled CLI itself (it serves seeds when started as a worker, cli/main.ts), or — when the
 * CLI runs from its TypeScript sources under tsx — a small entry that registers tsx in the worker first.
 */
function workerScript(): { file: string; execArgv: string[] } {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.cjs')) return { file: self, execArgv: [] };
  const entry = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
  if (!existsSync(entry)) throw new Error(`the seed worker is missing (${entry})`);
  return { file: entry, execArgv: [] };
}

export async function runSeedsInPool(text: string, scenario: string, seeds: readonly number[], options: PoolOptions): Promise<SeedResult[]> {
  const jobs = Math.max(1, Math.min(options.jobs, seeds.length));
  const size = batchSize(seeds.length, jobs);
  const batches: number[][] = [];
  for (let i = 0; i < seeds.length; i += size) batches.push(seeds.slice(i, i + size));
  const { file, execArgv } = workerScript();
  const init: WorkerInit = { faultlineSimWorker: true, text, scenario, ...(options.limits ? { limits: options.limits } : {}) };
  const results: SeedResult[] = [];
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: jobs }, () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(file, { workerData: init, execArgv });
          workers.push(worker);
          const feed = () => {
            if (next >= batches.length) {
              worker.postMessage({ kind: 'stop' } satisfies ToWorker);
              return;
            }
            worker.postMessage({ kind: 'run', seeds: batches[next++]! } satisfies ToWorker);
          };
          worker.on('message', (m: FromWorker) => {
            if (m.kind === 'error') return reject(new Error(`a simulation worker failed: ${m.message}`));
            results.push(...m.results);
            options.onProgress?.(results.length, seeds.length);
            feed();
          });
          worker.on('error', (e) => reject(new Error(`a simulation worker failed: ${e.message}`)));
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a simulation worker exited with code ${code}`))));
          feed();
        }),
      ),
    );
  } finally {
    for (const w of workers) void w.terminate();
  }
  return results.sort((a, b) => a.seed - b.seed);
}
