import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Heap } from '../analyzers/sim/heap';
import { Rng } from '../analyzers/sim/rng';
import { DEFAULT_LIMITS, SIM_DEFAULTS } from '../analyzers/sim/defaults';
import { planScenario } from '../analyzers/sim/plan';
import { simulate } from '../analyzers/sim/run';
import { World } from '../analyzers/sim/world';
import { buildModelFromText } from '../language/model/build';
import type { Scenario } from '../language/model/types';
import { emitResult } from './emit';
import { median } from './stats';

/*
 * The simulator (analyzers/sim, issue 10): a 5-node Raft group over 60 s of virtual time with a leader crash at 5 s,
 * at the default load (50 writes/s) and network.
 *
 * (a) Simulated events per second on one core: seeds run in this process, one after another (after a warm-up),
 *     events counted by the engine. Peer, measured in the same run: the same number of events through the bare
 *     event loop — pop the earliest entry of the engine's priority queue (heap.ts), push one at a random delay — with
 *     as many entries pending as the simulation keeps on average. The ratio is what the engine, the world, the
 *     protocol and the checkers cost over their data structure. Target: ≥ 1,000,000 events/s.
 * (b) The 200-seed sweep through the CLI as a user runs it (`faultline simulate FILE -j 2`, seeds on worker
 *     threads), wall time of the whole process. Peers in the same run: the same sweep with `-j 1`, the CLI's start
 *     alone (`--version`), and the bare event loop's time for the sweep's events. Target: ≤ 2 s with -j 2 on 2 cores.
 * Absolute numbers depend on the machine and on what else runs on it; the ratios are what to watch.
 */

const ARCH = `region r { zones a, b, c }
store db { replicas 5; zones a, b, c, a, b; replication leader-follower; election raft; failover automatic }
scenario leader-crash { target db; seeds 200; duration 60s; at 5s crash leader; expect no-split-brain; expect leader-within 1s; expect no-lost-writes }
`;

const model = buildModelFromText(ARCH);
const scenario = [...model.elements.values()].find((e): e is Scenario => e.kind === 'scenario')!;

function cpuModel(): string {
  return `${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}`;
}

// ---- (a) events per second

/** Seeds `from..from+count-1` in this process: wall ms and events. */
function runSeeds(from: number, count: number): { ms: number; events: number } {
  let events = 0;
  const t0 = process.hrtime.bigint();
  for (let seed = from; seed < from + count; seed++) {
    const r = simulate(model, scenario, { seed, trace: false });
    if (!r.passed) throw new Error(`seed ${seed} failed: ${r.expectations.map((x) => x.detail).join('; ')}`);
    events += r.events;
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, events };
}

