import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkDiagnostics } from '../../../cli/commands/check';
import { fixUntilStable, type OffsetEdit } from '../../../cli/fix';
import { lineBreakOf, lineStarts, offsetAt, withLineBreak } from '../../../language/edits';
import { ROOT } from './helpers';

/*
 * `--fix` on real designs broken with syntax errors (issue 8): it never adds a syntax error, a second and third
 * run change nothing, and every byte it did not mean to edit is left as it was. In-process, the same function
 * `faultline check --fix` runs.
 */

const SAMPLES = readdirSync(join(ROOT, 'samples'))
  .filter((f) => f.endsWith('.arch'))
  .sort()
  .map((f) => readFileSync(join(ROOT, 'samples', f), 'utf8'));

const INSERTS = ['{', '}', '"', '{ ', ' }', '"x', '{{', '}}', '/*', ',', ';', '->', '1e999', '2s..', 'replicas', 'x {', '\n}', '\n{', '\n  "', '@', '😀'];

/** A syntax-breaking edit: insert a fragment, delete a brace or quote, or cut a short span. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...INSERTS) }),
  fc.record({ kind: fc.constant('delete' as const), of: fc.constantFrom('{', '}', '"'), nth: fc.nat() }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  if (m.kind === 'insert') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + m.text + text.slice(at);
  }
  if (m.kind === 'cut') {
    const at = m.at % (text.length + 1);
    return text.slice(0, at) + text.slice(at + m.length);
  }
  const found: number[] = [];
  for (let i = text.indexOf(m.of); i >= 0; i = text.indexOf(m.of, i + 1)) found.push(i);
  if (found.length === 0) return text;
  const at = found[m.nth % found.length]!;
  return text.slice(0, at) + text.slice(at + 1);
}

const broken = fc
  .tuple(fc.constantFrom(...SAMPLES), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([text, ms]) => ms.reduce(mutate, text));

const check = (text: string) => checkDiagnostics(text, undefined);
const syntaxErrors = (text: string) => check(text).filter((d) => d.rule === 'syntax').length;

/** The first fixes of `text`'s diagnostics as offset edits, the way `--fix` reads them. */
function offeredEdits(text: string): OffsetEdit[] {
  const starts = lineStarts(text);
  const eol = lineBreakOf(text);
  return check(text).flatMap((d) =>
    (d.fixes?.[0]?.edits ?? []).map((e) => {
      const start = offsetAt(text, e.range.start, starts);
      return { start, end: Math.max(start, offsetAt(text, e.range.end, starts)), newText: withLineBreak(e.newText, eol) };
    }),
  );
}

/**
 * The byte-identical check, independent of the fixer's own splicing: every pass's edits were offered by the
 * checker for the text that pass started from, do not overlap, and splicing them (here, from the front)
 * gives the pass's output. So any byte outside the edited ranges is the byte that was there before.
 */
function assertOnlyOfferedEdits(original: string, passes: readonly (readonly OffsetEdit[])[], final: string): void {
  let text = original;
  for (const edits of passes) {
    const offered = offeredEdits(text);
    const sorted = [...edits].sort((a, b) => a.start - b.start);
    let out = '';
    let from = 0;
    for (const e of sorted) {
      assert.ok(
        offered.some((o) => o.start === e.start && o.end === e.end && o.newText === e.newText),
        `an edit nobody offered: ${JSON.stringify(e)}`,
      );
      assert.ok(e.start >= from, 'edits of one pass do not overlap');
      out += text.slice(from, e.start) + e.newText;
      from = e.end;
    }
    text = out + text.slice(from);
  }
  assert.equal(text, final, 'the passes account for every change');
}

describe('--fix on broken designs', () => {
  it('never adds a syntax error, is idempotent, and edits only where a fix was offered', () => {
    fc.assert(
      fc.property(broken, (text) => {
        const before = syntaxErrors(text);
        const first = fixUntilStable(text, check);
        assert.ok(syntaxErrors(first.text) <= before, `syntax errors ${before} → ${syntaxErrors(first.text)}`);
        assertOnlyOfferedEdits(text, first.passes, first.text);
        const second = fixUntilStable(first.text, check);
        assert.equal(second.text, first.text, 'a second run changes nothing');
        assert.equal(second.applied, 0);
        const third = fixUntilStable(second.text, check);
        assert.equal(third.text, second.text, 'a third run changes nothing');
        assert.ok(third.text.length <= first.text.length);
      }),
      { numRuns: 150, seed: 8, endOnFailure: true },
    );
  });
});
