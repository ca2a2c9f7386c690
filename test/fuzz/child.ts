import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { ROOT } from './kit';

/*
 * The CLI as a user runs it, in a child process, with its wall time and peak memory (`process.resourceUsage()
 * .maxRSS`, written by a preload when the child exits however it exits): how the pathological files are measured.
 * From source through tsx (about 150 MB and 0.5 s of the figures are tsx's), so a test never measures a stale
 * build; `npm test` builds dist/ but a targeted run may not.
 */

const MAIN = join(ROOT, 'cli/main.ts');
// `--import tsx` resolves from the working directory, which is a temp dir here: pass tsx by absolute URL.
const TSX = import.meta.resolve('tsx');

/** A fresh temp dir, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-fuzz-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface Measured {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident set size of the child, in MB (NaN when it was killed before it could say). */
  rssMb: number;
}

export interface RunOptions {
  cwd: string;
  /** Killed after this long (a hang), reported with signal SIGKILL. */
  timeoutMs: number;
  /** Extra `--require` preloads, before the CLI. */
  preload?: string[];
  env?: Record<string, string>;
}

/** Runs `faultline ARGS` from source and measures it. */
export function runCli(args: readonly string[], options: RunOptions): Promise<Measured> {
  const rssFile = join(options.cwd, `.rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  // One probe per folder, told by the environment where to write: children running side by side do not share a file.
  const probe = join(options.cwd, '.max-rss.cjs');
  writeFileSync(probe, `process.on('exit', () => require('fs').writeFileSync(process.env.FAULTLINE_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env, FAULTLINE_RSS_FILE: rssFile };
  delete env.FORCE_COLOR;
  const preloads = [probe, ...(options.preload ?? [])].flatMap((p) => ['--require', p]);
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, ...preloads, MAIN, ...args],
      { cwd: options.cwd, env, encoding: 'utf8', timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const ms = performance.now() - t0;
        let rssMb = Number.NaN;
        try {
          rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
          rmSync(rssFile);
        } catch {
          // Killed before it could write the figure.
        }
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, signal: error?.signal ?? null, stdout, stderr, ms, rssMb });
      },
    );
  });
}

/** One line for a failure message: what the run did. */
export function describeRun(r: Measured): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''} after ${Math.round(r.ms)} ms, peak ${Math.round(r.rssMb)} MB; stderr: ${r.stderr.slice(0, 500)}`;
}

/** The same CLI in this process (cli/run.ts with captured output): for what the terminal shows, without a child's start-up. */
export async function runInProcess(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const [{ run }, { memoryIo }] = await Promise.all([import('../../cli/run'), import('../../cli/io')]);
  const io = memoryIo(cwd);
  const t0 = performance.now();
  const code = await run([...args], io);
  return { code, stdout: io.out(), stderr: io.err(), ms: performance.now() - t0 };
}
