import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkText } from '../../analyzers/check';
import { fixUntilStable } from '../../cli/fix';
import type { Diagnostic, Fix } from '../../language/diagnostic';
import { lineBreakOf, lineStarts, offsetAt, withLineBreak } from '../../language/edits';
import { syntaxGuard } from '../../language/fix-safety';
import { cases, mutatedSample, SAMPLES, withinBudget } from './kit';
import { vocabularyDesign } from './vocabulary-design';

/*
 * Every fix the core offers (the editor's quick fix and `check --fix` apply the same `Diagnostic.fixes`) does what it
 * says: applied alone to the text it was computed for, the re-checked text has fewer findings of that rule at that
 * place (the finding's start, mapped through the edits). Fixes in or next to a syntax error are offered by neither
 * the CLI nor the editor (language/fix-safety.ts), so they are skipped here too.
 * Nor does a fix add a syntax error or a `duplicate` (a second `ttl` next to a rejected `ttl 0ms`: the first stays in
 * force, so the finding stays too — what this property first found, in several rules; fix-regressions.test.ts).
 * Then `check --fix` as a whole (cli/fix.ts `fixUntilStable`): the diagnostics it reports are those of the text it
 * wrote. test/unit/cli/fix-fuzz.test.ts already checks it adds no syntax error and is idempotent.
 */

/**
 * Rules whose fix may take more than one application, left out of the property (each would have a test below).
 * None now: retry/storm, which bounded the worst chain only, bounds every unbounded retrying call reaching the
 * element (up to 20).
 */
const PARTIAL_FIXES = new Set<string>();

/** Mechanical breakage a fix must never add: counted before and after. */
const BREAKAGE = new Set(['syntax', 'duplicate']);

const CASE_BUDGET_MS = 10_000;
/** Fixes tried per case, each one re-check. */
const MAX_FIXES = 12;

const check = (text: string) => checkText(text, { cap: false }).diagnostics;

interface Span {
  start: number;
  end: number;
  newText: string;
}

