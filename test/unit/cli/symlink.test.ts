import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findArchFiles } from '../../../cli/files';

describe('finding .arch files', () => {
  it('does not follow a symbolic link back up the tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-links-'));
    try {
      mkdirSync(join(dir, 'a'));
      writeFileSync(join(dir, 'a', 'x.arch'), 'service x\n');
      symlinkSync('..', join(dir, 'a', 'up'));
      const { files } = await findArchFiles(['.'], dir);
      assert.deepEqual(files.map((f) => f.slice(dir.length + 1)), ['a/x.arch']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('symbolic links in a searched folder', () => {
  it('checks links to .arch files (once per real file) and notes links to folders it does not follow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-links-'));
    try {
      mkdirSync(join(dir, 'a'));
      mkdirSync(join(dir, 'shared'));
      writeFileSync(join(dir, 'shared', 'x.arch'), 'service x\n');
      writeFileSync(join(dir, 'a', 'own.arch'), 'service own\n');
      symlinkSync(join(dir, 'shared', 'x.arch'), join(dir, 'a', 'linked.arch'));
      // A second link to the same file is not checked twice.
      symlinkSync(join(dir, 'shared', 'x.arch'), join(dir, 'a', 'again.arch'));
      symlinkSync(join(dir, 'shared'), join(dir, 'a', 'folder-link'));
      symlinkSync(join(dir, 'missing.arch'), join(dir, 'a', 'broken.arch'));
      const { files, notes } = await findArchFiles(['a'], dir);
      assert.deepEqual(files.map((f) => f.slice(dir.length + 1)), ['a/again.arch', 'a/own.arch']);
      assert.ok(notes.some((n) => n.includes("'a/folder-link'") && /symbolic link to a folder/.test(n)), notes.join('\n'));
      assert.ok(notes.some((n) => n.includes("'a/broken.arch'") && /broken symbolic link/.test(n)), notes.join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
