import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const FIXTURES = join(ROOT, 'test/fixtures/cli');
const MAIN = join(ROOT, 'cli/main.ts');
// `--import tsx` resolves from the working directory, which is a temp dir here: pass tsx by absolute URL.
const TSX = import.meta.resolve('tsx');

/** A fresh temp dir with the named fixtures copied in, removed after the test file. */
export function tempDir(...fixtures: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  for (const f of fixtures) cpSync(join(FIXTURES, f), join(dir, f));
  return dir;
}

export interface Spawned {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI from source in a child process, the way a user would (minus the bundle). Async, so a
 * test file can run its spawns concurrently: each pays tsx's start-up.
 */
export function spawnCli(args: string[], cwd: string): Promise<Spawned> {
  const env = { ...process.env };
  // The runner's own color settings must not leak in: the child's stdout is a pipe and must stay plain.
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return new Promise((resolvePromise) => {
    execFile(process.execPath, ['--import', TSX, MAIN, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Lines that look like a JavaScript stack frame: the CLI must never print one. */
export const STACK_FRAME = /^\s+at .+[:(]/m;

