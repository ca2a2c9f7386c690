import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkText } from '../../analyzers/check';
import type { Diagnostic } from '../../language/diagnostic';
import { comparePositions, type Range } from '../../language/range';
import { mutatedSample, cases, withinBudget } from './kit';
import { vocabularyDesign } from './vocabulary-design';

/*
 * Parser, model builder and every rule (checkText is all three) on broken designs: never a throw, never a rule
 * that crashed (`internal`: runRules turns a throw into that diagnostic, which hides the crash from a test that
 * only checks for throws), every range and every fix edit inside the text, within a budget per case.
 */

/** A sample of a few KB checks in tens of ms; 3 s is a hang, not a slow machine. */
const CASE_BUDGET_MS = 3_000;

function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

function assertInside(range: Range, lengths: readonly number[], what: string): void {
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lengths.length, `${what}: line ${p.line} is outside the text`);
    assert.ok(p.character >= 0 && p.character <= lengths[p.line]!, `${what}: character ${p.character} is outside line ${p.line}`);
  }
  assert.ok(comparePositions(range.start, range.end) <= 0, `${what}: ends before it starts`);
}

function assertSound(text: string, diagnostics: readonly Diagnostic[]): void {
  const crashed = diagnostics.filter((d) => d.rule === 'internal' || d.message.startsWith('internal parser error'));
  assert.deepEqual(crashed.map((d) => d.message), [], 'no rule and no parser step crashed');
  const lengths = lineLengths(text);
  for (const d of diagnostics) {
    assertInside(d.range, lengths, `${d.rule} "${d.message}"`);
    for (const fix of d.fixes ?? []) for (const e of fix.edits) assertInside(e.range, lengths, `fix "${fix.title}" of ${d.rule}`);
  }
}

function checkCase(text: string): void {
  const result = withinBudget(CASE_BUDGET_MS, 'checkText', () => checkText(text, { cap: false }), text);
  assertSound(text, result.diagnostics);
}

describe('fuzz: checkText (parser, model, rules)', () => {
  it(`mutated samples: no throw, no crashed rule, ranges inside the text, each within ${CASE_BUDGET_MS} ms`, () => {
    fc.assert(fc.property(mutatedSample, checkCase), cases(250));
  });

  it(`designs drawn from the vocabulary: the same, each within ${CASE_BUDGET_MS} ms`, () => {
    fc.assert(fc.property(vocabularyDesign, checkCase), cases(250));
  });
});
