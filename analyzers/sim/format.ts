/*
 * Numbers in traces and details, formatted the same on every machine: `toFixed` is exact decimal rounding of the
 * binary value (no locale), unlike `toLocaleString`.
 */

/** A virtual instant: `t=20.412s`. */
export function at(ms: number): string {
  return `t=${(ms / 1000).toFixed(3)}s`;
}

/** A duration: `310ms`, `1.84s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${Number((ms / 1000).toFixed(3))}s`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
