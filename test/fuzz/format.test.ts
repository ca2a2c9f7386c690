import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { format } from '../../language/format';
import { archLexer, LineComment, Newline, Semicolon } from '../../language/tokens';
import { mutatedSample, cases, SAMPLES, withinBudget } from './kit';
import { vocabularyDesign } from './vocabulary-design';

/*
 * `faultline fmt` (language/format.ts) must never lose or change a token of the user's text, only the layout. So:
 * the tokens before and after formatting are the same, minus what the formatter owns — blanks, line breaks and
 * `;` (both end a statement: a block it expands gets one statement per line, a one-line block keeps `; `) — with
 * line comments compared without trailing blanks (it trims them). And formatting twice changes nothing.
 * Independent of tests/unit/language/properties.test.ts, which compares syntax trees: this compares raw tokens,
 * so it also sees a comment moved to the wrong side of a token or a comma dropped.
 */

const CASE_BUDGET_MS = 3_000;

function tokens(text: string): string[] {
  const { tokens: main, groups } = archLexer.tokenize(text);
  return [...main, ...(groups.comments ?? [])]
    .sort((a, b) => a.startOffset - b.startOffset)
    .filter((t) => t.tokenType !== Newline && t.tokenType !== Semicolon)
    .map((t) => (t.tokenType === LineComment ? t.image.trimEnd() : t.image));
}

function formatCase(text: string): void {
  const once = withinBudget(CASE_BUDGET_MS, 'format', () => format(text), text);
  if (once.errors > 0) {
    // A document with syntax errors is left alone: there is nothing else to compare.
    assert.equal(once.text, text, 'a document with syntax errors is returned unchanged');
    return;
  }
  assert.deepEqual(tokens(once.text), tokens(text), 'formatting keeps every token, in order');
  const twice = format(once.text);
  assert.equal(twice.errors, 0, 'formatted text has no syntax error');
  assert.equal(twice.text, once.text, 'formatting is idempotent');
}

describe('fuzz: fmt keeps every token and is idempotent', () => {
  it('on every sample', () => {
    for (const s of SAMPLES) formatCase(s.text);
  });

  it(`on mutated samples (each within ${CASE_BUDGET_MS} ms)`, () => {
    fc.assert(fc.property(mutatedSample, formatCase), cases(300));
  });

  it(`on designs drawn from the vocabulary, with random line breaks, ';' and blank runs (each within ${CASE_BUDGET_MS} ms)`, () => {
    // The vocabulary designs are laid out one way; re-separate their statements so the formatter has work to do.
    const relaid = fc.tuple(vocabularyDesign, fc.infiniteStream(fc.constantFrom('\n', '; ', ';', '\n\n\n', '\r\n', ' ; \n', '\n    '))).map(([text, seps]) => {
      const it = seps[Symbol.iterator]();
      return text.replace(/\n/g, () => it.next().value as string);
    });
    fc.assert(fc.property(relaid, formatCase), cases(300));
  });
});
