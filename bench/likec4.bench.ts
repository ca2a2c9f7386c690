import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { emitResult, QUICK } from './emit';
import { generateArch, generateLikeC4 } from './generate';
import { likec4 } from './peers';
import { median } from './stats';

/*
 * `faultline check` against `likec4 validate --skip-layout` (issue 13) on the same generated model of 100 / 1,000 /
 * 5,000 / 10,000 elements, written in each language by bench/generate.ts (generateArch, generateLikeC4: same
 * elements, same relations). Whole processes, as a user runs them: wall time and peak RSS (/usr/bin/time -f %M;
 * without it, wall time only), in paired rounds — each round runs faultline, then likec4, on the same size.
 * likec4 runs with the Node 22 of the npm package `node` (bench/peers.ts installs both on first use into
 * ~/.cache/faultline/bench-peers); if that fails the peer is skipped with a line saying why.
 *
 *   npm run bench -- likec4
 *   BENCH_QUICK=1 npm run bench -- likec4     3 rounds (1 at 5,000 and 10,000) instead of 5 (3)
 */

const root = process.cwd();
const buildScript: string = pathToFileURL(join(root, 'scripts/build-cli.mjs')).href;
const { buildCli } = (await import(buildScript)) as { buildCli: (options: { outdir: string }) => Promise<unknown> };
await buildCli({ outdir: join(root, 'dist/bench') });
const cli = join(root, 'dist/bench/cli.cjs');

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
const TIMEOUT_MS = (Number(process.env.BENCH_TIMEOUT_S) || 300) * 1000;
const peer = likec4();
const sizes = [
  { elements: 100, runs: QUICK ? 3 : 5 },
  { elements: 1000, runs: QUICK ? 3 : 5 },
  { elements: 5000, runs: QUICK ? 1 : 3 },
  { elements: 10000, runs: QUICK ? 1 : 3 },
];

interface Run {
  ms: number;
  rssMb: number;
  failed?: string;
}

function once(command: string, args: string[], cwd: string, ok: number[]): Run {
  const rss = join(dir, 'time.txt');
  rmSync(rss, { force: true });
  const [cmd, argv] = hasTime ? [TIME, ['-f', '%M', '-o', rss, command, ...args]] : [command, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 << 20, timeout: TIMEOUT_MS, killSignal: 'SIGKILL' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rssMb = NaN;
  try {
    // GNU time writes "Command exited with non-zero status N" first when the child fails; the figure is the last line.
    rssMb = Number(readFileSync(rss, 'utf8').trim().split('\n').pop()) / 1024;
  } catch {
    // no /usr/bin/time, or killed
  }
  if (r.error) return { ms, rssMb, failed: r.error.message };
  if (r.signal) return { ms, rssMb, failed: `killed (${r.signal}) after ${(ms / 1000).toFixed(0)} s` };
  if (!ok.includes(r.status ?? -1)) return { ms, rssMb, failed: `exit ${r.status}: ${String(r.stderr).replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n').slice(-3).join(' ')}` };
  return { ms, rssMb };
}

interface Series {
  name: string;
  ms: number[];
  rssMb: number[];
  failed?: string;
}

const summary = (s: Series) => ({ name: s.name, unit: 'ms', runs: s.ms.length, median: median(s.ms), min: Math.min(...s.ms), max: Math.max(...s.ms), ms: s.ms, peakRssMb: { unit: 'MB', median: median(s.rssMb), min: Math.min(...s.rssMb), max: Math.max(...s.rssMb) }, failed: s.failed });

const dir = mkdtempSync(join(os.tmpdir(), 'faultline-likec4-bench-'));
const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`faultline check vs likec4 validate — ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, node ${process.version}, load ${load}; whole processes, wall time and peak RSS`);
if ('skipped' in peer) console.log(`likec4 peer skipped: ${peer.skipped}`);
else console.log(`peer: likec4 ${peer.version} on node ${peer.nodeVersion} (${peer.cli})`);
if (!hasTime) console.log(`no ${TIME}: wall time only, no peak RSS`);

const results: { elements: number; lines: { faultline: number; likec4: number }; runs: number; faultline: ReturnType<typeof summary>; likec4?: ReturnType<typeof summary>; ratio?: number }[] = [];
try {
  const cases = sizes.map(({ elements, runs }) => {
    const archDir = join(dir, `arch-${elements}`);
    const c4Dir = join(dir, `c4-${elements}`);
    mkdirSync(archDir);
    mkdirSync(c4Dir);
    const arch = generateArch(elements);
    const c4 = generateLikeC4(elements);
    writeFileSync(join(archDir, 'model.arch'), arch);
    writeFileSync(join(c4Dir, 'model.c4'), c4);
    return { elements, runs, archDir, c4Dir, lines: { faultline: arch.split('\n').length, likec4: c4.split('\n').length } };
  });
  const self = (c: (typeof cases)[number]) => once(process.execPath, [cli, 'check', join(c.archDir, 'model.arch')], c.archDir, [0, 1]);
  const other = (c: (typeof cases)[number]) => ('skipped' in peer ? undefined : once(peer.node, [peer.cli, 'validate', '--skip-layout', '.'], c.c4Dir, [0]));
  // One untimed round on the smallest size: file cache, first exec of both.
  self(cases[0]!);
  other(cases[0]!);
  console.log('\nelements  runs   faultline check median (min–max), peak RSS   likec4 validate median (min–max), peak RSS   ratio');
  for (const c of cases) {
    const f: Series = { name: 'faultline check', ms: [], rssMb: [] };
    const l: Series = { name: 'likec4 validate --skip-layout', ms: [], rssMb: [] };
    for (let i = 0; i < c.runs; i++) {
      for (const [series, run] of [[f, self(c)], [l, other(c)]] as const) {
        if (!run) continue;
        if (run.failed) series.failed ??= run.failed;
        series.ms.push(run.ms);
        series.rssMb.push(run.rssMb);
      }
    }
    const fs = summary(f);
    const ls = 'skipped' in peer ? undefined : summary(l);
    const ratio = ls && !ls.failed && !fs.failed ? fs.median / ls.median : undefined;
    results.push({ elements: c.elements, lines: c.lines, runs: c.runs, faultline: fs, likec4: ls, ratio });
    const show = (s: ReturnType<typeof summary> | undefined) =>
      !s ? 'skipped' : s.failed ? `failed (${s.failed})` : `${(s.median / 1000).toFixed(2)} s (${(s.min / 1000).toFixed(2)}–${(s.max / 1000).toFixed(2)}), ${s.peakRssMb.max.toFixed(0)} MB`;
    console.log(`${String(c.elements).padStart(8)} ${String(c.runs).padStart(5)}   ${show(fs).padEnd(43)} ${show(ls).padEnd(44)} ${ratio === undefined ? '—' : ratio.toFixed(2)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
emitResult('likec4', {
  load,
  peer: 'skipped' in peer ? { skipped: peer.skipped } : { name: 'likec4 validate --skip-layout', version: peer.version, node: peer.nodeVersion },
  rss: hasTime ? '/usr/bin/time -f %M (peak RSS of the process)' : 'none',
  sizes: results,
});
