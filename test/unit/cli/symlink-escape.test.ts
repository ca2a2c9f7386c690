import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findArchFiles } from '../../../cli/files';

/*
 * Issue 13, "nothing reads outside the workspace or follows a symlink out of it": a shared repository may hold
 * `leak.arch -> ../../outside/secret`. Searching a folder must not read that target (the report would quote its
 * lines) nor hand it to `fmt` / `check --fix` (which would rewrite it). A link that stays inside is still checked
 * (test/unit/cli/symlink.test.ts).
 */

describe('symbolic links out of the workspace', () => {
  it('are not followed when a folder is searched, and a note says so', async () => {
    const top = mkdtempSync(join(tmpdir(), 'faultline-escape-'));
    try {
      const workspace = join(top, 'workspace');
      mkdirSync(join(workspace, 'sub'), { recursive: true });
      mkdirSync(join(top, 'outside'));
      writeFileSync(join(top, 'outside', 'secret.txt'), 'SECRET=hunter2\n');
      writeFileSync(join(top, 'outside', 'other.arch'), 'service   other { replicas 1 }\n');
      writeFileSync(join(workspace, 'own.arch'), 'service own\n');
      symlinkSync(join('..', '..', 'outside', 'secret.txt'), join(workspace, 'sub', 'leak.arch'));
      symlinkSync(join(top, 'outside', 'other.arch'), join(workspace, 'sub', 'other.arch'));
      // Inside the workspace: still checked.
      symlinkSync(join('..', 'own.arch'), join(workspace, 'sub', 'alias.arch'));

      mkdirSync(join(top, 'elsewhere'));
      const cases = [
        { paths: ['.'], cwd: workspace, expected: ['own.arch'] },
        { paths: ['sub'], cwd: workspace, expected: ['sub/alias.arch'] },
        // The folder named is the workspace even when the working directory is somewhere else.
        { paths: [workspace], cwd: join(top, 'elsewhere'), expected: ['own.arch'] },
      ];
      for (const { paths, cwd, expected } of cases) {
        const { files, notes } = await findArchFiles(paths, cwd);
        const shown = files.map((f) => f.slice(workspace.length + 1));
        assert.deepEqual(shown, expected, `${paths.join(' ')} from ${cwd}`);
        for (const link of ['leak.arch', 'other.arch']) {
          assert.ok(notes.some((n) => n.includes(link) && /out of the workspace/.test(n)), notes.join('\n'));
        }
      }
      assert.equal(readFileSync(join(top, 'outside', 'other.arch'), 'utf8'), 'service   other { replicas 1 }\n');
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });

  it('a link named on the command line is still read: the user asked for it', async () => {
    const top = mkdtempSync(join(tmpdir(), 'faultline-escape-'));
    try {
      mkdirSync(join(top, 'workspace'));
      writeFileSync(join(top, 'x.arch'), 'service x\n');
      symlinkSync(join(top, 'x.arch'), join(top, 'workspace', 'named.arch'));
      const { files } = await findArchFiles(['named.arch'], join(top, 'workspace'));
      assert.deepEqual(files, [join(top, 'workspace', 'named.arch')]);
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });
});
