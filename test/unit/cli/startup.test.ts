import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Metafile } from 'esbuild';
import { memoryIo } from '../../../cli/io';
import { run } from '../../../cli/run';
import { ROOT } from './helpers';

/*
 * Start-up (issue 13): the CLI as scripts/build.mjs ships it — split by command, so each command loads only what
 * it needs. A static import added in the wrong place would quietly put the parser back into `--version` or elkjs
 * into `check`: the build's metafile says which source files each command's chunks hold. The built launcher
 * prints byte for byte what the CLI run in-process prints.
 */

interface Built {
  dir: string;
  cli: string;
  metafile: Metafile;
}

let built: Built;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-startup-'));
  const { buildCli } = (await import(join(ROOT, 'scripts/build-cli.mjs'))) as { buildCli: (o: { outdir: string; metafile: boolean }) => Promise<{ metafile: Metafile }> };
  const { metafile } = await buildCli({ outdir: dir, metafile: true });
  built = { dir, cli: join(dir, 'cli.cjs'), metafile };
});
after(() => rmSync(built.dir, { recursive: true, force: true }));

/** Source files in the chunks a command's chunk loads before it runs: itself and its static imports, transitively. */
function sourcesLoadedBy(chunk: string): string[] {
  const outputs = built.metafile.outputs;
  const start = Object.keys(outputs).find((file) => file.endsWith('.mjs') && (chunk === 'main' ? file.endsWith('/main.mjs') : file.split('/').pop()!.startsWith(`${chunk}-`)));
  assert.ok(start, `no chunk for ${chunk} in ${Object.keys(outputs).join(', ')}`);
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const i of outputs[file]!.imports) if (i.kind === 'import-statement' && !i.external) stack.push(i.path);
  }
  return [...seen].flatMap((file) => Object.keys(outputs[file]!.inputs));
}

const ELK = /elkjs|faultline-require-apart:elk/;
const PARSER = /language\/parser\.ts$/;

function spawnBuilt(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // The runner's color settings must not leak in: in-process the output is a plain pipe too.
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  return new Promise((resolve) => {
    execFile(process.execPath, [built.cli, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('the built CLI loads only what a command needs', () => {
  it('--version and rules load neither the parser nor elkjs', () => {
    for (const chunk of ['main', 'rules', 'registry']) {
      const sources = sourcesLoadedBy(chunk);
      assert.ok(!sources.some((s) => PARSER.test(s)), `${chunk} loads the parser`);
      assert.ok(!sources.some((s) => ELK.test(s)), `${chunk} loads elkjs`);
      assert.ok(!sources.some((s) => s.includes('zod')), `${chunk} loads zod`);
    }
  });

  it('check loads no elkjs, simulator, language server or SARIF writer', () => {
    const sources = sourcesLoadedBy('check');
    assert.ok(sources.some((s) => PARSER.test(s)), 'check parses');
    for (const [name, pattern] of [
      ['elkjs', ELK],
      ['the simulator', /analyzers\/sim\//],
      ['the language server', /extension\/server\/|vscode-languageserver/],
      ['the SARIF writer', /cli\/report\/sarif\.ts$/],
    ] as const) {
      assert.ok(!sources.some((s) => pattern.test(s)), `check loads ${name}: ${sources.filter((s) => pattern.test(s)).join(', ')}`);
    }
  });

  it('diagram loads elkjs through require() of the file beside it, not as an ES module', () => {
    const sources = sourcesLoadedBy('diagram');
    assert.ok(sources.some((s) => s.startsWith('faultline-require-apart:')), 'diagram requires elk.cjs');
    assert.ok(!sources.some((s) => s.includes('node_modules/elkjs')), 'elkjs is not inside an ES module chunk');
    assert.ok(readFileSync(join(built.dir, 'cli', 'elk.cjs'), 'utf8').length > 100_000);
  });
});

describe('the built launcher', { concurrency: true }, () => {
  const sample = 'gateway edge { routes api }\nservice api { call db { timeout 1s } }\nstore db { replicas 3 }\n';

  it('prints what the CLI run in-process prints: --version, rules, check, diagram', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'faultline-startup-run-'));
    after(() => rmSync(cwd, { recursive: true, force: true }));
    writeFileSync(join(cwd, 'a.arch'), sample);
    for (const args of [['--version'], ['rules'], ['check', 'a.arch'], ['check', 'a.arch', '--format', 'sarif'], ['diagram', 'a.arch']]) {
      const io = memoryIo(cwd);
      const code = await run(args, io);
      const spawned = await spawnBuilt(args, cwd);
      assert.equal(spawned.code, code, `faultline ${args.join(' ')}: ${spawned.stderr}`);
      assert.equal(spawned.stdout, io.out(), `faultline ${args.join(' ')}: stdout`);
      assert.equal(spawned.stderr, io.err(), `faultline ${args.join(' ')}: stderr`);
    }
  });

  it('one line and exit 2 when its chunks are missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-startup-bare-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'cli.cjs'), readFileSync(built.cli));
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(dir, 'cli.cjs'), '--version'], { encoding: 'utf8' }, (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }));
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^faultline: internal error: .*main\.mjs.*\n$/);
  });
});
