import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isInside, partitionByRealPath } from '../../../extension/client/workspace-paths';

/*
 * "Check All .arch Files in the Workspace" opens what `vscode.workspace.findFiles` found, and findFiles follows
 * symbolic links: `leak.arch -> ../../outside/secret` must not be opened. Only files whose real path is inside a
 * workspace folder's real path are checked.
 */

describe('workspace files by real path', () => {
  it('keeps files inside the folders and drops links out of them', async () => {
    const top = mkdtempSync(join(tmpdir(), 'faultline-client-escape-'));
    try {
      const workspace = join(top, 'workspace');
      const second = join(top, 'second');
      mkdirSync(join(workspace, 'sub'), { recursive: true });
      mkdirSync(second);
      mkdirSync(join(top, 'outside'));
      writeFileSync(join(top, 'outside', 'secret.txt'), 'SECRET=hunter2\n');
      writeFileSync(join(top, 'outside', 'other.arch'), 'service other\n');
      writeFileSync(join(workspace, 'own.arch'), 'service own\n');
      writeFileSync(join(second, 'two.arch'), 'service two\n');
      symlinkSync(join('..', '..', 'outside', 'secret.txt'), join(workspace, 'sub', 'leak.arch'));
      symlinkSync(join(top, 'outside', 'other.arch'), join(workspace, 'sub', 'other.arch'));
      symlinkSync(join(top, 'outside'), join(workspace, 'linked-dir'));
      symlinkSync(join(workspace, 'missing.arch'), join(workspace, 'dangling.arch'));
      // Links that stay inside a folder (this one, or another folder of the workspace) are still checked.
      symlinkSync(join('..', 'own.arch'), join(workspace, 'sub', 'alias.arch'));
      symlinkSync(join(second, 'two.arch'), join(workspace, 'to-second.arch'));

      const found = ['own.arch', 'sub/leak.arch', 'sub/other.arch', 'linked-dir/other.arch', 'dangling.arch', 'sub/alias.arch', 'to-second.arch'].map((rel) => ({
        rel,
        fsPath: join(workspace, rel),
      }));
      const { inside, outside } = await partitionByRealPath(found, (file) => file.fsPath, [workspace, second]);
      assert.deepEqual(
        inside.map((f) => f.rel),
        ['own.arch', 'sub/alias.arch', 'to-second.arch'],
      );
      assert.deepEqual(
        outside.map((f) => f.rel),
        ['sub/leak.arch', 'sub/other.arch', 'linked-dir/other.arch', 'dangling.arch'],
      );
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });

  it('resolves the folders too: a workspace opened through a link still has its files', async () => {
    const top = mkdtempSync(join(tmpdir(), 'faultline-client-root-'));
    try {
      mkdirSync(join(top, 'real'));
      writeFileSync(join(top, 'real', 'a.arch'), 'service a\n');
      symlinkSync(join(top, 'real'), join(top, 'via-link'));
      const { inside, outside } = await partitionByRealPath([join(top, 'via-link', 'a.arch')], (p) => p, [join(top, 'via-link')]);
      assert.equal(inside.length, 1);
      assert.equal(outside.length, 0);
      // No folder (or one that cannot be resolved): nothing is inside.
      assert.equal((await partitionByRealPath([join(top, 'real', 'a.arch')], (p) => p, [])).inside.length, 0);
      assert.equal((await partitionByRealPath([join(top, 'real', 'a.arch')], (p) => p, [join(top, 'gone')])).inside.length, 0);
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });

  it('isInside is a path test, not a prefix test', () => {
    assert.ok(isInside('/ws', '/ws'));
    assert.ok(isInside('/ws', '/ws/a/b.arch'));
    assert.ok(isInside('/ws', '/ws/..a.arch'));
    assert.ok(!isInside('/ws', '/ws-other/a.arch'));
    assert.ok(!isInside('/ws', '/a.arch'));
    assert.ok(!isInside('/ws/sub', '/ws/a.arch'));
  });
});
