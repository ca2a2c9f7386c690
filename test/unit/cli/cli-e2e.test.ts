import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { build } from 'esbuild';
import { ALL_RULES } from '../../../analyzers/registry';
import { docRelativePath } from '../../../cli/docs';
import { jsonReportSchema } from '../../../cli/report/json-schema';
import { ROOT, STACK_FRAME, spawnCli, tempDir } from './helpers';

/*
 * The real executable in a child process: exit codes, streams and files as a user or CI sees them.
 * Kept to a handful of spawns; behaviour in detail is tested in-process (run.test.ts).
 */

describe('faultline (spawned)', { concurrency: true }, () => {
  it('check: exit 0 on a clean file', async () => {
    const r = await spawnCli(['check', 'clean.arch'], tempDir('clean.arch'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No problems in 1 file\.|✖ \d+ problems? \(0 errors/);
  });

  it('check: exit 1 on a syntax error, reported compiler-style without color on a pipe', async () => {
    const r = await spawnCli(['check', 'unclosed.arch'], tempDir('unclosed.arch'));
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^unclosed\.arch:2:11  error  syntax  /m);
    assert.doesNotMatch(r.stdout, /\x1b\[/);
  });

  it('check: exit 2 on a missing path, one line on stderr, no stack trace', async () => {
    const r = await spawnCli(['check', 'x.arch'], tempDir());
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "faultline: cannot read 'x.arch': no such file\n");
    assert.doesNotMatch(r.stderr, STACK_FRAME);
  });

  it('check --format json --output FILE writes a report that validates against the schema', async () => {
    const dir = tempDir('clean.arch', 'unclosed.arch');
    const r = await spawnCli(['check', '.', '--format', 'json', '--output', 'report.json'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    const report = jsonReportSchema.parse(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')));
    assert.deepEqual(report.files.map((f) => f.path), ['clean.arch', 'unclosed.arch']);
    assert.ok(report.summary.errors >= 1);
  });

  it('fmt --check exits 1 and lists the unformatted file', async () => {
    const r = await spawnCli(['fmt', '--check'], tempDir('unformatted.arch'));
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'unformatted.arch\n');
  });

  it('rules lists the catalog; explain of an unknown rule is exit 2', async () => {
    const dir = tempDir();
    const rules = await spawnCli(['rules'], dir);
    assert.equal(rules.code, 0);
    assert.ok(ALL_RULES.every((r) => rules.stdout.includes(r.id)));
    const explain = await spawnCli(['explain', 'no/such-rule'], dir);
    assert.equal(explain.code, 2);
    assert.match(explain.stderr, /^faultline: unknown rule 'no\/such-rule'/);
    assert.doesNotMatch(explain.stderr, STACK_FRAME);
  });
});

describe('faultline bundle', () => {
  // Built where the real bundle's folder sits relative to docs/ would not hold (three levels down), to
  // prove the docs are found from the bundle's own location and not from the working directory.
  const out = join(ROOT, 'node_modules/.cache/faultline-test/cli.cjs');
  after(() => rmSync(join(ROOT, 'node_modules/.cache/faultline-test'), { recursive: true, force: true }));

  it('explain finds docs/rules from the bundled CLI, run from another directory', async () => {
    const documented = ALL_RULES.find((rule) => existsSync(join(ROOT, docRelativePath(rule.id))));
    // Every rule has a page (rule-docs.test.ts); none found means the docs moved, which must fail, not pass silently.
    assert.ok(documented, `no rule of the catalog has a page under docs/rules/ (looked for ${docRelativePath(ALL_RULES[0]!.id)} and the rest)`);
    mkdirSync(join(ROOT, 'node_modules/.cache/faultline-test'), { recursive: true });
    await build({ entryPoints: [join(ROOT, 'cli/main.ts')], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent' });
    const r = spawnSync(process.execPath, [out, 'explain', documented.id], { cwd: tempDir(), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trimEnd(), readFileSync(join(ROOT, docRelativePath(documented.id)), 'utf8').trimEnd());
  });
});
