// Runs the benchmarks on bundled code, as users run it: tsx would add per-function wrappers (keepNames) that
// distort timings. `npm run bench -- parse` runs the matching bench/*.bench.ts and prints what they print.
// `npm run bench` (no argument) runs every bench, collects the figures they hand over (one `BENCH_RESULT {…}` line
// each, see bench/emit.ts; the language server's from bench/results/lsp.json, which bench/lsp.bench.ts writes),
// writes bench/results.json (machine, every figure beside its peer from the same run: median, min, max, unit) and
// regenerates the README table between <!-- bench:start --> and <!-- bench:end -->.
//   BENCH_QUICK=1 npm run bench          fewer runs everywhere (a few minutes instead of a quarter of an hour)
//   node scripts/bench.mjs --report      the README table again from the bench/results.json there is
import { build } from 'esbuild';
import fg from 'fast-glob';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';

const arg = process.argv[2];
const QUICK = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true';
const RESULTS = 'bench/results.json';
const README = 'README.md';

if (arg === '--report') {
  const rec = JSON.parse(readFileSync(RESULTS, 'utf8'));
  rec.rows = [];
  rec.notes = [];
  buildRows(rec);
  writeFileSync(RESULTS, `${JSON.stringify(rec, null, 2)}\n`);
  writeReadme(rec);
  process.exit(0);
}

const filter = arg;
const entries = (await fg('bench/*.bench.ts')).filter((f) => !filter || f.includes(filter)).sort();

/** Bundles and runs one bench; its output goes through, its BENCH_RESULT line is kept. */
async function run(entry) {
  const outfile = `dist/bench/${basename(entry, '.ts')}.mjs`;
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning', packages: 'external' });
  const env = { ...process.env };
  // The language server bench's keystroke count (default 45) is its BENCH_RUNS; fewer when quick.
  if (QUICK && basename(entry) === 'lsp.bench.ts' && !env.BENCH_RUNS) env.BENCH_RUNS = '15';
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--expose-gc', outfile], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const closed = new Promise((done) => child.on('close', (code, signal) => done(code ?? signal)));
  const results = [];
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('BENCH_RESULT ')) {
      try {
        results.push(JSON.parse(line.slice('BENCH_RESULT '.length)));
      } catch {
        console.log(line);
      }
      if (filter) console.log(line);
    } else console.log(line);
  }
  const status = await closed;
  return { status, wallS: (performance.now() - t0) / 1000, results };
}

if (filter) {
  for (const entry of entries) {
    const { status } = await run(entry);
    if (status !== 0) process.exit(status ?? 1);
  }
  process.exit(0);
}

// ---- the whole suite: bench/results.json and the README table

const loadavg = () => os.loadavg().map((l) => Number(l.toFixed(2)));
const started = new Date();
const record = {
  machine: {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: { start: loadavg(), end: null },
    date: started.toISOString(),
    quick: QUICK,
  },
  benches: {},
  rows: [],
  notes: [],
};
let failed = false;
for (const entry of entries) {
  const name = basename(entry, '.bench.ts');
  const since = Date.now();
  const loadBefore = loadavg();
  console.log(`\n==== ${name} (load ${loadBefore.join(' ')})`);
  const r = await run(entry);
  const bench = { status: r.status, wallS: Number(r.wallS.toFixed(1)), loadAverageAtStart: loadBefore, loadAverageAtEnd: loadavg() };
  if (r.results.length) bench.result = r.results.length === 1 ? r.results[0] : r.results;
  if (name === 'lsp' && existsSync('bench/results/lsp.json') && statSync('bench/results/lsp.json').mtimeMs >= since) {
    bench.result = JSON.parse(readFileSync('bench/results/lsp.json', 'utf8'));
  }
  // bench/lsp.bench.ts runs dist/server.cjs as `npm run build` last built it (it does not build it itself).
  if (name === 'lsp' && existsSync('dist/server.cjs')) bench.serverBuilt = statSync('dist/server.cjs').mtime.toISOString();
  if (r.status !== 0) {
    failed = true;
    console.log(`==== ${name} failed (exit ${r.status}); the suite goes on`);
  }
  record.benches[name] = bench;
}
record.machine.loadAverage.end = loadavg();
record.machine.finished = new Date().toISOString();
buildRows(record);
writeFileSync(RESULTS, `${JSON.stringify(record, null, 2)}\n`);
writeReadme(record);
console.log(`\nwrote ${RESULTS} and the table in ${README}\n`);
console.log(table(record));
process.exit(failed ? 1 : 0);

