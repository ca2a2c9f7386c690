/*
 * Percentiles by nearest rank: the p-th percentile of n values is the ⌈p/100 · n⌉-th smallest. It is always one of
 * the observed values (no interpolation), so "p99 ≤ D" reads as "at most 1% of the failovers took longer than D".
 */

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** p50, p99 and max of some values (all 0 when there are none). */
export function summary(values: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = values.slice().sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1]! : 0 };
}
