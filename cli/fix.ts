import type { Diagnostic, TextEdit } from '../language/diagnostic';
import { lineBreakOf, lineStarts, offsetAt, withLineBreak } from '../language/edits';

/*
 * `check --fix`: the same fixes the editor offers as quick fixes, applied mechanically. Each diagnostic's
 * first fix is taken whole or not at all; a fix whose edits overlap an already-taken one waits for the
 * next pass, which re-checks the text (the edit may have made it obsolete).
 */

export const MAX_FIX_PASSES = 10;

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  // Two insertions at one point also conflict: their order would be arbitrary.
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}

/** One pass: applies every diagnostic's first fix that does not overlap an earlier one. */
export function applyFirstFixes(text: string, diagnostics: readonly Diagnostic[]): { text: string; applied: number } {
  const starts = lineStarts(text);
  const eol = lineBreakOf(text);
  const taken: OffsetEdit[] = [];
  let applied = 0;
  for (const d of diagnostics) {
    const fix = d.fixes?.[0];
    if (!fix || fix.edits.length === 0) continue;
    const edits = fix.edits.map((e: TextEdit) => ({
      start: offsetAt(text, e.range.start, starts),
      end: Math.max(offsetAt(text, e.range.start, starts), offsetAt(text, e.range.end, starts)),
      newText: withLineBreak(e.newText, eol),
    }));
    const selfOverlap = edits.some((a, i) => edits.some((b, j) => i < j && overlaps(a, b)));
    if (selfOverlap || edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...edits);
    applied++;
  }
  // From the end, so earlier offsets stay valid.
  taken.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of taken) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, applied };
}

/** Fixes, re-checks and fixes again until nothing changes or MAX_FIX_PASSES passes ran. */
export function fixUntilStable(
  text: string,
  check: (text: string) => Diagnostic[],
): { text: string; applied: number; diagnostics: Diagnostic[] } {
  let diagnostics = check(text);
  let applied = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const result = applyFirstFixes(text, diagnostics);
    if (result.applied === 0 || result.text === text) break;
    text = result.text;
    applied += result.applied;
    diagnostics = check(text);
  }
  return { text, applied, diagnostics };
}
