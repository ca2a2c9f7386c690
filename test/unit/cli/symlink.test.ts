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
