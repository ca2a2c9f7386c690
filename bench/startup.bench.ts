import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkText } from '../analyzers/check';
import { toDiagram } from '../analyzers/diagram/to-diagram';
import { toDagreInput } from './dagre';
import { toDot } from './dot';
import { emitResult, QUICK } from './emit';
import { generateTieredArch } from './generate';
import { median } from './stats';

/*
 * Whole processes, as a user runs them (issue 13): wall time of the CLI as scripts/build.mjs builds it (split by
 * command, minified: scripts/build-cli.mjs), each beside its peer measured in the same run, in rounds — every
 * round runs every command once, so a busy moment of the machine weighs on all of them alike.
 *
 *   start-up: `node -e 0` (the floor), `faultline --version`, `faultline rules`, `faultline check` of a
 *             2-element file (which prints a text report). Target: within 200 ms of `node -e 0`.
 *   diagram:  `faultline diagram FILE --out x.svg` against Graphviz `dot -Tsvg` on the same graph (bench/dot.ts
 *             writes the .dot from the same diagram model: node sizes, clusters, edge labels) for 50, 200 and
 *             1,000 nodes. Target: within 2× of dot. Without `dot` on the PATH (Debian: apt-get install
 *             graphviz) the peer is left out.
 *             A second peer, dagre (@dagrejs/dagre, a devDependency): bench/dagre-layout.mjs as a process of its
 *             own — Node's start-up, loading dagre, reading the same graph (bench/dagre.ts: the sizes, clusters and
 *             edge labels dot gets, as JSON), dagre's layout and writing a plain SVG. dagre is slow on large
 *             compound graphs (minutes at 1,000 nodes), so it runs DAGRE_RUNS_LARGE times (default 1, no
 *             untimed round) above 500 nodes, and a run longer than DAGRE_TIMEOUT_S (default 600) counts as failed.
 *
 *   npm run bench -- startup
 *   BENCH_RUNS=9 npm run bench -- startup                     more rounds (default 7; diagrams: 5)
 *   BENCH_BASELINE=/path/to/old/cli.cjs npm run bench -- startup   an older build in the same rounds, for a before/after
 *   BENCH_QUICK=1 npm run bench -- startup                    3 rounds of each
 *
 * Writes every figure (ms of each run) to bench/results/startup.json as well.
 */

const root = process.cwd();
const outdir = join(root, 'dist/bench');
// A plain string import: esbuild bundles this bench, and must leave the build script to run as itself.
const buildScript: string = pathToFileURL(join(root, 'scripts/build-cli.mjs')).href;
const { buildCli } = (await import(buildScript)) as { buildCli: (options: { outdir: string }) => Promise<unknown> };
await buildCli({ outdir });
const cli = join(outdir, 'cli.cjs');
const baseline = process.env.BENCH_BASELINE;

const runsFromEnv = Number(process.env.BENCH_RUNS);
const STARTUP_RUNS = runsFromEnv > 0 ? runsFromEnv : QUICK ? 3 : 7;
const DIAGRAM_RUNS = runsFromEnv > 0 ? runsFromEnv : QUICK ? 3 : 5;

const dir = mkdtempSync(join(os.tmpdir(), 'faultline-startup-bench-'));
const tiny = join(dir, 'tiny.arch');
writeFileSync(tiny, 'service api {\n  call db\n}\n\nstore db {\n  replicas 3\n}\n');

interface Case {
  name: string;
  command: string;
  args: string[];
  /** Exit codes that mean "ran as intended". */
  ok?: number[];
  /** Timed runs at most (the first ones, and no untimed round before them): for a slow peer. */
  maxRuns?: number;
  timeoutMs?: number;
}

interface Result {
  name: string;
  ms: number[];
  failed?: string;
}

function once(c: Case): { ms: number; failed?: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c.command, c.args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20, ...(c.timeoutMs ? { timeout: c.timeoutMs } : {}) });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const ok = c.ok ?? [0];
  if (r.error) return { ms, failed: (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `timed out after ${fmt(ms)}` : r.error.message };
  if (!ok.includes(r.status ?? -1)) return { ms, failed: `exit ${r.status ?? r.signal}: ${String(r.stderr).trim().split('\n')[0]}` };
  return { ms };
}

/** Every case once per round, `runs` rounds, after one untimed round (file cache, first exec). */
function rounds(cases: readonly Case[], runs: number): Result[] {
  const results: Result[] = cases.map((c) => ({ name: c.name, ms: [] }));
  for (let round = -1; round < runs; round++) {
    cases.forEach((c, i) => {
      if (c.maxRuns !== undefined && (round < 0 || round >= c.maxRuns)) return;
      const r = once(c);
      if (r.failed) results[i]!.failed ??= r.failed;
      if (round >= 0) results[i]!.ms.push(r.ms);
    });
  }
  return results;
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}
const stats = (r: Result) => (r.failed ? `failed (${r.failed})` : `${fmt(median(r.ms)).padStart(8)}  ${fmt(Math.min(...r.ms)).padStart(8)}  ${fmt(Math.max(...r.ms)).padStart(8)}`);

const hasDot = spawnSync('dot', ['-V'], { stdio: 'ignore' }).status === 0;
const dagreRunner = join(root, 'bench/dagre-layout.mjs');
const dagreVersion = (() => {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules/@dagrejs/dagre/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
})();
const DAGRE_RUNS_LARGE = Number(process.env.DAGRE_RUNS_LARGE) > 0 ? Number(process.env.DAGRE_RUNS_LARGE) : 1;
const DAGRE_TIMEOUT_MS = (Number(process.env.DAGRE_TIMEOUT_S) > 0 ? Number(process.env.DAGRE_TIMEOUT_S) : 600) * 1000;
const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`faultline startup bench — ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, node ${process.version}, load ${load}; whole processes, wall time`);

