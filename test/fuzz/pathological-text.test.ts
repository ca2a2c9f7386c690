import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkText } from '../../analyzers/check';
import { toDiagram } from '../../analyzers/diagram/to-diagram';
import { MAX_MESSAGE_CHARS } from '../../analyzers/limits';
import { fixUntilStable } from '../../cli/fix';
import { DiagramSchema } from '../../diagram/protocol';
import { format } from '../../language/format';
import { MAX_BLOCK_DEPTH, MAX_SYNTAX_ERRORS } from '../../language/parser';
import { runInProcess, tempDir } from './child';
import { withinBudget } from './kit';

/*
 * Files no editor produces on purpose: nested 10,000 deep, one line of a megabyte, 10,000 syntax errors, NUL bytes,
 * a byte-order mark, old-Mac line ends, bidi overrides. Each goes through the whole pipeline (checkText, the formatter,
 * `--fix`, the diagram model the client validates) within the budget in the test's name, and the findings stay
 * bounded (MAX_SYNTAX_ERRORS, MAX_MESSAGE_CHARS). A few go through `faultline check` too (in this process), for what
 * the terminal and the JSON report show.
 */

/** Everything one text goes through, within `budgetMs`: the diagnostics, for the test's own checks. */
function pipeline(text: string, budgetMs: number, { fix = true } = {}) {
  return withinBudget(
    budgetMs,
    'check, format, --fix and diagram',
    () => {
      const result = checkText(text);
      const crashed = result.diagnostics.filter((d) => d.rule === 'internal' || d.message.startsWith('internal parser error'));
      assert.deepEqual(crashed.map((d) => d.message), []);
      for (const d of result.diagnostics) assert.ok(d.message.length <= MAX_MESSAGE_CHARS, `${d.rule}: a message of ${d.message.length} characters`);
      assert.ok(result.diagnostics.filter((d) => d.rule === 'syntax').length <= MAX_SYNTAX_ERRORS + 1);
      const formatted = format(text);
      if (formatted.errors === 0) assert.equal(format(formatted.text).text, formatted.text, 'format is idempotent');
      else assert.equal(formatted.text, text);
      if (fix) fixUntilStable(text, (t) => checkText(t, { cap: false }).diagnostics);
      const diagram = DiagramSchema.safeParse(toDiagram(result.model, result.diagnostics));
      assert.ok(diagram.success, `the client rejects the diagram: ${diagram.success ? '' : diagram.error.message.slice(0, 500)}`);
      return result;
    },
    text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters)` : text,
  );
}

const MB = 1_000_000;

describe('pathological: nesting', () => {
  it('10,000 nested blocks: checked within 5 s, the deep part reported as too deep', () => {
    const depth = 10_000;
    const text = `${Array.from({ length: depth }, (_, i) => `s${i} {`).join('\n')}\n${'}\n'.repeat(depth)}`;
    const result = pipeline(text, 5_000);
    assert.ok(result.diagnostics.some((d) => d.message.includes(`nested more than ${MAX_BLOCK_DEPTH} deep`)));
  });

  it('10,000 nested blocks on one line, inside a service: within 5 s', () => {
    pipeline(`service a ${'{ call b '.repeat(10_000)}${'} '.repeat(10_000)}\n`, 5_000);
  });

  it(`${MAX_BLOCK_DEPTH} nested blocks, the deepest allowed: well-formed, formatted and checked within 2 s`, () => {
    const text = `service a ${Array.from({ length: MAX_BLOCK_DEPTH - 1 }, (_, i) => `{ call b${i} `).join('')}{ timeout 1s ${'} '.repeat(MAX_BLOCK_DEPTH)}\n`;
    const result = pipeline(text, 2_000);
    assert.equal(result.document.errors.length, 0);
  });
});

describe('pathological: a single 1 MB line', () => {
  const lines: [string, string][] = [
    ['70,000 statements separated by `;`', `service a { ${Array.from({ length: 70_000 }, (_, i) => `replicas ${i}`).join('; ')} }\n`],
    ['a 1 MB name', `service a${'x'.repeat(MB)} { replicas 3 }\nservice b { call a${'x'.repeat(MB)} { timeout 1s } }\n`],
    ['a 1 MB title', `service a "${'<'.repeat(MB)}" { replicas 3 }\n`],
    ['a 1 MB unterminated string', `service a "${'x'.repeat(MB)}\n`],
    ['a 1 MB line comment', `// ${'x'.repeat(MB)}\nservice a\n`],
    ['a 1 MB unterminated block comment', `service a /*${'x'.repeat(MB)}\n`],
    ['a 1 MB bad number', `service a { replicas 1${'x'.repeat(MB)} }\n`],
    ['a megabyte of `{`', `service a ${'{'.repeat(MB)}\n`],
    ['a megabyte of `,`', `service a { zones ${','.repeat(MB)} }\n`],
    ['a megabyte of characters the lexer cannot read', `service a ${'§'.repeat(MB)}\n`],
  ];
  for (const [name, text] of lines) it(`${name}: within 10 s, every message at most ${MAX_MESSAGE_CHARS} characters`, () => void pipeline(text, 10_000));

  // 40,000 calls without a timeout: 40,000 findings of retry/no-timeout, each with a fix.
  const calls = `service a { ${Array.from({ length: 40_000 }, (_, i) => `call b${i}`).join('; ')} }\n`;
  it('40,000 calls separated by `;`: checked, formatted and drawn within 10 s', () => void pipeline(calls, 10_000, { fix: false }));
  it('40,000 calls separated by `;`: `--fix` applies their 40,000 fixes within 10 s', () => {
    // Was ~28 s: cli/fix.ts compared every edit with every edit taken and every fixed finding with every old one;
    // now sorted edits and binary searches (about 1.6 s here).
    const fixed = withinBudget(10_000, '--fix', () => fixUntilStable(calls, (t) => checkText(t, { cap: false }).diagnostics), calls.slice(0, 200));
    assert.ok(fixed.applied >= 40_000);
  });

  it('the text report windows the line and cuts the message: no output line over 4,200 characters (check, within 10 s)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'long.arch'), `service a${'x'.repeat(MB)} { replicas 1${'y'.repeat(MB)} }\n`);
    const r = await runInProcess(['check', 'long.arch'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.ms <= 10_000, `${Math.round(r.ms)} ms`);
    const longest = Math.max(...r.stdout.split('\n').map((l) => l.length));
    assert.ok(longest <= 4_200, `a line of ${longest} characters`);
  });
});