/** The bare loop: `events` pops and pushes on a heap holding `pending` entries, delays drawn as the world draws them. */
function bareLoop(events: number, pending: number): number {
  const heap = new Heap<number>();
  const rng = Rng.fromSeed(1);
  for (let i = 0; i < pending; i++) heap.push(rng.float() * 50, i);
  const t0 = process.hrtime.bigint();
  let sink = 0;
  for (let k = 0; k < events; k++) {
    const t = heap.topTime();
    const v = heap.popValue()!;
    sink += v;
    heap.push(t + rng.float() * 50, v);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (sink < 0) console.log(sink);
  return ms;
}

/** Events the simulation keeps queued, on average over one seed: the clock it reads at every event samples the queue. */
function averagePending(seed: number): number {
  const planned = planScenario(model, scenario);
  if (!planned.ok || !('plan' in planned)) throw new Error('the bench scenario does not plan');
  const plan = planned.plan;
  let world: World<unknown, unknown> | undefined;
  let sum = 0;
  let samples = 0;
  const now = () => {
    const engine = (world as unknown as { engine?: { pending: number } } | undefined)?.engine;
    if (engine) {
      sum += engine.pending;
      samples++;
    }
    return 0;
  };
  world = new World({
    protocol: plan.protocol,
    topology: plan.topology,
    crashedByZoneLoss: plan.crashedByZoneLoss,
    faults: scenario.faults,
    durationMs: plan.durationMs,
    settleMs: plan.settleMs,
    load: plan.load,
    heartbeatMs: plan.heartbeatMs,
    clientTimeoutMs: SIM_DEFAULTS.clientTimeoutMs,
    clientAttempts: SIM_DEFAULTS.clientAttempts,
    seed,
    limits: { ...DEFAULT_LIMITS, maxWallMs: Infinity, checkEvery: 1 },
    now,
    trace: false,
  });
  world.run();
  return Math.max(1, Math.round(sum / samples));
}

console.log(`faultline simulator bench — ${cpuModel()}, node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}; 5-node raft, 60s virtual, leader crash at 5s, 50 writes/s`);
runSeeds(1001, 5); // warm-up
const pending = averagePending(1);
const SEEDS_A = 40;
const rounds: { simNsPerEvent: number; peerNsPerEvent: number; eventsPerSeed: number; msPerSeed: number }[] = [];
for (let r = 0; r < 3; r++) {
  const sim = runSeeds(1 + r * SEEDS_A, SEEDS_A);
  const peer = bareLoop(sim.events, pending);
  rounds.push({ simNsPerEvent: (sim.ms * 1e6) / sim.events, peerNsPerEvent: (peer * 1e6) / sim.events, eventsPerSeed: sim.events / SEEDS_A, msPerSeed: sim.ms / SEEDS_A });
}
const simNs = median(rounds.map((r) => r.simNsPerEvent));
const peerNs = median(rounds.map((r) => r.peerNsPerEvent));
const eventsPerSeed = median(rounds.map((r) => r.eventsPerSeed));
console.log('');
console.log('(a) one core            events/seed  ms/seed  events/s (median of 3 × 40 seeds)  bare heap loop events/s  ratio');
console.log(
  `    in-process sweep ${Math.round(eventsPerSeed).toLocaleString('en-US').padStart(15)} ${median(rounds.map((r) => r.msPerSeed)).toFixed(1).padStart(8)} ${Math.round(1e9 / simNs).toLocaleString('en-US').padStart(36)} ${Math.round(1e9 / peerNs).toLocaleString('en-US').padStart(24)} ${(simNs / peerNs).toFixed(1).padStart(5)}×   target ≥ 1,000,000/s: ${1e9 / simNs >= 1e6 ? 'met' : 'NOT met'}`,
);

console.log(`    (the bare loop keeps ${pending} entries queued, as many as the simulation on average)`);

// ---- (b) the sweep through the CLI

const dir = mkdtempSync(join(os.tmpdir(), 'faultline-sim-bench-'));
const file = join(dir, 'raft5.arch');
writeFileSync(file, ARCH);
mkdirSync('dist/bench', { recursive: true });
const cli = resolve('dist/bench/cli.cjs');
// The CLI as scripts/build.mjs builds it (scripts/build-cli.mjs). No dist/bench/sim-worker.cjs beside it, so the
// seed workers run this same launcher (sim-workers/pool.ts falls back to the bundle it runs in).
const buildScript: string = pathToFileURL(resolve('scripts/build-cli.mjs')).href;
const { buildCli } = (await import(buildScript)) as { buildCli: (options: { outdir: string }) => Promise<unknown> };
await buildCli({ outdir: resolve('dist/bench') });

function wall(args: string[]): { ms: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`faultline ${args.join(' ')} exited with ${r.status}: ${r.stderr}${r.stdout.slice(0, 2000)}`);
  return { ms, stdout: r.stdout };
}

const RUNS = 3;
const start = median(Array.from({ length: RUNS }, () => wall(['--version']).ms));
const times: { [k: string]: number[] } = { '-j 2': [], '-j 1': [] };
const outputs = new Set<string>();
for (let r = 0; r < RUNS; r++) {
  for (const j of ['2', '1']) {
    const run = wall(['simulate', file, '-j', j, '--format', 'json']);
    times[`-j ${j}`]!.push(run.ms);
    outputs.add(run.stdout);
  }
}
rmSync(dir, { recursive: true, force: true });
if (outputs.size !== 1) throw new Error('the sweep’s report differs between runs or between -j 1 and -j 2');
const report = JSON.parse([...outputs][0]!) as { scenarios: { passed: boolean; seeds: number; expectations: { detail: string }[] }[] };
const sc = report.scenarios[0]!;
if (!sc.passed || sc.seeds !== 200) throw new Error(`the sweep did not pass: ${JSON.stringify(sc.expectations)}`);
const j2 = median(times['-j 2']!);
const j1 = median(times['-j 1']!);
const bareSweep = (200 * eventsPerSeed * peerNs) / 1e6;
console.log('');
console.log(`(b) 200 seeds via CLI   wall s (median of ${RUNS})  min s   vs -j 1   CLI start s   bare heap loop, same events s`);
console.log(`    -j 2 (worker pool) ${(j2 / 1000).toFixed(2).padStart(20)} ${(Math.min(...times['-j 2']!) / 1000).toFixed(2).padStart(6)} ${(j2 / j1).toFixed(2).padStart(8)}× ${(start / 1000).toFixed(2).padStart(13)} ${(bareSweep / 1000).toFixed(2).padStart(31)}   target ≤ 2 s: ${j2 <= 2000 ? 'met' : 'NOT met'}`);
console.log(`    -j 1 (one thread)  ${(j1 / 1000).toFixed(2).padStart(20)} ${(Math.min(...times['-j 1']!) / 1000).toFixed(2).padStart(6)} ${'1.00'.padStart(8)}×`);
console.log(`    report: ${sc.expectations.map((x) => x.detail).join('; ')}`);
emitResult('sim', {
  load: os.loadavg()[0]!.toFixed(2),
  eventsPerSecond: rounds.map((r) => 1e9 / r.simNsPerEvent),
  bareLoopEventsPerSecond: rounds.map((r) => 1e9 / r.peerNsPerEvent),
  eventsPerSeed,
  pending,
  sweepMs: times,
  cliStartMs: start,
  bareSweepMs: bareSweep,
});
