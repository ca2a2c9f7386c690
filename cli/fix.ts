import type { Diagnostic, TextEdit } from '../language/diagnostic';
import { lineBreakOf, lineStarts, offsetAt, withLineBreak } from '../language/edits';
import { syntaxGuard } from '../language/fix-safety';
import { parse } from '../language/parser';

/*
 * `check --fix`: the same fixes the editor offers as quick fixes, applied mechanically. Each diagnostic's
 * first fix is taken whole or not at all; a fix whose edits overlap an already-taken one waits for the
 * next pass, which re-checks the text (the edit may have made it obsolete).
 *
 * Fixes are computed from the tree, which next to a syntax error is the parser's guess, so:
 *  - a fix in or next to a syntax error (or the recovery region of a block missing its `}`) is not applied
 *    (`language/fix-safety.ts`, shared with the editor's quick fixes);
 *  - every pass is verified on the fixed text: no more syntax errors than before, and every finding it fixed
 *    gone. A pass that fails is dropped whole and its fixes are tried one at a time (at most
 *    MAX_SALVAGE_TRIES of them), keeping those that pass alone. A fix that never verifies is never applied,
 *    so a second `--fix` finds nothing more to do than the first left.
 */

export const MAX_FIX_PASSES = 10;
/** Fixes of a rejected pass tried one at a time, each costing one check. */
export const MAX_SALVAGE_TRIES = 20;

/** An edit as offsets into the text it applies to, its line breaks already the file's own. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** One diagnostic's first fix, as offset edits. */
interface Candidate {
  diagnostic: Diagnostic;
  edits: OffsetEdit[];
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  // Two insertions at one point also conflict: their order would be arbitrary.
  return (a.start < b.end && b.start < a.end) || a.start === b.start;
}

