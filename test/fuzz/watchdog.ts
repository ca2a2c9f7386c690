import { Worker } from 'node:worker_threads';

/*
 * A per-case budget (kit.ts `withinBudget`) only fails once the case returns; a case that never returns would hang
 * `npm test` instead. So every budgeted case is also reported to this watchdog: a worker thread that, when the main
 * thread has been on one case longer than that case's `hangMs`, writes the case's input to stderr (quoted as JSON, cut at
 * 100,000 characters) and kills the process, which fails the test file with that message.
 */

const MAX_INPUT = 100_000;

export interface Watchdog {
  /** A case starts: `input` is what to print if it has not ended after `hangMs`. */
  start(label: string, input: string, hangMs: number): void;
  /** The case ended. */
  stop(): void;
}

const WORKER = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { state, text, base } = workerData;
setInterval(() => {
  const started = Atomics.load(state, 0);
  const hangMs = Atomics.load(state, 3);
  if (started === 0 || Date.now() - base - started < hangMs) return;
  const length = Atomics.load(state, 1);
  let input = '';
  for (let i = 0; i < length; i++) input += String.fromCharCode(text[i]);
  const cut = Atomics.load(state, 2) === 1 ? ' (cut)' : '';
  writeSync(2, '\\nfuzz watchdog: a case ran for more than ' + hangMs + ' ms and was killed. Its input' + cut + ':\\n' + JSON.stringify(input) + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, 250);
`;

/** One per test file (kit.ts makes it on first use); the worker is unref'd, so it never keeps the process alive. */
export function watchdog(): Watchdog {
  // state: [case start (ms since base, 0 = idle), input length, input cut?, hang limit in ms]
  const state = new Int32Array(new SharedArrayBuffer(16));
  const text = new Uint16Array(new SharedArrayBuffer(MAX_INPUT * 2));
  const base = Date.now() - 1;
  // No execArgv: the parent's (tsx's loader, preloads) would make the thread's start wait on the main thread, which a
  // hung case never gives back.
  const worker = new Worker(WORKER, { eval: true, workerData: { state, text, base }, execArgv: [] });
  worker.unref();
  return {
    start(label, input, hangMs) {
      const shown = `[${label}] ${input}`;
      const length = Math.min(shown.length, MAX_INPUT);
      for (let i = 0; i < length; i++) text[i] = shown.charCodeAt(i);
      Atomics.store(state, 1, length);
      Atomics.store(state, 2, shown.length > MAX_INPUT ? 1 : 0);
      Atomics.store(state, 3, hangMs);
      Atomics.store(state, 0, Date.now() - base);
    },
    stop() {
      Atomics.store(state, 0, 0);
    },
  };
}
