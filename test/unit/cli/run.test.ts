import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES, findRule } from '../../../analyzers/registry';
import { docRelativePath } from '../../../cli/docs';
import { memoryIo } from '../../../cli/io';
import { jsonReportSchema } from '../../../cli/report/json-schema';
import { run } from '../../../cli/run';
import { ROOT, STACK_FRAME, tempDir } from './helpers';

/** Runs a command line in-process, in `cwd`. */
async function cli(cwd: string, ...argv: string[]) {
  const io = memoryIo(cwd);
  const code = await run(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

function assertOneLine(stderr: string) {
  assert.equal(stderr.trimEnd().split('\n').length, 1, `one line on stderr, got:\n${stderr}`);
  assert.doesNotMatch(stderr, STACK_FRAME);
}

describe('faultline check (in-process)', () => {
  it('finds .arch files in nested folders, skipping node_modules, in a stable order', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'b/deep'), { recursive: true });
    mkdirSync(join(dir, 'node_modules/pkg'), { recursive: true });
    writeFileSync(join(dir, 'b/deep/z.arch'), '');
    writeFileSync(join(dir, 'a.arch'), '');
    writeFileSync(join(dir, 'node_modules/pkg/x.arch'), 'service a {\n');
    writeFileSync(join(dir, 'notes.txt'), 'service a {\n');
    const r = await cli(dir, 'check', '--format', 'json');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path), ['a.arch', 'b/deep/z.arch']);
  });

  it('a folder without .arch files is a note, not an error', async () => {
    const r = await cli(tempDir(), 'check');
    assert.equal(r.code, 0);
    assert.match(r.stderr, /^faultline: note: no \.arch files in '\.'\n$/);
  });

  it('a missing path is exit 2 with one line, and nothing is reported', async () => {
    const dir = tempDir('clean.arch');
    const r = await cli(dir, 'check', 'clean.arch', 'nope.arch');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "faultline: cannot read 'nope.arch': no such file\n");
    assert.equal(r.stdout, '');
  });

  it('uses the nearest faultline.json above the working directory', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'faultline.json'), JSON.stringify({ rules: { syntax: 'warning' } }));
    writeFileSync(join(dir, 'sub/broken.arch'), 'service a {\n');
    const r = await cli(join(dir, 'sub'), 'check', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.files[0].diagnostics.find((d: { rule: string }) => d.rule === 'syntax').severity, 'warning');
    // --max-warnings turns too many warnings into a failure.
    const warnings: number = report.summary.warnings;
    assert.equal((await cli(join(dir, 'sub'), 'check', '--max-warnings', String(warnings - 1))).code, 1);
    assert.equal((await cli(join(dir, 'sub'), 'check', '--max-warnings', String(warnings))).code, 0);
  });

  it('--config names the file; a bad or missing one is exit 2 with one line', async () => {
    const dir = tempDir('unclosed.arch');
    writeFileSync(join(dir, 'strict.json'), JSON.stringify({ rules: { syntax: 'off' } }));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ rules: { syntax: 'fatal' } }));
    assert.equal((await cli(dir, 'check', '--config', 'strict.json')).code, 0);
    const bad = await cli(dir, 'check', '--config', 'bad.json');
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'faultline: bad.json: rules.syntax: expected one of off, error, warning, info\n');
    const missing = await cli(dir, 'check', '--config', 'none.json');
    assert.equal(missing.code, 2);
    assertOneLine(missing.stderr);
  });

  it('--output writes the report to the file and nothing to stdout', async () => {
    const dir = tempDir('unclosed.arch');
    const r = await cli(dir, 'check', '--format', 'sarif', '--output', 'out/report.sarif');
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const log = JSON.parse(readFileSync(join(dir, 'out/report.sarif'), 'utf8'));
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'syntax'));
  });

  it('--fix applies fixes, writes the file and reports what remains', { skip: !findRule('lock/no-lease') && 'lock/no-lease not in the catalog' }, async () => {
    const dir = tempDir('lock-without-lease.arch');
    const r = await cli(dir, 'check', '--fix', '--format', 'json');
    const text = readFileSync(join(dir, 'lock-without-lease.arch'), 'utf8');
    assert.match(text, /lease 10s/);
    assert.match(r.stderr, /^faultline: fixed 1 problem in 1 file\n/);
    const report = jsonReportSchema.parse(JSON.parse(r.stdout));
    assert.ok(!report.files[0]!.diagnostics.some((d) => d.rule === 'lock/no-lease'));
  });

  it('text output has no color when stdout is not a TTY', async () => {
    const r = await cli(tempDir('unclosed.arch'), 'check');
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout, /\x1b\[/);
    assert.match(r.stdout, /^unclosed\.arch:2:11  error  syntax  /m);
  });

  it('colors with FORCE_COLOR, and --no-color wins over it', async () => {
    const dir = tempDir('unclosed.arch');
    const forced = memoryIo(dir, { FORCE_COLOR: '1' });
    await run(['check'], forced);
    assert.match(forced.out(), /\x1b\[/);
    const plain = memoryIo(dir, { FORCE_COLOR: '1' });
    await run(['check', '--no-color'], plain);
    assert.doesNotMatch(plain.out(), /\x1b\[/);
  });

  it('an unexpected exception is one line and exit 2', async () => {
    const io = memoryIo(tempDir('clean.arch'));
    io.stdout.write = () => {
      throw new Error('disk on fire\n    at somewhere (x.js:1:1)');
    };
    assert.equal(await run(['check'], io), 2);
    assert.equal(io.err(), 'faultline: internal error: disk on fire\n');
  });

  it('usage errors are exit 2 with one line', async () => {
    for (const argv of [['check', '--format', 'xml'], ['check', '--max-warnings', '-1'], ['chek'], ['explain'], ['explain', 'a', 'b']]) {
      const r = await cli(tempDir(), ...argv);
      assert.equal(r.code, 2, argv.join(' '));
      assertOneLine(r.stderr);
      assert.match(r.stderr, /^faultline: /);
    }
  });
});

