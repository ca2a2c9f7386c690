// Runs every unit test under test/ and analyzers/ with Node's own test runner (TypeScript through tsx).
// Node 20's `--test` takes no globs, so the files are listed here with fast-glob.
import fg from 'fast-glob';
import { spawnSync } from 'node:child_process';

const patterns = process.argv.slice(2);
const files = await fg(patterns.length ? patterns : ['test/unit/**/*.test.ts', 'test/browser/**/*.test.ts', 'test/fuzz/**/*.test.ts', 'analyzers/**/*.test.ts', 'language/**/*.test.ts', 'cli/**/*.test.ts'], {
  ignore: ['**/node_modules/**'],
});
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
files.sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', './test/setup/fixed-seed.mjs', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