// ---- start-up

const node = process.execPath;
const startup: Case[] = [
  { name: 'node -e 0', command: node, args: ['-e', '0'] },
  { name: 'faultline --version', command: node, args: [cli, '--version'] },
  { name: 'faultline rules', command: node, args: [cli, 'rules'] },
  { name: 'faultline check tiny.arch (2 elements)', command: node, args: [cli, 'check', tiny], ok: [0, 1] },
];
if (baseline) {
  startup.push(
    { name: 'baseline --version', command: node, args: [baseline, '--version'] },
    { name: 'baseline rules', command: node, args: [baseline, 'rules'] },
    { name: 'baseline check tiny.arch', command: node, args: [baseline, 'check', tiny], ok: [0, 1] },
  );
}
const up = rounds(startup, STARTUP_RUNS);
const record: { machine: string; node: string; load: string; date: string; startup: Result[]; diagram: { nodes: number; edges: number; results: Result[] }[] } = {
  machine: `${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}`,
  node: process.version,
  load,
  date: new Date().toISOString(),
  startup: up,
  diagram: [],
};
const floor = up[0]!.failed ? NaN : median(up[0]!.ms);
console.log(`\nstart-up (${STARTUP_RUNS} rounds)                  median       min       max   over node -e 0   ratio   target ≤ +200 ms`);
for (const r of up) {
  const m = r.failed ? NaN : median(r.ms);
  const over = r === up[0] ? '' : `+${(m - floor).toFixed(0)} ms`;
  const ratio = r === up[0] ? '' : `${(m / floor).toFixed(2)}×`;
  const met = r === up[0] || r.name.startsWith('baseline') ? '' : m - floor <= 200 ? 'met' : 'NOT met';
  console.log(`  ${r.name.padEnd(40)} ${stats(r)}  ${over.padStart(15)}  ${ratio.padStart(6)}   ${met}`);
}

// ---- diagram vs dot

console.log(`\ndiagram (${DIAGRAM_RUNS} rounds)         nodes  edges   faultline median (min–max)   dot -Tsvg median (min–max)   ratio   target ≤ 2×`);
for (const nodes of [50, 200, 1000]) {
  const text = generateTieredArch(nodes);
  const arch = join(dir, `tiered-${nodes}.arch`);
  writeFileSync(arch, text);
  const { model, diagnostics } = checkText(text);
  const diagram = toDiagram(model, diagnostics);
  const dot = join(dir, `tiered-${nodes}.dot`);
  writeFileSync(dot, toDot(diagram));
  const cases: Case[] = [{ name: 'faultline', command: node, args: [cli, 'diagram', arch, '--out', join(dir, 'out.svg')] }];
  if (hasDot) cases.push({ name: 'dot', command: 'dot', args: ['-Tsvg', dot, '-o', join(dir, 'out-dot.svg')] });
  if (dagreVersion) {
    const json = join(dir, `tiered-${nodes}.dagre.json`);
    writeFileSync(json, JSON.stringify(toDagreInput(diagram)));
    cases.push({ name: 'dagre', command: node, args: [dagreRunner, json, join(dir, 'out-dagre.svg')], timeoutMs: DAGRE_TIMEOUT_MS, ...(nodes > 500 ? { maxRuns: DAGRE_RUNS_LARGE } : {}) });
  }
  if (baseline) cases.push({ name: 'baseline', command: node, args: [baseline, 'diagram', arch, '--out', join(dir, 'out-baseline.svg')] });
  const results = rounds(cases, DIAGRAM_RUNS);
  record.diagram.push({ nodes: diagram.nodes.length, edges: diagram.edges.length, results });
  const self = results[0]!;
  const peer = results.find((r) => r.name === 'dot');
  const before = results.find((r) => r.name === 'baseline');
  const dagre = results.find((r) => r.name === 'dagre');
  const range = (r: Result | undefined, missing = 'no dot on PATH') => (!r ? missing : r.failed ? `failed (${r.failed})` : `${fmt(median(r.ms))} (${fmt(Math.min(...r.ms))}–${fmt(Math.max(...r.ms))})`);
  const ratio = peer && !peer.failed && !self.failed ? median(self.ms) / median(peer.ms) : NaN;
  const verdict = Number.isFinite(ratio) ? `${`${ratio.toFixed(1)}×`.padStart(6)}   ${ratio <= 2 ? 'met' : 'NOT met'}` : '     —';
  console.log(`  ${String(diagram.nodes.length).padStart(28)} ${String(diagram.edges.length).padStart(6)}   ${range(self).padStart(26)}   ${range(peer).padStart(26)}   ${verdict}   (dagre ${range(dagre, 'not installed')}${dagre && !dagre.failed && !self.failed ? `, ${(median(self.ms) / median(dagre.ms)).toFixed(2)}×` : ''})${before ? `   (baseline ${range(before)})` : ''}`);
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/startup.json'), `${JSON.stringify(record, null, 2)}\n`);
emitResult('startup', { ...record, dot: hasDot ? String(spawnSync('dot', ['-V'], { encoding: 'utf8' }).stderr).trim() : 'no dot on PATH', dagre: dagreVersion ?? 'not installed' });
