// `npm test` after type-check and build: the unit/CLI/server/browser tests (Node's test runner), then the
// suite in a real VS Code. Output streams through; the last line sums both as `tests: N passed, M failed`.
import { spawn } from 'node:child_process';

function run(script) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

const count = (output, pattern) => [...output.matchAll(pattern)].reduce((sum, m) => sum + Number(m[1]), 0);

const unit = await run('scripts/run-tests.mjs');
let passed = count(unit.output, /^ℹ pass (\d+)$/gm);
let failed = count(unit.output, /^ℹ fail (\d+)$/gm) + (unit.code !== 0 && !/^ℹ fail [1-9]/m.test(unit.output) ? 1 : 0);

const vscode = await run('scripts/test-vscode.mjs');
passed += count(vscode.output, /integration(?: \(vsix\))?: (\d+) passed/g);
failed += count(vscode.output, /integration(?: \(vsix\))?: \d+ passed, (\d+) failed/g) + (vscode.code !== 0 ? 1 : 0);

console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(unit.code === 0 && vscode.code === 0 ? 0 : 1);
