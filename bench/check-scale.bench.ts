import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateArch, generateEntryChain, generateUnplacedSingles } from './generate';
import { emitResult, QUICK } from './emit';
import { median } from './stats';

/*
 * Whole-process `faultline check` on designs that used to be quadratic (issue 8, item 4): wall time and peak RSS
 * of the bundled CLI, one child process per run, as a user runs it. The peer, measured in the same run on the same
 * machine, is the same design with one gateway in front as the only entry point (so reachability starts once):
 * a ratio near 1× means "every service is an entry point" costs no more than an ordinary design of that size.
 *
 * The 10 MB file and a 100,000-element design (generateArch, as the pathological tests) also give issue 13's
 * peak-memory rows of the README (goal ≤ 0.5 GB), each beside the floor: Node reading the same file and no more.
 *
 *   npm run bench -- check-scale            every case (a few minutes)
 *   BENCH_RUNS=1 npm run bench -- check-scale
 *
 * Not part of `npm test` (scripts/run-tests.mjs runs *.test.ts only).
 */

const root = process.cwd();
// The CLI as scripts/build.mjs builds it (scripts/build-cli.mjs), built here so the numbers are never of a stale build.
const buildScript: string = pathToFileURL(join(root, 'scripts/build-cli.mjs')).href;
const { buildCli } = (await import(buildScript)) as { buildCli: (options: { outdir: string }) => Promise<unknown> };
await buildCli({ outdir: join(root, 'dist/bench') });
const cli = join(root, 'dist/bench/cli.cjs');

const dir = mkdtempSync(join(os.tmpdir(), 'faultline-bench-'));
// Writes the child's peak RSS (KB) when it exits, however it exits (the CLI ends with process.exit).
const probe = join(dir, 'max-rss.cjs');
writeFileSync(probe, `process.on('exit', () => require('fs').writeFileSync(process.env.FAULTLINE_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n`);

interface Run {
  ms: number;
  rssMb: number;
  status: number | null;
  timedOut: boolean;
}

/** A run longer than this is killed and shown as "> N s" (BENCH_TIMEOUT_S overrides). */
const TIMEOUT_MS = (Number(process.env.BENCH_TIMEOUT_S) || 120) * 1000;

