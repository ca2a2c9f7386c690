/*
 * What a bench hands to `npm run bench` (scripts/bench.mjs), which collects these lines into bench/results.json and
 * the README table: one line `BENCH_RESULT {"bench":…,…}` on stdout. Run alone, a bench prints it too (one line).
 */
export function emitResult(bench: string, data: Record<string, unknown>): void {
  console.log(`BENCH_RESULT ${JSON.stringify({ bench, ...data })}`);
}

/** `BENCH_QUICK=1`: fewer runs everywhere (figures less steady, the whole suite in a fraction of the time). */
export const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
