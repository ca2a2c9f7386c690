/** Reading the literal atoms of SPEC §1.1 into values. Pure functions; the lexer has already checked the shape. */


/** `150ms` → 150, `2s` → 2000, `1.5m` → 90000. NaN for text that is not a duration. */
export function durationMs(text: string): number {
  return durationIn(text, 0, text.length);
}

const UNIT_CODE_MS: Record<number, number> = { 115: 1000, 109: 60_000, 104: 3_600_000, 100: 86_400_000 };

/**
 * The duration written in `text[from, to)`. Scanned by character code, without a regex or substrings (this runs for
 * every duration and range of a file): digits, an optional `.digits`, a unit. Digits are accumulated as one integer
 * (integer part and fraction together) while that is exact; longer numbers take the string route, so the result is
 * always `Number(digits) * unit / 10 ** fractionDigits`, as before.
 */
function durationIn(text: string, from: number, to: number): number {
  let i = from;
  let digits = 0;
  let value = 0;
  let fraction = 0;
  while (i < to && isDigit(text.charCodeAt(i))) {
    value = value * 10 + (text.charCodeAt(i) - 48);
    digits++;
    i++;
  }
  if (digits === 0) return Number.NaN;
  if (i < to && text.charCodeAt(i) === 46) {
    i++;
    const start = i;
    while (i < to && isDigit(text.charCodeAt(i))) {
      value = value * 10 + (text.charCodeAt(i) - 48);
      digits++;
      i++;
    }
    fraction = i - start;
    if (fraction === 0) return Number.NaN;
  }
  let unit: number | undefined;
  const c = text.charCodeAt(i);
  if (c === 109 && i + 2 === to && text.charCodeAt(i + 1) === 115) unit = 1; // ms
  else if (i + 1 === to) unit = UNIT_CODE_MS[c];
  if (unit === undefined) return Number.NaN;
  // Up to 15 digits the accumulated integer is exact, and equal to Number() of the digit string.
  if (digits > 15) {
    const intText = text.slice(from, fraction ? i - fraction - 1 : i);
    const fractionText = fraction ? text.slice(i - fraction, i) : '';
    value = Number(intText + fractionText);
  }
  return (value * unit) / 10 ** fraction;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `150ms..300ms` → { min: 150, max: 300 }. */
export function rangeMs(text: string): { min: number; max: number } {
  const dots = text.indexOf('..');
  if (dots < 0) return { min: durationMs(text), max: durationMs('') };
  // As `split('..')` did: the part before the first `..`, and the part between it and a next `..`.
  const next = text.indexOf('..', dots + 2);
  return { min: durationIn(text, 0, dots), max: durationIn(text, dots + 2, next < 0 ? text.length : next) };
}

/** `"a \"b\""` → `a "b"`. Tolerates a missing closing quote (reported by the parser, not here). */
export function unquote(text: string): string {
  // Without escapes, the content runs to the first quote after the opening one (or to the end).
  if (text.indexOf('\\') < 0) {
    const close = text.indexOf('"', 1);
    return close < 0 ? text.slice(1) : text.slice(1, close);
  }
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