function checkOnce(file: string, args: readonly string[]): Run {
  const rssFile = join(dir, 'rss.txt');
  rmSync(rssFile, { force: true });
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['--require', probe, cli, 'check', ...args, file], {
    env: { ...process.env, FAULTLINE_BENCH_RSS: rssFile, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  const timedOut = child.signal === 'SIGKILL' && performance.now() - t0 >= TIMEOUT_MS;
  const ms = performance.now() - t0;
  let rssMb = NaN;
  try {
    rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  } catch {
    // Killed before exiting (timeout, out of memory): no figure.
  }
  // 0 = clean, 1 = findings with errors; anything else (a crash) is reported.
  if (!timedOut && child.status !== 0 && child.status !== 1) console.error(`  ${file}: exit ${child.status ?? child.signal}\n${String(child.stderr).slice(-2000)}`);
  return { ms, rssMb, status: child.status, timedOut };
}

interface Measured {
  ms: number;
  rssMb: number;
  ok: boolean;
  timedOut: boolean;
  all: Run[];
}

function measure(file: string, runs: number, args: readonly string[] = []): Measured {
  const all: Run[] = [];
  for (let i = 0; i < runs; i++) {
    all.push(checkOnce(file, args));
    if (all[i]!.timedOut) break; // once is enough to know
  }
  return {
    ms: median(all.map((r) => r.ms)),
    rssMb: Math.max(...all.map((r) => r.rssMb)),
    ok: all.every((r) => r.status === 0 || r.status === 1),
    timedOut: all.some((r) => r.timedOut),
    all,
  };
}

/** The floor under a peak: Node reading the same file into a string and nothing else (peak RSS, MB). */
function floorRss(file: string): number {
  const rssFile = join(dir, 'floor-rss.txt');
  rmSync(rssFile, { force: true });
  spawnSync(process.execPath, ['--require', probe, '-e', `require('fs').readFileSync(${JSON.stringify(file)}, 'utf8')`], {
    env: { ...process.env, FAULTLINE_BENCH_RSS: rssFile },
    stdio: 'ignore',
    timeout: TIMEOUT_MS,
  });
  try {
    return Number(readFileSync(rssFile, 'utf8')) / 1024;
  } catch {
    return NaN;
  }
}

const secs = (m: Measured) => (m.timedOut ? `> ${TIMEOUT_MS / 1000}` : m.ok ? (m.ms / 1000).toFixed(2) : 'crash');
const mb = (m: Measured) => (Number.isFinite(m.rssMb) ? m.rssMb.toFixed(0) : '—');
const write = (name: string, text: string) => {
  const file = join(dir, `${name}.arch`);
  writeFileSync(file, text);
  return file;
};

/** The peer: one gateway routes to the first service, so it is the only entry point. */
const withGateway = (text: string) => `gateway front { replicas 3; health-check 5s; rate-limit 1000; routes svc-0 }\n\n${text}`;

const runsFromEnv = Number(process.env.BENCH_RUNS);
/** Issue 13: peak memory of `faultline check` on a 100,000-element design and on a 10 MB file, ≤ 0.5 GB. */
const MEMORY_GOAL_MB = 512;
interface Case {
  name: string;
  text: string;
  runs: number;
  target: { ms: number; mb: number };
  /** Measured without the two comparison runs (the no-zone-outage run and the peer): a memory figure, for the README. */
  memoryOnly?: boolean;
  /** The id of the README row its peak memory goes to (scripts/bench.mjs). */
  memoryRow?: string;
}
const cases: Case[] = [
  { name: '1 MB, every service an entry point', text: generateEntryChain(1_000_000), runs: 3, target: { ms: 3000, mb: 400 } },
  { name: '10 MB, every service an entry point', text: generateEntryChain(10_000_000), runs: 1, target: { ms: 20_000, mb: 1536 }, memoryRow: 'memory-10mb' },
  { name: '10,000 single-replica services, no region', text: generateUnplacedSingles(10_000), runs: 3, target: { ms: 2000, mb: Infinity } },
  // The pathological tests' 100,000-element design (test/fuzz/pathological-size.test.ts): about 25 MB.
  { name: '100,000 elements (generateArch)', text: generateArch(100_000), runs: 1, target: { ms: 60_000, mb: MEMORY_GOAL_MB }, memoryOnly: true, memoryRow: 'memory-100000' },
];
/** What `npm run bench` turns into the README's peak-memory rows: per case, every run's wall time and peak RSS. */
const memory: { id: string; name: string; bytes: number; elements: number; ms: number[]; peakRssMb: number[]; ok: boolean; floorRssMb?: number }[] = [];

console.log(`faultline check-scale bench — ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, node ${process.version}; whole \`faultline check\` processes`);
console.log('"no zone-outage": the same run with --rule spof/zone-outage=off (its zone-loss walk: one per zone, all entry points together).');
console.log('case                                         size  services  wall s  peak RSS MB  target               no zone-outage s / MB  peer s / MB   ratio');
try {
  for (const c of cases) {
    const runs = runsFromEnv > 0 ? runsFromEnv : QUICK ? 1 : c.runs;
    const slug = c.name.replace(/[^a-z0-9]+/gi, '-');
    const file = write(slug, c.text);
    const self = measure(file, runs);
    if (c.memoryRow) {
      const elements = (c.text.match(/^(?:service|store|queue|gateway|cache|cluster|client) /gm) ?? []).length;
      memory.push({ id: c.memoryRow, name: c.name, bytes: c.text.length, elements, ms: self.all.map((r) => r.ms), peakRssMb: self.all.map((r) => r.rssMb), ok: self.ok && !self.timedOut, floorRssMb: floorRss(file) });
    }
    if (c.memoryOnly) {
      const met = self.ok && !self.timedOut && self.ms <= c.target.ms && !(self.rssMb > c.target.mb);
      console.log(`${c.name.padEnd(42)} ${`${(c.text.length / 1e6).toFixed(1)} MB`.padStart(7)} ${''.padStart(9)} ${secs(self).padStart(7)} ${mb(self).padStart(12)}  ≤ ${c.target.ms / 1000} s, ${c.target.mb} MB${met ? '' : ' NOT MET'}`);
      continue;
    }
    const noZoneLoss = measure(file, runs, ['--rule', 'spof/zone-outage=off']);
    const peer = measure(write(`${slug}-peer`, withGateway(c.text)), runs);
    const met = self.ok && !self.timedOut && self.ms <= c.target.ms && !(self.rssMb > c.target.mb);
    const target = `≤ ${c.target.ms / 1000} s${Number.isFinite(c.target.mb) ? `, ${c.target.mb} MB` : ''}${met ? '' : ' NOT MET'}`;
    const services = (c.text.match(/^service /gm) ?? []).length;
    console.log(
      [
        c.name.padEnd(42),
        `${(c.text.length / 1e6).toFixed(1)} MB`.padStart(7),
        String(services).padStart(9),
        secs(self).padStart(7),
        mb(self).padStart(12),
        ` ${target.padEnd(20)}`,
        `${secs(noZoneLoss)} / ${mb(noZoneLoss)}`.padStart(22),
        `${secs(peer)} / ${mb(peer)}`.padStart(13),
        `${peer.ok && self.ok && !self.timedOut ? (self.ms / peer.ms).toFixed(2) : '—'}×`.padStart(7),
      ].join(' '),
    );
  }
  emitResult('check-scale', { memoryGoalMb: MEMORY_GOAL_MB, memory });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
