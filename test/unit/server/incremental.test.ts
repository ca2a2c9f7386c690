import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../../../analyzers/check';
import type { FaultlineConfig } from '../../../analyzers/config/schema';
import { AnalysisCache, lineEdit, toNewRange, toOldPosition } from '../../../extension/server/documents';
import { SyntaxIndex } from '../../../extension/server/syntax-index';
import { reparse, type ParsedText } from '../../../language/incremental';
import { parse } from '../../../language/parser';
import { containsPosition, type Position } from '../../../language/range';
import { ROOT } from './lsp-client';

/*
 * The editor's incremental path equals the full check, whatever the edits (issue 13): language/incremental.ts
 * against `parse`, the language server's analysis in steps (documents.ts) against `checkText`, the lazy
 * SyntaxIndex against the whole one, and the line mapping that answers requests from the last analysis against
 * the texts themselves. Random edit sequences on the samples, with fragments that break and mend the structure
 * (braces, comments, strings, line breaks of every kind, statements at column 0 inside blocks).
 */

const SNIPPETS = [
  'region us-east { zones use1-a, use1-b, use1-c }\n\nservice a {\n  replicas 3\n  call b.get { timeout 1s; retry 2 }\n}\n\nservice b {\n  operation get { idempotent }\n}\n',
  '/* a comment\nservice hidden {\n*/\nservice shown {\nreplicas 2\n}\nstore s { replicas 3 }',
  'service x {\r\n  replicas 3\r\n}\r\nservice y { call x }\r\rqueue q {\n  delivery at-least-once\n',
  'service a { }; service b {}\nservice c "Title" {\n  zones a,\n}\n}\n{\nservice d\n',
];

function samples(): string[] {
  const dir = join(ROOT, 'samples');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.arch'))
    .sort();
  return [...SNIPPETS, ...files.map((f) => readFileSync(join(dir, f), 'utf8'))];
}
const SAMPLES = samples();

const FRAGMENTS = [
  '', 'x', ' ', '\n', '\r\n', '\r', '\n\n', '{', '}', '{\n', '\n}', '"', '/*', '*/', '//', ';', ',', '3', '150ms', '1s..2s',
  'service n {\n  replicas 2\n}\n', 'store m { replicas 3 }\n', '  zones use1-a, use1-b\n', 'replicas 3\n', '\nservice', 'call ',
];

type Edit = [at: number, length: number, insert: string];
const edit = fc.tuple(fc.nat(), fc.nat(24), fc.constantFrom(...FRAGMENTS));

function apply(text: string, [at, length, insert]: Edit): string {
  const start = text.length === 0 ? 0 : at % (text.length + 1);
  return text.slice(0, start) + insert + text.slice(Math.min(text.length, start + length));
}

/** Edits near the start of a line (where chunks begin and end) as often as anywhere. */
function snap(text: string, [at, length, insert]: Edit, toLine: boolean): Edit {
  if (!toLine || text.length === 0) return [at, length, insert];
  const start = at % (text.length + 1);
  const line = text.lastIndexOf('\n', start - 1) + 1;
  return [line, length, insert];
}

const sequence = fc.tuple(fc.constantFrom(...SAMPLES), fc.array(fc.tuple(edit, fc.boolean()), { minLength: 1, maxLength: 8 }));

