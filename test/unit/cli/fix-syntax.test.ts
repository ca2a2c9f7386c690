import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../../../analyzers/check';
import { fixUntilStable } from '../../../cli/fix';
import { memoryIo } from '../../../cli/io';
import { run } from '../../../cli/run';
import { codeActions } from '../../../extension/server/code-actions';
import { toLspDiagnostic } from '../../../extension/server/diagnostics';
import { AnalysisCache } from '../../../extension/server/documents';
import type { Diagnostic } from '../../../language/diagnostic';
import { fixNearSyntaxError } from '../../../language/fix-safety';
import { parse } from '../../../language/parser';
import { tempDir } from './helpers';

/* `check --fix` next to syntax errors: issue 8, item 1. */

const UNTERMINATED = 'service a "unterminated {\n  replicas 2\n}\nservice b { replicas 2 }';
const STRAY = 'service a { replicas 2 } } } {{{ service b { x';

const check = (text: string): Diagnostic[] => checkText(text).diagnostics;
const syntaxCount = (text: string): number => check(text).filter((d) => d.rule === 'syntax').length;

async function fixFile(dir: string, name: string): Promise<{ code: number; err: string; text: string }> {
  const io = memoryIo(dir);
  const code = await run(['check', name, '--fix'], io);
  return { code, err: io.err(), text: readFileSync(join(dir, name), 'utf8') };
}

describe('--fix next to syntax errors', () => {
  it('inserts nothing into an unterminated string, run after run', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.arch'), UNTERMINATED);
    for (let i = 0; i < 3; i++) {
      const r = await fixFile(dir, 'a.arch');
      assert.doesNotMatch(r.err, /fixed 10 problems/);
      assert.ok(!r.text.includes('"unterminated { {'), `run ${i + 1} inserted into the string: ${JSON.stringify(r.text)}`);
      assert.ok(r.text.length <= UNTERMINATED.length + 40, `run ${i + 1} grew the file to ${r.text.length} bytes`);
      assert.ok(syntaxCount(r.text) <= syntaxCount(UNTERMINATED));
    }
  });

  it('never adds a syntax error to a file with stray braces', () => {
    const before = syntaxCount(STRAY);
    const fixed = fixUntilStable(STRAY, check);
    assert.ok(syntaxCount(fixed.text) <= before, `${before} → ${syntaxCount(fixed.text)}: ${JSON.stringify(fixed.text)}`);
    // The unclosed `service b { x` is the recovery region: nothing is inserted after it.
    assert.ok(fixed.text.startsWith(STRAY.slice(0, STRAY.indexOf('service b'))));
    assert.equal(fixed.text.slice(STRAY.indexOf('service b')), 'service b { x');
  });

  it('still fixes a finding far from the syntax error', () => {
    const text = 'service a {\n  replicas 1\n}\n\nservice b "open\n';
    const fixed = fixUntilStable(text, check);
    assert.ok(fixed.applied >= 1);
    assert.match(fixed.text, /service a \{\n {2}replicas [2-9]/);
    assert.ok(fixed.text.endsWith('service b "open\n'));
  });

  it('is idempotent: --fix twice equals --fix once', () => {
    for (const text of [UNTERMINATED, STRAY, 'service a {\n  replicas 1\n}\nservice b {\n  replicas 1\n']) {
      const once = fixUntilStable(text, check).text;
      assert.equal(fixUntilStable(once, check).text, once);
    }
  });

  it('rejects a pass whose fix adds a syntax error, and keeps the good fixes of the pass', () => {
    // A fake checker: `a` and `b` each ask for ` ok` after them; the fix for `a` also brings a stray `}`.
    const fake = (text: string): Diagnostic[] => {
      const out: Diagnostic[] = check(text).filter((d) => d.rule === 'syntax');
      for (const [name, fix] of [['a', ' ok }'], ['b', ' ok']] as const) {
        const i = text.indexOf(name);
        if (text.startsWith(`${name} ok`, i)) continue;
        const line = text.slice(0, i).split('\n').length - 1;
        const character = i - text.lastIndexOf('\n', i - 1) - 1;
        const p = (c: number) => ({ line, character: c });
        out.push({ rule: `r/${name}`, severity: 'error', message: name, range: { start: p(character), end: p(character + 1) }, fixes: [{ title: name, edits: [{ range: { start: p(character + 1), end: p(character + 1) }, newText: fix }] }] });
      }
      return out;
    };
    const r = fixUntilStable('x a\ny b\n', fake);
    assert.equal(r.text, 'x a\ny b ok\n');
    assert.equal(r.applied, 1);
  });

  it('rejects a fix that does not remove its finding', () => {
    const at = (character: number) => ({ line: 0, character });
    const stubborn = (): Diagnostic[] => [
      { rule: 'r/s', severity: 'error', message: 's', range: { start: at(0), end: at(1) }, fixes: [{ title: 's', edits: [{ range: { start: at(1), end: at(1) }, newText: 'x' }] }] },
    ];
    const r = fixUntilStable('a', stubborn);
    assert.deepEqual([r.text, r.applied], ['a', 0]);
  });

  it('a shared helper says which fixes touch a syntax error, and the editor offers none of those', () => {
    const document = parse(UNTERMINATED);
    const spof = check(UNTERMINATED).find((d) => d.rule === 'spof/single-replica' && d.range.start.line === 0)!;
    assert.ok(spof.fixes?.length, 'the finding has a fix');
    assert.equal(fixNearSyntaxError(UNTERMINATED, document, spof.fixes![0]!), true);
    const far = { title: 'far', edits: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: '// x\n' }] };
    assert.equal(fixNearSyntaxError(UNTERMINATED, document, far), false);

    const cache = new AnalysisCache(() => ({ config: {}, key: '{}' }));
    const uri = 'file:///w/t.arch';
    const analysis = cache.get(TextDocument.create(uri, 'arch', 1, UNTERMINATED));
    const lsp = toLspDiagnostic(analysis.result.diagnostics.find((d) => d.rule === 'spof/single-replica' && d.range.start.line === 0)!, uri);
    const actions = codeActions({ textDocument: { uri }, range: lsp.range, context: { diagnostics: [lsp] } }, analysis);
    assert.ok(actions.every((a) => a.title.startsWith('Disable ')), actions.map((a) => a.title).join(', '));
  });
});
