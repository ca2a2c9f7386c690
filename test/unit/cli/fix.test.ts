import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFirstFixes, fixUntilStable } from '../../../cli/fix';
import { lineStarts, offsetAt } from '../../../language/edits';
import { checkText } from '../../../analyzers/check';
import type { Diagnostic, TextEdit } from '../../../language/diagnostic';

const at = (line: number, character: number) => ({ line, character });
const edit = (line: number, start: number, end: number, newText: string): TextEdit => ({ range: { start: at(line, start), end: at(line, end) }, newText });
const withFix = (...edits: TextEdit[]): Diagnostic => ({
  rule: 'r/x',
  severity: 'error',
  message: 'm',
  range: { start: at(0, 0), end: at(0, 1) },
  fixes: [{ title: 'first', edits }, { title: 'second, never applied', edits: [edit(0, 0, 0, '!!')] }],
});

describe('--fix', () => {
  it('maps LSP positions to offsets, clamping like LSP and ignoring \\r', () => {
    const text = 'ab\r\ncd\nef';
    assert.deepEqual(lineStarts(text), [0, 4, 7]);
    assert.equal(offsetAt(text, at(1, 1)), 5);
    assert.equal(offsetAt(text, at(0, 99)), 2);
    assert.equal(offsetAt(text, at(9, 0)), text.length);
  });

  it('counts a lone \\r as a line end, as the lexer does, and inserts with the file\'s own line break', () => {
    const text = 'ab\rcd\ref';
    assert.deepEqual(lineStarts(text), [0, 3, 6]);
    assert.equal(offsetAt(text, at(1, 1)), 4);
    assert.equal(offsetAt(text, at(1, 99)), 5);
    // A lock without a lease in a CR-only file: the fix lands inside the block, in CR style, and checks clean.
    const cr = 'cluster etcd {\r  replicas 3\r  consensus raft\r}\rlock l {\r  backend etcd\r  fencing\r}\r';
    const fixed = fixUntilStable(cr, (t) => checkText(t).diagnostics).text;
    assert.ok(!fixed.includes('\n'), 'no \\n inserted into a CR file');
    assert.match(fixed, /lock l \{\r  backend etcd\r  fencing\r  lease 10s\r\}/);
    assert.deepEqual(checkText(fixed).diagnostics.filter((d) => d.rule === 'lock/no-lease' || d.rule === 'schema'), []);
  });

  it("applies each diagnostic's first fix, from the end so offsets stay valid", () => {
    const r = applyFirstFixes('lock a\nlock b\n', [withFix(edit(0, 6, 6, ' { lease 10s }')), withFix(edit(1, 6, 6, ' { lease 5s }'))]);
    assert.equal(r.text, 'lock a { lease 10s }\nlock b { lease 5s }\n');
    assert.equal(r.applied, 2);
  });

  it('skips a fix that overlaps an earlier one, and applies a multi-edit fix whole or not at all', () => {
    const r = applyFirstFixes('abcdef', [withFix(edit(0, 1, 3, 'X')), withFix(edit(0, 5, 6, 'Y'), edit(0, 2, 4, 'Z'))]);
    assert.equal(r.text, 'aXdef');
    assert.equal(r.applied, 1);
  });

  it('repeats until nothing applies, at most 10 passes', () => {
    // A "rule" that always asks for one more `x` (each fix removes its finding and a new one appears, so every
    // pass verifies): stops after 10 passes.
    const greedy = (text: string): Diagnostic[] => [{ ...withFix(edit(0, text.length, text.length, 'x')), rule: `r/x${text.length}` }];
    const r = fixUntilStable('', greedy);
    assert.equal(r.text, 'x'.repeat(10));
    assert.equal(r.applied, 10);
    // A rule satisfied after the first fix stops after one pass and reports what remains.
    const once = (text: string): Diagnostic[] => (text.includes('lease') ? [] : [withFix(edit(0, 6, 6, ' { lease 10s }'))]);
    assert.deepEqual(fixUntilStable('lock a', once), { text: 'lock a { lease 10s }', applied: 1, diagnostics: [], passes: [[{ start: 6, end: 6, newText: ' { lease 10s }' }]] });
  });

  it('stops when a fix changes nothing', () => {
    const noop = (): Diagnostic[] => [withFix(edit(0, 0, 1, 'a'))];
    assert.equal(fixUntilStable('abc', noop).applied, 0);
  });
});