// ---- rows

function stat(values, unit = 'ms') {
  const v = values.filter((x) => Number.isFinite(x));
  if (!v.length) return undefined;
  const s = [...v].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], runs: s.length, unit };
}
function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)];
}

/**
 * Every row of issue 13's table: what, Faultline's figure, the peer's from the same run, the ratio, the goal, and
 * whether it is met (with by how much it is missed).
 */
function buildRows(rec) {
  const rows = rec.rows;
  const notes = rec.notes;
  const res = (name) => rec.benches[name]?.result;

  const l4 = res('likec4');
  if (!l4) notes.push('check vs likec4: bench/likec4.bench.ts gave no figures (see its output).');
  else {
    if (l4.peer?.skipped) notes.push(`likec4 peer skipped: ${l4.peer.skipped}`);
    const goals = { 1000: 0.25, 10000: 0.15 };
    for (const s of l4.sizes) {
      const self = s.faultline.failed ? undefined : { ...stat(s.faultline.ms), peakRssMb: s.faultline.peakRssMb.max };
      const peer = !s.likec4 || s.likec4.failed ? undefined : { ...stat(s.likec4.ms), peakRssMb: s.likec4.peakRssMb.max };
      const ratio = self && peer ? self.median / peer.median : undefined;
      const goal = goals[s.elements];
      rows.push({
        id: `check-${s.elements}`,
        what: `\`faultline check\`, ${s.elements.toLocaleString('en-US')} elements (whole process; ${s.runs} paired run${s.runs === 1 ? '' : 's'})`,
        faultline: self ?? { failed: s.faultline.failed },
        peer: { name: `\`likec4 validate --skip-layout\` ${l4.peer?.version ?? ''} (Node ${l4.peer?.node ?? '22'})`, ...(peer ?? { failed: s.likec4?.failed ?? l4.peer?.skipped ?? 'skipped' }) },
        ratio,
        ratioUnit: 'ratio',
        goal: goal === undefined ? undefined : { text: `≤ ${goal}`, max: goal },
      });
    }
  }

  const st = res('startup');
  if (!st) notes.push('start-up and diagram: bench/startup.bench.ts gave no figures.');
  else {
    const floor = st.startup.find((r) => r.name === 'node -e 0');
    const floorStat = floor && !floor.failed ? stat(floor.ms) : undefined;
    for (const [name, label] of [
      ['faultline --version', '`faultline --version`'],
      ['faultline rules', '`faultline rules`'],
      ['faultline check tiny.arch (2 elements)', '`faultline check` of a 2-element file'],
    ]) {
      const r = st.startup.find((x) => x.name === name);
      if (!r) continue;
      const self = r.failed ? { failed: r.failed } : stat(r.ms);
      const over = floorStat && self.median !== undefined ? self.median - floorStat.median : undefined;
      rows.push({
        id: `startup-${name.split(' ')[1]}`,
        what: `start-up: ${label} (whole process; ${r.ms.length} rounds)`,
        faultline: self,
        peer: { name: '`node -e 0`', ...(floorStat ?? { failed: floor?.failed ?? 'missing' }) },
        ratio: floorStat && self.median !== undefined ? self.median / floorStat.median : undefined,
        ratioUnit: '×',
        overMs: over,
        goal: { text: '≤ +200 ms over `node -e 0`', overMax: 200 },
      });
    }
    for (const d of st.diagram) {
      const self = d.results.find((r) => r.name === 'faultline');
      const dot = d.results.find((r) => r.name === 'dot');
      const s = self.failed ? { failed: self.failed } : stat(self.ms);
      const p = !dot ? { failed: st.dot ?? 'no dot on PATH' } : dot.failed ? { failed: dot.failed } : stat(dot.ms);
      rows.push({
        id: `diagram-${d.nodes}`,
        what: `\`faultline diagram --out\`, ${d.nodes.toLocaleString('en-US')} nodes, ${d.edges.toLocaleString('en-US')} edges (whole process; ${self.ms.length} rounds)`,
        faultline: s,
        peer: { name: 'Graphviz `dot -Tsvg`, same graph', ...p },
        ratio: s.median !== undefined && p.median !== undefined ? s.median / p.median : undefined,
        ratioUnit: '×',
        goal: { text: '≤ 2× `dot`', max: 2 },
      });
      // The second peer (bench/dagre-layout.mjs: Node + @dagrejs/dagre, layout and a plain SVG of the same graph).
      // No goal of its own: the row says where Faultline stands against a JavaScript layered layout.
      const dagre = d.results.find((r) => r.name === 'dagre');
      if (!dagre && !st.dagre) continue;
      const q = !dagre ? { failed: st.dagre ?? 'not run' } : dagre.failed ? { failed: dagre.failed } : stat(dagre.ms);
      const runs = dagre?.ms.length ?? 0;
      rows.push({
        id: `diagram-${d.nodes}-dagre`,
        what: `\`faultline diagram --out\`, ${d.nodes.toLocaleString('en-US')} nodes, ${d.edges.toLocaleString('en-US')} edges, against dagre (whole process; ${self.ms.length} rounds${runs !== self.ms.length ? `, dagre ${runs} run${runs === 1 ? '' : 's'}` : ''})`,
        faultline: s,
        peer: { name: `dagre ${st.dagre ?? ''} layout + plain SVG (Node ${rec.machine?.node ?? ''}, \`bench/dagre-layout.mjs\`), same graph`, ...q },
        ratio: s.median !== undefined && q.median !== undefined ? s.median / q.median : undefined,
        ratioUnit: 'ratio',
      });
    }
  }

  const lsp = res('lsp');
  const ks = lsp?.keystroke;
  if (!ks?.ms?.all || !ks.peerCheckTextMs) notes.push('keystroke → diagnostics: bench/lsp.bench.ts gave no figures (bench/results/lsp.json missing or of another shape).');
  else {
    notes.push(`language server rows: bench/lsp.bench.ts as it is in the tree, against \`dist/server.cjs\` as \`npm run build\` last built it${rec.benches.lsp.serverBuilt ? ` (${rec.benches.lsp.serverBuilt.slice(0, 16).replace('T', ' ')} UTC)` : ''}; the bench does not build the server.`);
    const all = ks.ms.all;
    const peer = stat(ks.peerCheckTextMs);
    rows.push({
      id: 'keystroke-1000',
      what: `keystroke → diagnostics, ${ks.elements.toLocaleString('en-US')} elements (language server over stdio; ${all.length} keystrokes)`,
      faultline: { ...stat(all), p90: percentile(all, 0.9) },
      peer: { name: '`checkText` in-process, same text', ...peer },
      ratio: stat(all).median / peer.median,
      ratioUnit: '×',
      goal: { text: '≤ 100 ms p90', p90Max: 100 },
    });
    const rc = lsp.recheck;
    if (rc?.ms?.hover && rc.idleHoverMs) {
      for (const [key, label] of [['hover', 'hover'], ['completion', 'completion']]) {
        const v = rc.ms[key];
        if (!v?.length) continue;
        rows.push({
          id: `${key}-busy-${rc.elements}`,
          what: `${label} while the server rechecks ${rc.elements.toLocaleString('en-US')} elements (${v.length} edits)`,
          faultline: { ...stat(v), p90: percentile(v, 0.9) },
          peer: { name: key === 'hover' ? 'the same hover on an idle server' : 'the hover on an idle server (the bench times no idle completion)', ...stat(rc.idleHoverMs) },
          ratio: stat(v).median / stat(rc.idleHoverMs).median,
          ratioUnit: '×',
          goal: { text: '≤ 200 ms p90', p90Max: 200 },
        });
      }
    }
  }

  // Issue 13's peak-memory rows: bench/check-scale.bench.ts's 100,000-element design and 10 MB file, each beside
  // the floor (Node reading the same file into a string).
  const scale = res('check-scale');
  if (!scale?.memory?.length) notes.push('peak memory, 100,000 elements and 10 MB file: bench/check-scale.bench.ts gave no figures.');
  else {
    for (const m of scale.memory) {
      const runs = m.peakRssMb.length;
      const self = m.ok ? { ...stat(m.peakRssMb, 'MB'), wallMs: stat(m.ms)?.median } : { failed: 'crashed or timed out' };
      const floor = Number.isFinite(m.floorRssMb) ? { median: m.floorRssMb, min: m.floorRssMb, max: m.floorRssMb, runs: 1, unit: 'MB' } : { failed: 'no figure' };
      rows.push({
        id: m.id,
        what: `peak memory (RSS) of \`faultline check\`, ${m.id === 'memory-10mb' ? `10 MB file (${m.elements.toLocaleString('en-US')} services, every one an entry point)` : `${m.elements.toLocaleString('en-US')} elements (${(m.bytes / 1e6).toFixed(0)} MB)`} (whole process; ${runs} run${runs === 1 ? '' : 's'})`,
        faultline: self,
        peer: { name: 'Node reading the same file, nothing else', ...floor },
        ratio: self.median !== undefined && floor.median !== undefined ? self.median / floor.median : undefined,
        ratioUnit: '×',
        goal: { text: `≤ ${scale.memoryGoalMb} MB`, rssMax: scale.memoryGoalMb },
      });
    }
  }

  const parse = res('parse');
  if (!parse) notes.push('parse + model: bench/parse.bench.ts gave no figures.');
  else {
    for (const s of parse.sizes.filter((x) => x.elements >= 1000)) {
      const goal = s.elements === 1000 ? 50 : s.elements === 10000 ? 500 : undefined;
      const self = stat(s.modelMs);
      const peer = stat(s.jsonParseMs);
      rows.push({
        id: `parse-${s.elements}`,
        what: `parse + model, ${s.elements.toLocaleString('en-US')} elements (${s.lines.toLocaleString('en-US')} lines, in-process; ${s.modelMs.length} runs)`,
        faultline: self,
        peer: { name: '`JSON.parse` of the same statements', ...peer },
        ratio: self.median / peer.median,
        ratioUnit: '×',
        goal: goal === undefined ? undefined : { text: `≤ ${goal} ms`, medianMax: goal },
      });
    }
  }

  const sim = res('sim');
  if (!sim) notes.push('simulator: bench/sim.bench.ts gave no figures.');
  else {
    const self = stat(sim.eventsPerSecond, 'events/s');
    const peer = stat(sim.bareLoopEventsPerSecond, 'events/s');
    rows.push({
      id: 'sim-events',
      what: `simulator, events per second on one core (5-node Raft, 60 s virtual, leader crash; ${self.runs} × 40 seeds)`,
      faultline: self,
      peer: { name: 'bare event loop on the engine’s heap, same events', ...peer },
      ratio: peer.median / self.median,
      ratioUnit: '× slower',
      goal: { text: '≥ 1,000,000 events/s', medianMin: 1e6 },
    });
    const j2 = stat(sim.sweepMs['-j 2']);
    const j1 = stat(sim.sweepMs['-j 1']);
    rows.push({
      id: 'sim-sweep',
      what: `\`faultline simulate\`, 200 seeds, \`-j 2\` (whole process; ${j2.runs} runs)`,
      faultline: j2,
      peer: { name: `the same sweep with \`-j 1\` (CLI start alone ${fmtMs(sim.cliStartMs)})`, ...j1 },
      ratio: j2.median / j1.median,
      ratioUnit: '×',
      goal: { text: '≤ 2 s', medianMax: 2000 },
    });
  }

  for (const row of rows) verdict(row);
}