function spans(text: string, fix: Fix): Span[] {
  const starts = lineStarts(text);
  const eol = lineBreakOf(text);
  return fix.edits
    .map((e) => {
      const start = offsetAt(text, e.range.start, starts);
      return { start, end: Math.max(start, offsetAt(text, e.range.end, starts)), newText: withLineBreak(e.newText, eol) };
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

function overlapping(list: readonly Span[]): boolean {
  return list.some((a, i) => i > 0 && a.start < list[i - 1]!.end);
}

function apply(text: string, list: readonly Span[]): string {
  let out = '';
  let from = 0;
  for (const s of list) {
    out += text.slice(from, s.start) + s.newText;
    from = s.end;
  }
  return out + text.slice(from);
}

/** Where offset `at` can be after the edits: [left, right] when it lies in (or at the edge of) an edit, else one point. */
function mapped(at: number, list: readonly Span[]): [number, number] {
  let delta = 0;
  for (const s of list) {
    if (at < s.start) break;
    if (at > s.end) {
      delta += s.newText.length - (s.end - s.start);
      continue;
    }
    return [s.start + delta, s.start + delta + s.newText.length];
  }
  return [at + delta, at + delta];
}

function findingsAt(text: string, diagnostics: readonly Diagnostic[], rule: string, [lo, hi]: [number, number]): number {
  const starts = lineStarts(text);
  return diagnostics.filter((d) => {
    if (d.rule !== rule) return false;
    const at = offsetAt(text, d.range.start, starts);
    return lo <= at && at <= hi;
  }).length;
}

function fixCase(text: string, pick: number): void {
  withinBudget(
    CASE_BUDGET_MS,
    'fixes of one text',
    () => {
      const { diagnostics, document } = checkText(text, { cap: false });
      const guarded = syntaxGuard(text, document);
      const fixable = diagnostics.filter((d) => d.fixes?.[0] && d.fixes[0].edits.length > 0 && !guarded(d.fixes[0]) && !PARTIAL_FIXES.has(d.rule));
      const broken = diagnostics.filter((d) => BREAKAGE.has(d.rule)).length;
      // A rotating window over the fixable findings, so long texts do not cost MAX_FIXES × many re-checks.
      const from = fixable.length === 0 ? 0 : pick % fixable.length;
      const tried = [...fixable.slice(from), ...fixable.slice(0, from)].slice(0, MAX_FIXES);
      const starts = lineStarts(text);
      for (const d of tried) {
        const fix = d.fixes![0]!;
        const list = spans(text, fix);
        assert.ok(!overlapping(list), `${d.rule}: the edits of "${fix.title}" overlap`);
        const after = apply(text, list);
        const at = offsetAt(text, d.range.start, starts);
        const before = findingsAt(text, diagnostics, d.rule, [at, at]);
        const recheck = check(after);
        const left = findingsAt(after, recheck, d.rule, mapped(at, list));
        const breakage = recheck.filter((x) => BREAKAGE.has(x.rule));
        assert.ok(
          breakage.length <= broken,
          `${d.rule}: its fix "${fix.title}" adds ${breakage.length - broken} syntax/duplicate finding(s): ${breakage.map((x) => x.message).join('; ')}`,
        );
        assert.ok(
          left < before,
          `${d.rule} "${d.message}": after its fix "${fix.title}" (${JSON.stringify(fix.edits)}), ${left} finding(s) of the rule remain at that place (${before} before)`,
        );
      }
      const fixed = fixUntilStable(text, check);
      assert.deepEqual(
        fixed.diagnostics.map((d) => `${d.rule} ${d.message}`),
        check(fixed.text).map((d) => `${d.rule} ${d.message}`),
        '--fix reports the findings of the text it wrote',
      );
    },
    text,
  );
}

describe('fuzz: every offered fix removes its finding', () => {
  it(`on every sample (within ${CASE_BUDGET_MS} ms each)`, () => {
    for (const s of SAMPLES) fixCase(s.text, 0);
  });

  it(`on mutated samples (within ${CASE_BUDGET_MS} ms each)`, () => {
    fc.assert(fc.property(mutatedSample, fc.nat(), fixCase), cases(60));
  });

  it(`on designs drawn from the vocabulary (within ${CASE_BUDGET_MS} ms each)`, () => {
    fc.assert(fc.property(vocabularyDesign, fc.nat(), fixCase), cases(150));
  });
});

describe('a fix where two chains cause the finding', () => {
  // Two clients whose retries nothing bounds overload `feed`: bounding the worst chain (mobile's) alone leaves
  // 1,320 + 900 = 2,220 req/s > 1,800 through web; the fix bounds both.
  const twoStorms = `region r { zones a, b, c }
client mobile { load 1200; call edge { timeout 10s; retry 3; backoff exponential 500ms..4s; jitter full; idempotency-key k } }
client web { load 300; call edge { timeout 10s; retry 2; backoff exponential 500ms..2s; jitter full; idempotency-key k } }
gateway edge { replicas 3; zones a, b, c; health-check 5s; rate-limit 20000; timeout 3s; capacity 5000; routes feed }
service feed { replicas 3; zones a, b, c; health-check 5s; capacity 600; operation list { idempotent } }
`;
  it('retry/storm: one fix removes the finding even where two unbounded chains overload the element', () => {
    const storm = check(twoStorms).find((d) => d.rule === 'retry/storm');
    assert.ok(storm, 'the design has a retry storm');
    assert.equal(storm.fixes![0]!.edits.length, 2, storm.fixes![0]!.title);
    const after = apply(twoStorms, spans(twoStorms, storm.fixes![0]!));
    assert.deepEqual(check(after).filter((d) => d.rule === 'retry/storm').map((d) => d.message), []);
  });
});