/** The first index of a sorted array whose key is ≥ `x` (binary search). */
function lowerBound<T>(sorted: readonly T[], x: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(sorted[mid]!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of a sorted array whose key is > `x`. */
function upperBound<T>(sorted: readonly T[], x: number, key: (t: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(sorted[mid]!) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const id = (n: number) => n;

/**
 * Whether `e` overlaps one of `taken`: edits that do not overlap one another, sorted by start (so by end too).
 * Only the two around `e.start` can: one that starts earlier must reach past it, one that starts at or after it
 * is the first that could begin inside `e`, and every later one begins after that one ends.
 */
function overlapsTaken(taken: readonly OffsetEdit[], e: OffsetEdit): boolean {
  const k = lowerBound(taken, e.start, (t) => t.start);
  return (k < taken.length && overlaps(e, taken[k]!)) || (k > 0 && overlaps(e, taken[k - 1]!));
}

/**
 * Every diagnostic's first fix that is not next to a syntax error and does not overlap an earlier one, in
 * diagnostic order.
 */
function selectFixes(text: string, diagnostics: readonly Diagnostic[]): Candidate[] {
  const starts = lineStarts(text);
  const eol = lineBreakOf(text);
  // Parsing again costs a fraction of a check, and only files with syntax errors pay it.
  const nearSyntaxError = diagnostics.some((d) => d.rule === 'syntax') ? syntaxGuard(text, parse(text)) : undefined;
  const taken: OffsetEdit[] = [];
  const candidates: Candidate[] = [];
  for (const d of diagnostics) {
    const fix = d.fixes?.[0];
    if (!fix || fix.edits.length === 0) continue;
    if (nearSyntaxError?.(fix)) continue;
    const edits = fix.edits.map((e: TextEdit) => {
      const start = offsetAt(text, e.range.start, starts);
      return { start, end: Math.max(start, offsetAt(text, e.range.end, starts)), newText: withLineBreak(e.newText, eol) };
    });
    const selfOverlap = edits.some((a, i) => edits.some((b, j) => i < j && overlaps(a, b)));
    if (selfOverlap || edits.some((e) => overlapsTaken(taken, e))) continue;
    for (const e of edits) taken.splice(lowerBound(taken, e.start, (t) => t.start), 0, e);
    candidates.push({ diagnostic: d, edits });
  }
  return candidates;
}

/** The edits of `candidates`, sorted by start (they do not overlap). */
function editsOf(candidates: readonly Candidate[]): OffsetEdit[] {
  return candidates.flatMap((c) => c.edits).sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Applies sorted, non-overlapping edits. */
function splice(text: string, sorted: readonly OffsetEdit[]): string {
  let out = '';
  let from = 0;
  for (const e of sorted) {
    out += text.slice(from, e.start) + e.newText;
    from = e.end;
  }
  return out + text.slice(from);
}

/** One pass, unverified: applies every diagnostic's first fix that does not overlap an earlier one. */
export function applyFirstFixes(text: string, diagnostics: readonly Diagnostic[]): { text: string; applied: number } {
  const candidates = selectFixes(text, diagnostics);
  return { text: splice(text, editsOf(candidates)), applied: candidates.length };
}

/**
 * Where offset `s` of the text before `sorted` edits is afterwards: `left` puts a place inside (or at) an edit at
 * its start, `right` after its new text. Together they bound where a finding there can have moved.
 */
function mapOffset(s: number, sorted: readonly OffsetEdit[], side: 'left' | 'right', shift: readonly number[]): number {
  // Every edit that ends before `s` shifts it by its growth (`shift` holds those sums); the first that does not
  // either starts after `s` or holds it. Adjacent edits chain: a place at an edit's end is at the next one's start.
  let k = lowerBound(sorted, s, (e) => e.end);
  let at = s;
  while (k < sorted.length) {
    const e = sorted[k]!;
    if (at < e.start) break;
    if (side === 'left') return e.start + shift[k]!;
    at = e.end;
    k++;
  }
  return at + shift[k]!;
}

/** `shift[k]`: how much the first `k` sorted edits grow the text (a prefix sum, for `mapOffset`). */
function shifts(sorted: readonly OffsetEdit[]): number[] {
  const out = [0];
  for (const e of sorted) out.push(out[out.length - 1]! + e.newText.length - (e.end - e.start));
  return out;
}

function syntaxCount(diagnostics: readonly Diagnostic[]): number {
  let n = 0;
  for (const d of diagnostics) if (d.rule === 'syntax') n++;
  return n;
}

/**
 * Whether a pass did what it meant to: no new syntax error, and every finding it fixed gone. A finding is
 * followed by rule and place: its start mapped through the edits. Several findings of one rule can share a
 * place, so it is counted: after the pass, a place holds at most as many findings of the rule as it held,
 * less those fixed.
 */
function verified(
  before: string,
  beforeDiagnostics: readonly Diagnostic[],
  after: string,
  afterDiagnostics: readonly Diagnostic[],
  fixed: readonly Diagnostic[],
  sorted: readonly OffsetEdit[],
): boolean {
  if (syntaxCount(afterDiagnostics) > syntaxCount(beforeDiagnostics)) return false;
  const beforeStarts = lineStarts(before);
  const afterStarts = lineStarts(after);
  const shift = shifts(sorted);
  const interval = (d: Diagnostic): [number, number] => {
    const s = offsetAt(before, d.range.start, beforeStarts);
    return [mapOffset(s, sorted, 'left', shift), mapOffset(s, sorted, 'right', shift)];
  };
  const fixedSet = new Set(fixed);
  const rules = new Set(fixed.map((d) => d.rule));
  // Per rule, sorted: where its findings are now, and the bounds of where its old findings (all, and the fixed
  // ones) can have moved — so each fixed finding's place is counted with binary searches, not a scan of all.
  const byRule = new Map<string, { now: number[]; starts: number[]; ends: number[]; fixedStarts: number[]; fixedEnds: number[]; fixed: [number, number][] }>();
  const of = (rule: string) => {
    let r = byRule.get(rule);
    if (!r) byRule.set(rule, (r = { now: [], starts: [], ends: [], fixedStarts: [], fixedEnds: [], fixed: [] }));
    return r;
  };
  for (const d of beforeDiagnostics) {
    if (!rules.has(d.rule)) continue;
    const r = of(d.rule);
    const at = interval(d);
    r.starts.push(at[0]);
    r.ends.push(at[1]);
    if (fixedSet.has(d)) {
      r.fixedStarts.push(at[0]);
      r.fixedEnds.push(at[1]);
      r.fixed.push(at);
    }
  }
  for (const d of afterDiagnostics) if (rules.has(d.rule)) of(d.rule).now.push(offsetAt(after, d.range.start, afterStarts));
  const ascending = (a: number, b: number) => a - b;
  for (const r of byRule.values()) {
    for (const list of [r.now, r.starts, r.ends, r.fixedStarts, r.fixedEnds]) list.sort(ascending);
    // Intervals [a, b] (a ≤ b) that meet [lo, hi]: all but those ending before lo or starting after hi (never both).
    const meeting = (starts: number[], ends: number[], lo: number, hi: number) => starts.length - lowerBound(ends, lo, id) - (starts.length - upperBound(starts, hi, id));
    for (const [lo, hi] of r.fixed) {
      const remaining = upperBound(r.now, hi, id) - lowerBound(r.now, lo, id);
      const held = meeting(r.starts, r.ends, lo, hi);
      const gone = meeting(r.fixedStarts, r.fixedEnds, lo, hi);
      if (remaining > held - gone) return false;
    }
  }
  return true;
}

interface Step {
  text: string;
  diagnostics: Diagnostic[];
  edits: OffsetEdit[];
  applied: number;
}

/** Applies `candidates` and checks the result: the step, or undefined when it changes nothing or fails. */
function attempt(text: string, diagnostics: readonly Diagnostic[], candidates: readonly Candidate[], check: (text: string) => Diagnostic[]): Step | undefined {
  const edits = editsOf(candidates);
  const next = splice(text, edits);
  if (next === text) return undefined;
  const after = check(next);
  const fixed = candidates.map((c) => c.diagnostic);
  if (!verified(text, diagnostics, next, after, fixed, edits)) return undefined;
  return { text: next, diagnostics: after, edits, applied: candidates.length };
}

/** A rejected pass: its fixes one at a time; those that verify alone are tried together, else the first alone. */
function salvage(text: string, diagnostics: readonly Diagnostic[], candidates: readonly Candidate[], check: (text: string) => Diagnostic[]): Step | undefined {
  if (candidates.length < 2) return undefined;
  const good: { candidate: Candidate; step: Step }[] = [];
  for (const candidate of candidates.slice(0, MAX_SALVAGE_TRIES)) {
    const step = attempt(text, diagnostics, [candidate], check);
    if (step) good.push({ candidate, step });
  }
  if (good.length === 0) return undefined;
  if (good.length === 1) return good[0]!.step;
  return (
    attempt(
      text,
      diagnostics,
      good.map((g) => g.candidate),
      check,
    ) ?? good[0]!.step
  );
}

export interface FixResult {
  text: string;
  /** Fixes applied, over all passes. */
  applied: number;
  /** The diagnostics of the final text. */
  diagnostics: Diagnostic[];
  /** Each accepted pass's edits, as offsets into the text that pass started from, sorted. */
  passes: OffsetEdit[][];
}

/** Fixes, re-checks and fixes again until nothing changes or MAX_FIX_PASSES passes ran; every pass verified. */
export function fixUntilStable(text: string, check: (text: string) => Diagnostic[]): FixResult {
  let diagnostics = check(text);
  let applied = 0;
  const passes: OffsetEdit[][] = [];
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const candidates = selectFixes(text, diagnostics);
    if (candidates.length === 0) break;
    const step = attempt(text, diagnostics, candidates, check) ?? salvage(text, diagnostics, candidates, check);
    if (!step) break;
    text = step.text;
    diagnostics = step.diagnostics;
    applied += step.applied;
    passes.push(step.edits);
  }
  return { text, applied, diagnostics, passes };
}
