/** Reading the literal atoms of SPEC §1.1 into values. Pure functions; the lexer has already checked the shape. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `150ms` → 150, `2s` → 2000, `1.5m` → 90000. NaN for text that is not a duration. */
export function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text);
  if (!match) return Number.NaN;
  return Number(match[1]) * (UNIT_MS[match[2]!] ?? Number.NaN);
}

/** `150ms..300ms` → { min: 150, max: 300 }. */
export function rangeMs(text: string): { min: number; max: number } {
  const [low = '', high = ''] = text.split('..');
  return { min: durationMs(low), max: durationMs(high) };
}

/** `"a \"b\""` → `a "b"`. Tolerates a missing closing quote (reported by the parser, not here). */
export function unquote(text: string): string {
  const body = text.endsWith('"') && text.length >= 2 ? text.slice(1, -1) : text.slice(1);
  return body.replace(/\\(.)/g, '$1');
}

/** The inverse of `unquote`, for the formatter and quick fixes. */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** 2000 → `2s`, 150 → `150ms`: the shortest exact way to write a duration. */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms > 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms > 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
