import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { memoryIo } from '../../../cli/io';
import { printable } from '../../../cli/report/printable';
import { jsonReportSchema } from '../../../cli/report/json-schema';
import { formatText } from '../../../cli/report/text';
import { run } from '../../../cli/run';
import { tempDir } from './helpers';

// Anything a terminal would act on: C0 (but tab and, between lines, newline), DEL, C1, and bidi controls.
const DANGEROUS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

describe('terminal escapes in text output', () => {
  it('printable() shows control characters as escapes and leaves other text alone', () => {
    assert.equal(printable('a\u001b]2;pwned\u0007b'), 'a\\x1b]2;pwned\\x07b');
    assert.equal(printable('\u001b[8m'), '\\x1b[8m');
    assert.equal(printable('x\u007fy\u009bz'), 'x\\x7fy\\x9bz');
    assert.equal(printable('abc\u202edcba\u2066'), 'abc\\u202edcba\\u2066');
    assert.equal(printable('tab\there, ünïcode ≤ ✓'), 'tab\there, ünïcode ≤ ✓');
    assert.equal(printable('a\nb'), 'a\\x0ab');
  });

  it('the text report escapes messages, paths and source lines, and the caret still lines up', () => {
    const text = 'service \u001b[8mhidden {\n';
    const out = formatText(
      [
        {
          path: 'evil\u001b]2;title\u0007.arch',
          text,
          diagnostics: [
            {
              rule: 'schema',
              severity: 'error',
              message: 'unknown `\u001b[8m`',
              range: { start: { line: 0, character: 12 }, end: { line: 0, character: 18 } },
              related: [{ message: 'see \u202e here', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }],
            },
          ],
        },
      ],
      { color: false },
    );
    assert.ok(!DANGEROUS.test(out), JSON.stringify(out));
    const lines = out.split('\n');
    assert.equal(lines[0], 'evil\\x1b]2;title\\x07.arch:1:13  error  schema  unknown `\\x1b[8m`');
    assert.equal(lines[1], '1 | service \\x1b[8mhidden {');
    // `hidden` starts at column 12 of the raw line; the caret sits under it in the escaped line.
    assert.equal(lines[2]!.indexOf('^'), lines[1]!.indexOf('hidden'));
    assert.equal(lines[2]!.slice(lines[2]!.indexOf('^')), '^~~~~~');
    assert.match(lines[3]!, /see \\u202e here/);
  });

  it('check prints no raw escape from the file, in text; JSON and SARIF stay valid', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'evil.arch'), 'service a\u001b]2;owned\u0007 {\n  \u001b[8mreplicas 1\u202e\n}\n');
    const io = memoryIo(dir);
    await run(['check', 'evil.arch'], io);
    assert.ok(!DANGEROUS.test(io.out()), JSON.stringify(io.out()));
    assert.ok(!DANGEROUS.test(io.err()), JSON.stringify(io.err()));
    assert.match(io.out(), /\\x1b/);
    const json = memoryIo(dir);
    await run(['check', '--format', 'json', 'evil.arch'], json);
    assert.ok(jsonReportSchema.safeParse(JSON.parse(json.out())).success);
    const sarif = memoryIo(dir);
    await run(['check', '--format', 'sarif', 'evil.arch'], sarif);
    assert.equal(JSON.parse(sarif.out()).version, '2.1.0');
  });

  it('errors, notes and the fmt --check listing escape user text too', async () => {
    const dir = tempDir();
    const name = 'bad\u001b[8m.arch';
    writeFileSync(join(dir, name), 'service   a\n');
    const fmt = memoryIo(dir);
    assert.equal(await run(['fmt', '--check', '.'], fmt), 1);
    assert.ok(!DANGEROUS.test(fmt.out()) && !DANGEROUS.test(fmt.err()), JSON.stringify(fmt.out() + fmt.err()));
    assert.match(fmt.out(), /bad\\x1b\[8m\.arch/);
    const missing = memoryIo(dir);
    assert.equal(await run(['check', 'nope\u001b]2;x\u0007.arch'], missing), 2);
    assert.ok(!DANGEROUS.test(missing.err()), JSON.stringify(missing.err()));
    const explain = memoryIo(dir);
    assert.equal(await run(['explain', 'x\u001b[8m'], explain), 2);
    assert.ok(!DANGEROUS.test(explain.err()), JSON.stringify(explain.err()));
    const rule = memoryIo(dir);
    assert.equal(await run(['check', '--rule', 'x\u001b[8m=off', name], rule), 2);
    assert.ok(!DANGEROUS.test(rule.err()), JSON.stringify(rule.err()));
  });
});
