import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SeedResult } from '../analyzers/sim/run';
import type { Limits } from '../analyzers/sim/engine';
import type { ScenarioReport } from '../analyzers/sim/run';
import type { Timeline } from '../diagram/timeline';
import type { FromWorker, ToWorker, WorkerInit } from './worker';

/*
 * Seeds on worker threads (plain worker_threads: a work queue of seed batches is all a sweep needs). Each worker
 * takes the next batch when it is done with one, so a slow seed does not hold up the others; the results come
 * back in any order and are sorted by seed, so the report is the same for any number of workers.
 *
 * The workers start when the pool is created and build the model from the text right away, so a caller that
 * creates the pool first overlaps the workers' start-up (thread, module load, JIT warm-up) with its own work.
 * One pool serves every scenario of the file; `close()` ends it. An aborted run terminates the workers at once
 * (a seed in the middle of its run is not waited for): `faultline simulate` never aborts, the editor's Cancel does.
 */

export interface PoolRunOptions {
  /** Called after every batch with the number of seeds done so far. */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the run within a message round trip: the pool's workers are terminated. */
  signal?: AbortSignal;
}

export class PoolCancelled extends Error {
  constructor(readonly done: number) {
    super('the simulation was cancelled');
  }
}

/** Seeds per batch: small enough to balance the load (and to report progress), large enough that messages cost nothing. */
function batchSize(total: number, jobs: number): number {
  return Math.max(1, Math.min(25, Math.ceil(total / (jobs * 4))));
}

/**
 * The worker script: dist/sim-worker.cjs beside the bundle this code runs in (the simulator alone, a fraction of the
 * CLI's or server's bundle to load), else that bundle itself (each serves seeds when started as a worker: cli/main.ts,
 * extension/server/main.ts), or — when running from the TypeScript sources under tsx — a small entry that
 * registers tsx in the worker first.
 */
function workerScript(): string {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.cjs')) {
    const small = join(dirname(self), 'sim-worker.cjs');
    return existsSync(small) ? small : self;
  }
  const entry = fileURLToPath(new URL('./worker-entry.mjs', import.meta.url));
  if (!existsSync(entry)) throw new Error(`the seed worker is missing (${entry})`);
  return entry;
}

interface Slot {
  worker: Worker;
  /** The handler of the run in progress, if any. */
  onMessage?: (m: FromWorker) => void;
  onFailure?: (e: Error) => void;
}

export class SeedPool {
  private readonly slots: Slot[] = [];
  private closed = false;
  /** Runs one at a time: the workers are shared. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(text: string, jobs: number, limits?: Partial<Limits>) {
    const init: WorkerInit = { faultlineSimWorker: true, text, ...(limits ? { limits } : {}) };
    const file = workerScript();
    for (let i = 0; i < Math.max(1, Math.floor(jobs)); i++) {
      const slot: Slot = { worker: new Worker(file, { workerData: init }) };
      slot.worker.on('message', (m: FromWorker) => slot.onMessage?.(m));
      slot.worker.on('error', (e) => slot.onFailure?.(new Error(`a simulation worker failed: ${e.message}`)));
      slot.worker.on('exit', (code) => {
        if (!this.closed) slot.onFailure?.(new Error(`a simulation worker exited with code ${code}`));
      });
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Runs `seeds` of `scenario` on the workers; the results sorted by seed. Rejects with PoolCancelled on abort. */
  run(scenario: string, seeds: readonly number[], options: PoolRunOptions = {}): Promise<SeedResult[]> {
    const next = this.queue.then(() => this.runNow(scenario, seeds, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Folds a sweep's results into its report and timeline on a worker (sim-workers/worker.ts `finish`). */
  finish(scenario: string, results: readonly SeedResult[], options: Pick<PoolRunOptions, 'signal'> = {}): Promise<{ report: ScenarioReport; timeline: Timeline | null }> {
    const next = this.queue.then(() => this.finishNow(scenario, results, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private finishNow(scenario: string, results: readonly SeedResult[], options: Pick<PoolRunOptions, 'signal'>): Promise<{ report: ScenarioReport; timeline: Timeline | null }> {
    if (this.closed) return Promise.reject(new Error('the simulation pool is closed'));
    const slot = this.slots[0]!;
    return new Promise((resolve, reject) => {
      const done = (error?: Error, value?: { report: ScenarioReport; timeline: Timeline | null }) => {
        delete slot.onMessage;
        delete slot.onFailure;
        options.signal?.removeEventListener('abort', onAbort);
        if (error) {
          this.close();
          reject(error);
        } else resolve(value!);
      };
      const onAbort = () => done(new PoolCancelled(results.length));
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      slot.onMessage = (m) => {
        if (m.kind === 'finished') done(undefined, { report: m.report, timeline: m.timeline });
        else done(new Error(m.kind === 'error' ? `a simulation worker failed: ${m.message}` : 'a simulation worker answered out of turn'));
      };
      slot.onFailure = (e) => done(e);
      slot.worker.postMessage({ kind: 'finish', scenario, results: [...results] } satisfies ToWorker);
    });
  }

  private runNow(scenario: string, seeds: readonly number[], options: PoolRunOptions): Promise<SeedResult[]> {
    if (this.closed) return Promise.reject(new Error('the simulation pool is closed'));
    const size = batchSize(seeds.length, this.slots.length);
    const batches: number[][] = [];
    for (let i = 0; i < seeds.length; i += size) batches.push(seeds.slice(i, i + size));
    const results: SeedResult[] = [];
    let nextBatch = 0;
    let running = 0;
    return new Promise<SeedResult[]>((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        for (const slot of this.slots) {
          delete slot.onMessage;
          delete slot.onFailure;
        }
        options.signal?.removeEventListener('abort', onAbort);
        // A failed run leaves workers busy with batches nobody will read: the pool is not reused after it.
        if (error) this.close();
        if (error) reject(error);
        else resolve(results.sort((a, b) => a.seed - b.seed));
      };
      const onAbort = () => finish(new PoolCancelled(results.length));
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const feed = (slot: Slot) => {
        if (nextBatch >= batches.length) {
          if (running === 0) finish();
          return;
        }
        running++;
        slot.worker.postMessage({ kind: 'run', scenario, seeds: batches[nextBatch++]! } satisfies ToWorker);
      };
      for (const slot of this.slots) {
        slot.onMessage = (m) => {
          running--;
          if (m.kind === 'error') return finish(new Error(`a simulation worker failed: ${m.message}`));
          if (m.kind !== 'results') return finish(new Error('a simulation worker answered out of turn'));
          for (const r of m.results) results.push(r);
          options.onProgress?.(results.length, seeds.length);
          feed(slot);
        };
        slot.onFailure = (e) => finish(e);
      }
      if (batches.length === 0) return finish();
      for (const slot of this.slots) feed(slot);
    });
  }

  /** Ends the workers (at once: a seed in progress is dropped). Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const slot of this.slots) void slot.worker.terminate();
  }
}

/** One sweep on a pool of its own (closed afterwards). */
export async function runSeedsInPool(text: string, scenario: string, seeds: readonly number[], options: PoolRunOptions & { jobs: number; limits?: Partial<Limits> }): Promise<SeedResult[]> {
  const pool = new SeedPool(text, Math.max(1, Math.min(options.jobs, seeds.length)), options.limits);
  try {
    return await pool.run(scenario, seeds, options);
  } finally {
    pool.close();
  }
}
