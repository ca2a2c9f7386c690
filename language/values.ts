/** Reading the literal atoms of SPEC §1.1 into values. Pure functions; the lexer has already checked the shape. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `150ms` → 150, `2s` → 2000, `1.5m` → 90000. NaN for text that is not a duration. */
export function durationMs(text: string): number {
  const match = /^(\d+)(?:\.(\d+))?(ms|s|m|h|d)$/.exec(text);
  if (!match) return Number.NaN;
  // Scale the digits as an integer, then divide once: `1.1s` is 1100, where 1.1 * 1000 is 1100.0000000000002.
  const fraction = match[2] ?? '';
  return (Number(match[1]! + fraction) * (UNIT_MS[match[3]!] ?? Number.NaN)) / 10 ** fraction.length;
}

/** `150ms..300ms` → { min: 150, max: 300 }. */
export function rangeMs(text: string): { min: number; max: number } {
  const [low = '', high = ''] = text.split('..');
  return { min: durationMs(low), max: durationMs(high) };
}

/** `"a \"b\""` → `a "b"`. Tolerates a missing closing quote (reported by the parser, not here). */
export function unquote(text: string): string {
  // Scanned, not sliced: in the unterminated `"a\"` the last quote is escaped content, not the closing quote.
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') break;
    if (c === '\\' && i + 1 < text.length) i++;
    value += text[i];
  }
  return value;
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