describe('faultline fmt (in-process)', () => {
  it('--check lists unformatted files and exits 1; fmt rewrites them; then --check passes', async () => {
    const dir = tempDir('unformatted.arch', 'clean.arch');
    const check = await cli(dir, 'fmt', '--check');
    assert.equal(check.code, 1);
    assert.equal(check.stdout, 'unformatted.arch\n');
    const before = readFileSync(join(dir, 'unformatted.arch'), 'utf8');
    assert.equal((await cli(dir, 'fmt')).code, 0);
    assert.notEqual(readFileSync(join(dir, 'unformatted.arch'), 'utf8'), before);
    assert.equal((await cli(dir, 'fmt', '--check')).code, 0);
  });

  it('leaves a file with syntax errors untouched: exit 2', async () => {
    const dir = tempDir('unclosed.arch');
    const before = readFileSync(join(dir, 'unclosed.arch'), 'utf8');
    const r = await cli(dir, 'fmt');
    assert.equal(r.code, 2);
    assertOneLine(r.stderr);
    assert.equal(readFileSync(join(dir, 'unclosed.arch'), 'utf8'), before);
  });
});

describe('faultline rules / explain (in-process)', () => {
  it('rules prints every rule of the catalog with its default severity', async () => {
    const r = await cli(tempDir(), 'rules');
    assert.equal(r.code, 0);
    for (const rule of ALL_RULES) assert.match(r.stdout, new RegExp(`^${rule.id.replace('/', '\\/')} +${rule.severity} +`, 'm'));
  });

  it('explain prints the doc page of a rule', async () => {
    const documented = ALL_RULES.find((rule) => existsSync(join(ROOT, docRelativePath(rule.id))));
    // Every rule has a page (rule-docs.test.ts); none found means the docs moved, which must fail, not pass silently.
    assert.ok(documented, `no rule of the catalog has a page under docs/rules/ (looked for ${docRelativePath(ALL_RULES[0]!.id)} and the rest)`);
    const r = await cli(tempDir(), 'explain', documented.id);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trimEnd(), readFileSync(join(ROOT, docRelativePath(documented.id)), 'utf8').trimEnd());
  });

  it('maps rule ids to doc pages (core rules under core/)', () => {
    assert.equal(docRelativePath('quorum/no-overlap'), 'docs/rules/quorum/no-overlap.md');
    assert.equal(docRelativePath('syntax'), 'docs/rules/core/syntax.md');
  });

  it('explain of an unknown rule is exit 2 with a did-you-mean', async () => {
    const id = ALL_RULES[ALL_RULES.length - 1]!.id;
    const r = await cli(tempDir(), 'explain', id.slice(0, -1));
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `faultline: unknown rule '${id.slice(0, -1)}' (did you mean '${id}'?)\n`);
    const traversal = await cli(tempDir(), 'explain', '../../package');
    assert.equal(traversal.code, 2);
  });
});
