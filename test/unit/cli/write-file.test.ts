import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CliError } from '../../../cli/errors';
import { memoryIo } from '../../../cli/io';
import { run } from '../../../cli/run';
import { writeFileAtomic } from '../../../cli/write-file';
import { STACK_FRAME, tempDir } from './helpers';

/* Files are replaced, not rewritten in place: issue 8, items 2 and 4 (diagram --out). */

const UNFORMATTED = 'service a {\nreplicas 3\n}\n';
const FIXABLE = 'lock l {\n  backend etcd\n  fencing\n}\ncluster etcd {\n  replicas 3\n  consensus raft\n}\n';

async function cli(cwd: string, ...argv: string[]) {
  const io = memoryIo(cwd);
  const code = await run(argv, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('writeFileAtomic', () => {
  it('replaces the file by a rename: new inode, same mode, right content, no temp file left', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.arch');
    writeFileSync(file, 'old');
    chmodSync(file, 0o640);
    const inode = statSync(file).ino;
    await writeFileAtomic(file, 'new text\n', 'a.arch');
    assert.equal(readFileSync(file, 'utf8'), 'new text\n');
    assert.equal(statSync(file).mode & 0o7777, 0o640);
    assert.notEqual(statSync(file).ino, inode, 'written to a new file and renamed over');
    assert.deepEqual(readdirSync(dir), ['a.arch']);
  });

  it('a failed write is a one-line CliError and leaves no temp file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'taken.arch'));
    await assert.rejects(writeFileAtomic(join(dir, 'taken.arch'), 'x', 'taken.arch'), (error: unknown) => {
      assert.ok(error instanceof CliError);
      assert.match(error.message, /^cannot write 'taken\.arch': /);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
    await assert.rejects(writeFileAtomic(join(dir, 'missing/x.arch'), 'x', 'missing/x.arch'), /cannot write 'missing\/x\.arch': no such file/);
    assert.deepEqual(readdirSync(dir), ['taken.arch']);
    assert.deepEqual(readdirSync(join(dir, 'taken.arch')), []);
  });

  it('writes through a symbolic link, keeping the link', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'real.arch'), 'old');
    chmodSync(join(dir, 'real.arch'), 0o600);
    symlinkSync('real.arch', join(dir, 'link.arch'));
    await writeFileAtomic(join(dir, 'link.arch'), 'new', 'link.arch');
    assert.equal(readlinkSync(join(dir, 'link.arch')), 'real.arch');
    assert.equal(readFileSync(join(dir, 'real.arch'), 'utf8'), 'new');
    assert.equal(statSync(join(dir, 'real.arch')).mode & 0o7777, 0o600);
    assert.deepEqual(readdirSync(dir).sort(), ['link.arch', 'real.arch']);
  });
});

describe('fmt, check --fix and diagram --out replace files atomically', () => {
  it('fmt keeps the mode (0o640) and leaves no temp file', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.arch');
    writeFileSync(file, UNFORMATTED);
    chmodSync(file, 0o640);
    const inode = statSync(file).ino;
    const r = await cli(dir, 'fmt', 'a.arch');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(file, 'utf8'), 'service a {\n  replicas 3\n}\n');
    assert.equal(statSync(file).mode & 0o7777, 0o640);
    assert.notEqual(statSync(file).ino, inode, 'fmt renamed a new file over the old one');
    assert.deepEqual(readdirSync(dir), ['a.arch']);
  });

  it('check --fix keeps the mode (0o640) and leaves no temp file', async () => {
    const dir = tempDir();
    const file = join(dir, 'a.arch');
    writeFileSync(file, FIXABLE);
    chmodSync(file, 0o640);
    const inode = statSync(file).ino;
    const r = await cli(dir, 'check', 'a.arch', '--fix');
    assert.match(r.stderr, /fixed \d+ problems? in 1 file/);
    assert.match(readFileSync(file, 'utf8'), /lease 10s/);
    assert.equal(statSync(file).mode & 0o7777, 0o640);
    assert.notEqual(statSync(file).ino, inode, '--fix renamed a new file over the old one');
    assert.deepEqual(readdirSync(dir), ['a.arch']);
  });

  it('diagram --out replaces the SVG by a rename, keeps its mode (0o640) and leaves no temp file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.arch'), 'service a { replicas 3 }\n');
    const svg = join(dir, 'a.svg');
    writeFileSync(svg, 'old');
    chmodSync(svg, 0o640);
    const inode = statSync(svg).ino;
    const r = await cli(dir, 'diagram', 'a.arch', '--out', 'a.svg');
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(svg, 'utf8'), /^<svg[\s>]/);
    assert.equal(statSync(svg).mode & 0o7777, 0o640);
    assert.notEqual(statSync(svg).ino, inode, 'diagram renamed a new file over the old one');
    assert.deepEqual(readdirSync(dir).sort(), ['a.arch', 'a.svg']);
  });

  it('a diagram that cannot be written is one line, exit 2, no stack trace', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.arch'), 'service a { replicas 3 }\n');
    mkdirSync(join(dir, 'a.svg'));
    const r = await cli(dir, 'diagram', 'a.arch', '--out', 'a.svg');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^faultline: cannot write 'a\.svg': /);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    assert.doesNotMatch(r.stderr, STACK_FRAME);
    assert.deepEqual(readdirSync(join(dir, 'a.svg')), []);
  });

  it('a report that cannot be written is one line, exit 2, no stack trace', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.arch'), 'service a { replicas 3 }\n');
    mkdirSync(join(dir, 'out.json'));
    const r = await cli(dir, 'check', 'a.arch', '--format', 'json', '--output', 'out.json');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^faultline: cannot write 'out\.json': /);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    assert.doesNotMatch(r.stderr, STACK_FRAME);
    assert.deepEqual(readdirSync(dir).sort(), ['a.arch', 'out.json']);
  });
});
