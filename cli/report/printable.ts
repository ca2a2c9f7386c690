/*
 * Text from a user's file (names, messages that quote it, source lines, file paths) goes to a terminal, which
 * acts on control characters: `ESC]2;…BEL` retitles the window, `ESC[8m` hides what follows, a bidi override
 * reorders what is shown. Every human-readable output shows them as escapes instead: `\x1b` for C0 (except tab),
 * DEL and C1, `\u202e` for bidi controls and line/paragraph separators. JSON and SARIF escape on their own.
 */

const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
/** The same, but newlines stay: for whole multi-line messages. */
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text, safe to print: control characters (newlines too) become visible escapes. */
export function printable(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}

/** Like `printable`, but `\n` is kept: for output that is several lines on purpose. */
export function printableLines(text: string): string {
  return text.replace(UNSAFE_BUT_NEWLINE, escapeChar);
}

/**
 * `printable` for a source line, with where each original column went: `at(i)` is the column in the escaped
 * text of column `i` of `text` (0 ≤ i ≤ text.length), so a caret can be drawn under the same characters.
 */
export function printableWithColumns(text: string): { text: string; at: (column: number) => number } {
  if (!UNSAFE.test(text)) return { text, at: (i) => i };
  const starts: number[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    starts.push(out.length);
    const c = text[i]!;
    out += UNSAFE.test(c) ? escapeChar(c) : c;
  }
  starts.push(out.length);
  return { text: out, at: (i) => starts[Math.max(0, Math.min(i, text.length))]! };
}
