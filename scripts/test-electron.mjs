// `npm run test:electron`: the same integration suite (dist/test/suite) in a desktop VS Code downloaded by
// @vscode/test-electron — on the minimum supported version (engines.vscode) and on the current stable, as
// rust-analyzer does. Needs network access to the VS Code download servers; where there is none (as on the
// project's own build machines) use `npm test`, which runs the suite in the VS Code server build instead.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve('.');
const minimum = JSON.parse(readFileSync('package.json', 'utf8')).engines.vscode.replace(/^\^/, '');
const workspace = mkdtempSync(join(tmpdir(), 'faultline-electron-'));
cpSync(join(root, 'samples'), join(workspace, 'samples'), { recursive: true });
cpSync(join(root, 'test/integration/fixtures'), join(workspace, 'fixtures'), { recursive: true });

for (const version of [minimum, 'stable']) {
  try {
    await runTests({
      version,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'dist/test/suite/index.cjs'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (error) {
    console.error(`test-electron: VS Code ${version}: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
