/*
 * Probabilistically Bounded Staleness (Bailis, Venkataraman, Franklin, Hellerstein, Stoica; VLDB 2012), the closed
 * form of §3 for a read issued the instant a write is acknowledged: if the write is on exactly W of the N replicas
 * then and the read asks R of them chosen uniformly, the read misses every replica that has it with probability
 * C(N−W, R) / C(N, R) — 0 as soon as W + R > N. Replicas beyond the W that acknowledged may already hold the write,
 * so a measured rate at t = 0 is at most this.
 */

/** The binomial coefficient C(n, k) (0 outside 0 ≤ k ≤ n). Exact for the small n a group has. */
export function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** PBS's probability that a read of R replicas at t = 0 misses a write held by exactly W of N. */
export function pbsStaleAtZero(n: number, w: number, r: number): number {
  return choose(n - w, r) / choose(n, r);
}
