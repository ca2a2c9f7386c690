import { appendFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';

/*
 * Where the server's event loop blocks, for diagnosing slow answers: with FAULTLINE_TRACE_FILE set, every turn
 * of the loop that takes longer than BLOCK_MS is written there with the last piece of work that began before it
 * (a request handler, a check step, a publish). Off by default: nothing runs, nothing is written.
 */

const FILE = process.env.FAULTLINE_TRACE_FILE;
const BLOCK_MS = 40;
const TICK_MS = 10;

let doing = 'idle';
let since = 0;

/** Names the work that begins now (cheap: a string assignment; the label is read only when tracing). */
export function doingNow(what: string | (() => string)): void {
  if (!FILE) return;
  doing = typeof what === 'string' ? what : what();
  since = performance.now();
}

/** A step of stepped work ended: traced when it alone took longer than BLOCK_MS (with what it was doing). */
export function stepEnded(startedAt: number): void {
  if (!FILE) return;
  const took = performance.now() - startedAt;
  if (took > BLOCK_MS) traceLine(`one step took ${took.toFixed(0)} ms: ${doing}`);
}

export function traceLine(line: string): void {
  if (!FILE) return;
  try {
    appendFileSync(FILE, `${new Date().toISOString()} ${line}\n`);
  } catch {
    // Tracing must never break the server.
  }
}

export function startLoopMonitor(): void {
  if (!FILE) return;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const blocked = now - last - TICK_MS;
    if (blocked > BLOCK_MS) traceLine(`blocked ${blocked.toFixed(0)} ms; last began ${(now - since).toFixed(0)} ms ago: ${doing}`);
    last = now;
  }, TICK_MS);
  timer.unref();
  // Garbage collection pauses, which no label explains.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration > 20) traceLine(`gc ${e.duration.toFixed(0)} ms (kind ${((e as unknown as { detail?: { kind?: number } }).detail)?.kind ?? '?'})`);
  }).observe({ entryTypes: ['gc'] });
}