describe('pathological: syntax errors', () => {
  it('10,000 syntax errors of every kind: within 5 s, at most MAX_SYNTAX_ERRORS reported and one line counting the rest', () => {
    const kinds = ['}', 'service a { replicas 5min }', 'service "x', '§', 'a { b', '{', ', ,', '1..2', '"a" "b"'];
    const text = `${Array.from({ length: 10_000 }, (_, i) => `${kinds[i % kinds.length]} // ${i}`).join('\n')}\n`;
    const result = pipeline(text, 5_000);
    const syntax = result.diagnostics.filter((d) => d.rule === 'syntax');
    assert.equal(syntax.length, MAX_SYNTAX_ERRORS + 1);
    assert.equal(syntax.filter((d) => /^\d+ more syntax errors not shown/.test(d.message)).length, 1);
  });
});

describe('pathological: characters', () => {
  it('NUL bytes in code, names, strings and comments: within 2 s, reported where they are', () => {
    const text = 'service a\u0000b "t\u0000" { replicas 3 } // \u0000\n\u0000\nstore\u0000 s\n';
    const result = pipeline(text, 2_000);
    const nul = result.diagnostics.filter((d) => d.rule === 'syntax' && d.message.includes('\u0000'));
    assert.deepEqual(
      nul.map((d) => [d.range.start.line, d.range.start.character]),
      [
        [0, 9],
        [1, 0],
        [2, 5],
      ],
    );
    // A NUL inside a string or a comment is text: kept by the formatter.
    const clean = 'service a "t\u0000" { replicas 3 } // \u0000\n';
    assert.ok(format(clean).text.includes('"t\u0000"') && format(clean).text.includes('// \u0000'));
  });

  it('a byte-order mark: skipped, kept by the formatter, and counted in positions like the editor does (within 2 s)', () => {
    const text = '\ufeffservice a { replicas 0 }\n';
    const result = pipeline(text, 2_000);
    const schema = result.diagnostics.find((d) => d.rule === 'schema')!;
    // LSP positions count UTF-16 code units of the line as the editor holds it, BOM included.
    assert.deepEqual(schema.range.start, { line: 0, character: text.indexOf('0 }') });
    assert.ok(format(text).text.startsWith('\ufeffservice a'));
    // A BOM in the middle of a file is blank space too.
    assert.equal(pipeline('service a\ufeff{ replicas 3 }\n', 2_000).document.errors.length, 0);
  });

  it('lone CR line ends, and CR, LF and CRLF mixed: lines counted as the editor counts them (within 2 s)', () => {
    const text = 'service a { replicas 3 }\rservice b {\r\n  replicas 0\n}\rservice c { replicas 0 }\r';
    const result = pipeline(text, 2_000);
    const lines = text.split(/\r\n|\r|\n/);
    const schema = result.diagnostics.filter((d) => d.rule === 'schema');
    assert.deepEqual(
      schema.map((d) => lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)),
      ['0', '0'],
    );
    assert.ok(!format(text).text.includes('\n'), 'the formatter keeps the first line end (CR)');
  });

  it('bidi overrides (U+202E) in a name are a syntax error; in a title they are text (within 2 s)', () => {
    const result = pipeline('service a\u202eb "x\u202ey" { replicas 3 }\n', 2_000);
    assert.ok(result.diagnostics.some((d) => d.rule === 'syntax' && d.range.start.character === 9));
    assert.equal(result.model.elements.get('a')?.title, undefined, 'the statement after the stray character is not read as a title');
    assert.equal(pipeline('service a "x\u202ey" { replicas 3 }\n', 2_000).model.elements.get('a')?.title, 'x\u202ey');
  });

  it('the terminal never gets a raw bidi override or NUL; the JSON report keeps them intact (check, within 5 s)', async () => {
    const dir = tempDir();
    const text = 'service a\u202eb "x\u202ey" { replicas 3 }\nservice c\u0000 { replicas 0 }\n';
    writeFileSync(join(dir, 'bidi.arch'), text);
    const plain = await runInProcess(['check', 'bidi.arch'], dir);
    assert.equal(plain.code, 1, plain.stderr);
    assert.ok(!/[\u202e\u0000]/.test(plain.stdout + plain.stderr), 'no raw U+202E or NUL in the text report');
    assert.ok(plain.stdout.includes('\\u202e'), 'shown as an escape');
    const json = await runInProcess(['check', 'bidi.arch', '--format', 'json'], dir);
    const report = JSON.parse(json.stdout) as { files: { diagnostics: { message: string }[] }[] };
    assert.ok(report.files[0]!.diagnostics.some((d) => d.message.includes('\u202e')), 'JSON carries the character itself');
    assert.ok(json.ms + plain.ms <= 5_000, `${Math.round(json.ms + plain.ms)} ms`);
  });
});
