import type { TextEdit } from './diagnostic';
import { comparePositions, type Position } from './range';

/*
 * Positions → offsets, and applying edits, with line ends counted as the lexer counts them (`\r\n`, `\r`,
 * `\n`): a file saved with old-Mac line ends must be edited where the diagnostics point. One implementation
 * for the CLI's `--fix`, the rule test kit and anything else that applies the core's fixes.
 */

/** Offsets where each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** LSP semantics: a line past the end means the end of the text, a character past the line's end its end. */
export function offsetAt(text: string, p: Position, starts: readonly number[] = lineStarts(text)): number {
  if (p.line >= starts.length) return text.length;
  const start = starts[p.line]!;
  let end = p.line + 1 < starts.length ? starts[p.line + 1]! : text.length;
  // The line's content ends before its line break.
  if (end > start && p.line + 1 < starts.length) {
    end--;
    if (end > start && text.charCodeAt(end) === 10 && text.charCodeAt(end - 1) === 13) end--;
  }
  return Math.min(start + Math.max(0, p.character), end);
}

/** The file's own line break (from its first one; `\n` when it has none), for text that edits insert. */
export function lineBreakOf(text: string): string {
  const m = /\r\n|\r|\n/.exec(text);
  return m ? m[0] : '\n';
}

/** Fixes are written with `\n`; inserted into a CRLF (or CR) file they take its line break. */
export function withLineBreak(newText: string, eol: string): string {
  return eol === '\n' ? newText : newText.replace(/\r\n|\r|\n/g, eol);
}

/**
 * Applies edits that do not overlap; an edit overlapping an earlier-accepted one is skipped (and counted), so a
 * batch of fixes from many diagnostics can be applied in one pass and the rest on the next pass.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: number; skipped: number } {
  const sorted = [...edits].sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
  const accepted: TextEdit[] = [];
  let skipped = 0;
  for (const edit of sorted) {
    const last = accepted[accepted.length - 1];
    if (last && comparePositions(edit.range.start, last.range.end) < 0) {
      skipped++;
      continue;
    }
    accepted.push(edit);
  }
  const starts = lineStarts(text);
  const eol = lineBreakOf(text);
  const spans = accepted.map((e) => ({ start: offsetAt(text, e.range.start, starts), end: offsetAt(text, e.range.end, starts), newText: withLineBreak(e.newText, eol) }));
  let out = text;
  for (const span of spans.reverse()) out = out.slice(0, span.start) + span.newText + out.slice(Math.max(span.start, span.end));
  return { text: out, applied: accepted.length, skipped };
}
