import type { TextEdit } from './diagnostic';
import { comparePositions, type Position } from './range';

/** Offset of an LSP position in `text` (clamped to the text). */
export function offsetAt(text: string, p: Position): number {
  let line = 0;
  let i = 0;
  while (line < p.line && i < text.length) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return text.length;
    i = nl + 1;
    line++;
  }
  const lineEnd = text.indexOf('\n', i);
  const max = lineEnd < 0 ? text.length : lineEnd;
  return Math.min(i + p.character, max);
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
  let out = text;
  for (const edit of accepted.reverse()) {
    out = out.slice(0, offsetAt(out, edit.range.start)) + edit.newText + out.slice(offsetAt(out, edit.range.end));
  }
  return { text: out, applied: accepted.length, skipped };
}