describe('incremental parsing', () => {
  it('gives the tree `parse` gives, after every edit of a random sequence', () => {
    fc.assert(
      fc.property(sequence, ([start, edits]) => {
        let text = start;
        let parsed: ParsedText = reparse(undefined, text);
        assert.deepStrictEqual(parsed.document, parse(text));
        for (const [e, toLine] of edits) {
          text = apply(text, snap(text, e, toLine));
          parsed = reparse(parsed, text);
          assert.deepStrictEqual(parsed.document, parse(text));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('parses only the chunks an edit touched', () => {
    const text = SAMPLES.find((t) => t.length > 3000) ?? SAMPLES[SAMPLES.length - 1]!;
    const first = reparse(undefined, text);
    assert.ok(first.chunks.length > 5, `${first.chunks.length} chunks`);
    const at = text.indexOf('\n', text.length >> 1) + 1;
    const typed = reparse(first, `${text.slice(0, at)}// typed\n${text.slice(at)}`);
    assert.ok(typed.parsed <= 2, `${typed.parsed} chunks parsed again`);
    const before = first.chunks.filter((c) => c.end <= at).length;
    assert.ok(before > 0);
    for (let i = 0; i < before; i++) assert.equal(typed.chunks[i], first.chunks[i], 'the chunks before the edit are kept as they are');
    assert.equal(typed.chunks.length, first.chunks.length + (typed.chunks.length - first.chunks.length));
    assert.ok(typed.chunks.length - first.chunks.length <= 1);
  });

  it('keeps the cap on syntax errors, counted over the whole file', () => {
    const text = `${'}\n'.repeat(150)}service a {\n  replicas 3\n}\n${'}\n'.repeat(150)}`;
    let parsed = reparse(undefined, text);
    assert.deepStrictEqual(parsed.document, parse(text));
    const next = text.replace('replicas 3', 'replicas 3 }');
    parsed = reparse(parsed, next);
    assert.deepStrictEqual(parsed.document, parse(next));
  });
});

const CONFIGS: { config: FaultlineConfig; key: string }[] = [
  { config: {}, key: '{}' },
  { config: { rules: { 'spof/single-replica': 'off', 'timeout/missing': 'info' } }, key: 'some-off' },
];

describe("the language server's analysis", () => {
  it('equals checkText after every edit, computed in steps, superseded or at once', async () => {
    let uri = 0;
    await fc.assert(
      fc.asyncProperty(sequence, fc.array(fc.constantFrom('steps', 'at-once', 'superseded'), { minLength: 8, maxLength: 8 }), fc.constantFrom(0, 1), async ([start, edits], modes, c) => {
        const { config, key } = CONFIGS[c]!;
        const cache = new AnalysisCache(() => ({ config, key }));
        const name = `file:///prop/${++uri}.arch`;
        let version = 1;
        let text = start;
        const check = async (mode: string, doc: TextDocument) => {
          const a = mode === 'steps' ? await cache.analyze(doc, { config, key }) : cache.get(doc);
          assert.ok(a, 'an analysis');
          const full = checkText(doc.getText(), { config });
          assert.deepStrictEqual(a.result.diagnostics, full.diagnostics);
          assert.deepStrictEqual(a.result.dropped, full.dropped);
          assert.deepStrictEqual(a.result.document, full.document);
          assert.deepStrictEqual(a.result.model, full.model);
        };
        await check('at-once', TextDocument.create(name, 'arch', version, text));
        for (const [i, [e, toLine]] of edits.entries()) {
          text = apply(text, snap(text, e, toLine));
          const doc = TextDocument.create(name, 'arch', ++version, text);
          if (modes[i] === 'superseded') {
            // Work on this version starts and is overtaken by the next one before it is done.
            const pending = cache.analyze(doc);
            await new Promise((done) => setImmediate(done));
            text = apply(text, [e[0] + 7, 1, 'y']);
            const newer = TextDocument.create(name, 'arch', ++version, text);
            cache.changed(newer);
            assert.equal((await pending)?.version ?? version - 1, version - 1, 'a superseded analysis is of its own version, or none');
            await check('steps', newer);
          } else {
            await check(modes[i]!, doc);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('answers position queries from a partly built index as the whole index would', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SAMPLES), fc.array(fc.tuple(fc.nat(), fc.nat(120)), { minLength: 1, maxLength: 20 }), (text, points) => {
        const result = checkText(text);
        const lazy = new SyntaxIndex(result.document, result.model);
        const whole = new SyntaxIndex(result.document, result.model);
        const lines = text.split(/\r\n|\r|\n/);
        for (const [l, ch] of points) {
          const line = l % lines.length;
          const p: Position = { line, character: ch % ((lines[line]?.length ?? 0) + 1) };
          const occurrence = lazy.occurrenceAt(p);
          const statement = lazy.statementAt(p);
          const expected = whole.occurrences.find((o) => containsPosition(o.range, p));
          assert.deepStrictEqual(occurrence && [occurrence.key, occurrence.range, occurrence.info.statement], expected && [expected.key, expected.range, expected.info.statement]);
          let best: (typeof whole.statements)[number] | undefined;
          let depthOfBest = -1;
          for (const info of whole.statements) {
            let d = 0;
            for (let x = info.parent; x; x = x.parent) d++;
            if (containsPosition(info.statement.range, p) && d > depthOfBest) {
              best = info;
              depthOfBest = d;
            }
          }
          assert.equal(statement?.statement, best?.statement);
          for (const s of result.document.statements) assert.equal(lazy.info(s)?.statement, s);
        }
        assert.deepStrictEqual(
          lazy.occurrences.map((o) => [o.key, o.range]),
          whole.occurrences.map((o) => [o.key, o.range]),
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe('answers from the last analysis', () => {
  it('maps exactly the lines that did not change, and nothing else', () => {
    fc.assert(
      fc.property(sequence, ([start, edits]) => {
        let after = start;
        for (const [e, toLine] of edits) after = apply(after, snap(after, e, toLine));
        const edit = lineEdit(start, after);
        const oldLines = start.split(/\r\n|\r|\n/);
        const newLines = after.split(/\r\n|\r|\n/);
        for (let n = 0; n < newLines.length; n++) {
          const old = toOldPosition(edit, { line: n, character: 0 });
          if (!old) continue;
          assert.equal(newLines[n], oldLines[old.line], `line ${n} maps to line ${old.line}`);
          const back = toNewRange(edit, { start: old, end: { line: old.line, character: oldLines[old.line]!.length } });
          assert.deepStrictEqual(back, { start: { line: n, character: 0 }, end: { line: n, character: newLines[n]!.length } });
        }
        if (edit) assert.ok(edit.first <= edit.oldLast + 1 && edit.first <= edit.newLast + 1);
      }),
      { numRuns: 300 },
    );
  });
});