/** met: true/false/undefined; miss: how far from the goal, in words. */
function verdict(row) {
  const g = row.goal;
  const f = row.faultline;
  if (!g || f.median === undefined) return;
  if (g.max !== undefined) {
    if (row.ratio === undefined) return;
    row.met = row.ratio <= g.max;
    if (!row.met) row.miss = row.ratioUnit === 'ratio' ? `missed by ${(row.ratio - g.max).toFixed(2)} (${row.ratio.toFixed(2)})` : `missed by a factor of ${(row.ratio / g.max).toFixed(1)} (${fmtRatio(row.ratio, row.ratioUnit)})`;
  } else if (g.overMax !== undefined) {
    if (row.overMs === undefined) return;
    row.met = row.overMs <= g.overMax;
    if (!row.met) row.miss = `missed by ${fmtMs(row.overMs - g.overMax)}`;
  } else if (g.p90Max !== undefined) {
    row.met = f.p90 <= g.p90Max;
    if (!row.met) row.miss = `p90 ${fmtMs(f.p90)}, missed by ${fmtMs(f.p90 - g.p90Max)} (${(f.p90 / g.p90Max).toFixed(1)}×)`;
  } else if (g.medianMax !== undefined) {
    row.met = f.median <= g.medianMax;
    if (!row.met) row.miss = `missed by ${fmtMs(f.median - g.medianMax)} (${(f.median / g.medianMax).toFixed(1)}×)`;
  } else if (g.rssMax !== undefined) {
    // The largest peak of the runs: memory is a bound, not a typical value.
    row.met = f.max <= g.rssMax;
    if (!row.met) row.miss = `missed by ${Math.round(f.max - g.rssMax)} MB (${(f.max / g.rssMax).toFixed(1)}×)`;
  } else if (g.medianMin !== undefined) {
    row.met = f.median >= g.medianMin;
    if (!row.met) row.miss = `missed by ${Math.round(g.medianMin - f.median).toLocaleString('en-US')} events/s (${(g.medianMin / f.median).toFixed(1)}× short)`;
  }
}

