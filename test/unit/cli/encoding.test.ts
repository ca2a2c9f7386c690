import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { memoryIo } from '../../../cli/io';
import { run } from '../../../cli/run';
import { STACK_FRAME, tempDir } from './helpers';

/* Files that are not UTF-8 are reported and never written: issue 8, item 3. */

// `café` in Latin-1 in a comment on line 5: byte E9 at line 5, column 7; the lock needs a fix and the
// service is unformatted, so both --fix and fmt would write if they read the file.
const LATIN1 = Buffer.concat([
  Buffer.from('lock l {\n  backend etcd\n  fencing\n}\n// caf', 'latin1'),
  Buffer.from([0xe9]),
  Buffer.from('\nservice a {\nreplicas 3\n}\n', 'latin1'),
]);
const BAD_OFFSET = LATIN1.indexOf(0xe9);

async function cli(cwd: string, ...argv: string[]) {
  const io = memoryIo(cwd);
  const code = await run(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

function latin1Dir(): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'l.arch'), LATIN1);
  writeFileSync(join(dir, 'ok.arch'), 'service b {\nreplicas 3\n}\n');
  return dir;
}

const unchanged = (dir: string) => assert.ok(readFileSync(join(dir, 'l.arch')).equals(LATIN1), 'the Latin-1 file is byte-identical');

describe('a file that is not valid UTF-8', () => {
  it('check reports one `encoding` error at the first bad byte, and exits 1', async () => {
    const dir = latin1Dir();
    const r = await cli(dir, 'check', 'l.arch', '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const file = JSON.parse(r.stdout).files.find((f: { path: string }) => f.path === 'l.arch');
    assert.equal(file.diagnostics.length, 1);
    const d = file.diagnostics[0];
    assert.equal(d.rule, 'encoding');
    assert.equal(d.severity, 'error');
    // JSON ranges are 0-based: line 5, column 7 (after `// caf`) is where the bad byte is.
    assert.deepEqual(d.range.start, { line: 4, character: 6 });
    assert.match(d.message, /not valid UTF-8/);
    assert.match(d.message, new RegExp(`byte offset ${BAD_OFFSET}\\b`));
    assert.match(d.message, /0xE9/);
    unchanged(dir);
  });

  it('check (text) names the file and the line', async () => {
    const r = await cli(latin1Dir(), 'check', '.');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /l\.arch:5:7/);
    assert.match(r.stdout, /encoding/);
    assert.doesNotMatch(r.stderr, STACK_FRAME);
  });

  it('check --fix never writes it (and still fixes the other files)', async () => {
    const dir = latin1Dir();
    writeFileSync(join(dir, 'lock.arch'), 'lock m {\n  backend etcd\n  fencing\n}\ncluster etcd {\n  replicas 3\n  consensus raft\n}\n');
    const r = await cli(dir, 'check', '.', '--fix');
    assert.equal(r.code, 1);
    unchanged(dir);
    assert.match(readFileSync(join(dir, 'lock.arch'), 'utf8'), /lease 10s/);
    assert.doesNotMatch(r.stderr, STACK_FRAME);
  });

  it('fmt and fmt --check leave it alone with one clear line and exit 2', async () => {
    for (const args of [['fmt', '.'], ['fmt', '--check', '.'], ['fmt', 'l.arch']]) {
      const dir = latin1Dir();
      const r = await cli(dir, ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      const lines = r.stderr.split('\n').filter((l) => l.includes('l.arch'));
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, /^faultline: cannot format 'l\.arch': not valid UTF-8 .*line 5/);
      assert.doesNotMatch(r.stderr, STACK_FRAME);
      unchanged(dir);
    }
  });

  it('diagram refuses it with one line and exit 2', async () => {
    const r = await cli(latin1Dir(), 'diagram', 'l.arch');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^faultline: cannot read 'l\.arch': not valid UTF-8 .*line 5/);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    assert.equal(r.stdout, '');
  });
});

describe('a UTF-8 byte order mark', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

  it('is kept by fmt and by --fix, and does not move positions', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'f.arch'), Buffer.concat([BOM, Buffer.from('service a {\nreplicas 3\n}\n')]));
    const fix = 'lock l {\n  backend etcd\n  fencing\n}\ncluster etcd {\n  replicas 3\n  consensus raft\n}\n';
    writeFileSync(join(dir, 'x.arch'), Buffer.concat([BOM, Buffer.from(fix)]));
    assert.equal((await cli(dir, 'fmt', 'f.arch')).code, 0);
    assert.ok(readFileSync(join(dir, 'f.arch')).equals(Buffer.concat([BOM, Buffer.from('service a {\n  replicas 3\n}\n')])));
    // The text the checker sees starts after the mark: the first line's columns are not shifted by one.
    const plain = tempDir();
    writeFileSync(join(plain, 'x.arch'), fix);
    const withBom = JSON.parse((await cli(dir, 'check', 'x.arch', '--format', 'json')).stdout).files[0].diagnostics;
    const without = JSON.parse((await cli(plain, 'check', 'x.arch', '--format', 'json')).stdout).files[0].diagnostics;
    assert.deepEqual(withBom, without);
    await cli(dir, 'check', 'x.arch', '--fix');
    const fixed = readFileSync(join(dir, 'x.arch'));
    assert.ok(fixed.subarray(0, 3).equals(BOM), 'the mark is kept');
    assert.ok(!fixed.subarray(3).includes(BOM), 'and not doubled');
    assert.match(fixed.toString('utf8'), /lease 10s/);
  });
});