// ---- the table

function fmtMs(ms) {
  if (!Number.isFinite(ms)) return '—';
  return Math.abs(ms) >= 1000 ? `${(ms / 1000).toFixed(2)} s` : Math.abs(ms) >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}
function fmtValue(v, unit) {
  if (unit === 'events/s') return Math.round(v).toLocaleString('en-US');
  if (unit === 'MB') return `${Math.round(v)} MB`;
  return fmtMs(v);
}
function fmtRatio(r, unit) {
  if (r === undefined) return '—';
  if (unit === 'ratio') return r.toFixed(2);
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}${unit}`;
}
function cell(s) {
  if (!s) return '—';
  if (s.failed) return `failed: ${String(s.failed).replace(/\|/g, '\\|').slice(0, 120)}`;
  const range = s.runs > 1 ? ` (${fmtValue(s.min, s.unit)}–${fmtValue(s.max, s.unit)})` : ' (1 run)';
  let out = `${fmtValue(s.median, s.unit)}${s.unit === 'events/s' ? ' events/s' : ''}${range}`;
  if (s.p90 !== undefined) out = `median ${out}, p90 ${fmtMs(s.p90)}`;
  if (Number.isFinite(s.peakRssMb)) out += `, ${Math.round(s.peakRssMb)} MB peak RSS`;
  if (Number.isFinite(s.wallMs)) out += `, ${fmtMs(s.wallMs)} wall`;
  return out;
}

function table(rec) {
  const m = rec.machine;
  const lines = [
    `Generated by \`npm run bench\`${m.quick ? ' with `BENCH_QUICK=1` (fewer runs)' : ''} on ${m.date.slice(0, 16).replace('T', ' ')} UTC: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}; load average (1/5/15 min) ${m.loadAverage.start.join(' / ')} at the start, ${m.loadAverage.end.join(' / ')} at the end (the bench's own processes count in it: each bench starts while the load of the one before decays; 1-minute load at the start of each bench: ${Object.entries(rec.benches).map(([n, b]) => `${n} ${b.loadAverageAtStart?.[0] ?? '?'}`).join(', ')}). Every figure is median (min–max) over the runs named in its row, beside its peer measured in the same run; whole processes are wall time; a ratio is Faultline’s time over the peer’s. All figures: \`bench/results.json\`.`,
    '',
    '| what | Faultline | peer in the same run | ratio | goal |',
    '|---|---|---|---|---|',
  ];
  for (const r of rec.rows) {
    let goal = '—';
    if (r.goal) goal = r.met === true ? `${r.goal.text} — met` : r.met === false ? `${r.goal.text} — *not met*: ${r.miss}` : `${r.goal.text} — no figure`;
    const ratio = r.overMs !== undefined ? `+${fmtMs(r.overMs)}, ${fmtRatio(r.ratio, r.ratioUnit)}` : fmtRatio(r.ratio, r.ratioUnit);
    lines.push(`| ${r.what} | ${cell(r.faultline)} | ${r.peer.name}: ${cell(r.peer)} | ${ratio} | ${goal} |`);
  }
  if (rec.notes.length) lines.push('', ...rec.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

function writeReadme(rec) {
  const text = readFileSync(README, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) {
    console.log(`${README} has no ${start} … ${end} markers: table not written`);
    return;
  }
  writeFileSync(README, `${text.slice(0, a + start.length)}\n${table(rec)}\n${text.slice(b)}`);
}
