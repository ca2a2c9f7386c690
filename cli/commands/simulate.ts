import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { buildModelFromText } from '../../language/model/build';
import type { Diagnostic } from '../../language/diagnostic';
import type { ArchModel, Scenario } from '../../language/model/types';
import { containsRange } from '../../language/range';
import { didYouMean } from '../../language/suggest';
import { faultsFor, parseQuickFault, quickScenario, type QuickFault } from '../../analyzers/sim/quick-scenario';
import { blockingErrors } from '../../analyzers/sim/blocking';
import { minimizeCounterexample } from '../../analyzers/sim/shrink';
import { mergeSeeds, seedList, simulate, type ScenarioReport, type SeedResult, type SimReport } from '../../analyzers/sim/run';
import { CliError, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from '../errors';
import { readSource } from '../files';
import type { CliIo } from '../io';
import { colorEnabled, colors } from '../report/colors';
import { formatSimText } from '../report/sim-text';
import { printableLines } from '../report/printable';
import { SeedPool } from '../../sim-workers/pool';
import { writeFileAtomic } from '../write-file';

export const SIM_FORMATS = ['text', 'json'] as const;

export interface SimulateCommandOptions {
  scenario?: string;
  seeds?: number;
  seed?: number;
  format: (typeof SIM_FORMATS)[number];
  trace?: boolean;
  target?: string;
  fault?: string[];
  shard?: { index: number; count: number };
  jobs?: number;
  output?: string;
  color?: boolean;
  /** `--no-shrink`: keep the counterexample as the sweep found it. */
  shrink?: boolean;
}

/** Below this many seeds the workers cost more to start than they save. */
const POOL_THRESHOLD = 16;

/**
 * `faultline simulate FILE`: every scenario of the file (or `--scenario NAME`, or the default run of `--target T
 * --fault F`) over its seeds, merged in seed order, as SPEC §4's report. Exit 1 when an expectation fails, 2 when
 * the file or the options are unusable.
 */
export async function runSimulate(file: string, options: SimulateCommandOptions, io: CliIo): Promise<number> {
  const source = await readSource(resolve(io.cwd, file), io.cwd);
  let text = source.text;
  let only = options.scenario;
  let generatedFrom: number | undefined;
  let model: ArchModel | undefined;
  if (options.target !== undefined || options.fault !== undefined) {
    if (options.target === undefined || options.fault === undefined) throw new CliError('--target and --fault go together: --target NAME --fault crash-leader|lose-zone Z|partition "A | B, C"|pause-leader D');
    if (options.scenario !== undefined) throw new CliError('--scenario runs a scenario of the file; --target/--fault run a default one: use one or the other');
    const value = options.fault.join(' ');
    const fault = parseFaultOption(options.fault);
    const base = buildModelFromText(text);
    const target = base.elements.get(options.target);
    const quick = quickScenario(base, options.target, fault);
    if (!quick.ok) throw new CliError(`cannot simulate: ${quick.reason}`);
    if (target && !faultsFor(target).includes(fault.kind)) {
      throw new CliError(`--fault '${value}': ${fault.kind} does not apply to ${target.kind} '${options.target}'; its faults: ${faultsFor(target).join(', ')}`);
    }
    const prefix = `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}\n`;
    text = `${prefix}${quick.text}`;
    only = quick.name;
    // The default run is generated text: what is wrong with it is wrong with --fault, not at a line of the file.
    generatedFrom = prefix.split('\n').length - 1;
    model = buildModelFromText(text);
    const generated = model.diagnostics.filter((d) => d.range.start.line >= generatedFrom!);
    const error = generated.find((d) => d.severity === 'error');
    if (error) throw new CliError(`--fault '${value}': ${error.message.replace(/`/g, "'")}`);
    for (const d of generated) if (d.severity === 'warning') io.stderr.write(`faultline: warning: --fault '${value}': ${d.message.replace(/`/g, "'")}\n`);
  }
  const jobs = Math.max(1, Math.floor(options.jobs ?? availableParallelism()));
  // Started before the model is built and the scenarios are checked: the workers' start-up overlaps that work (a
  // default run's model is built above, so that a bad --fault starts no worker).
  const pool = jobs > 1 && options.seed === undefined && (options.seeds === undefined || options.seeds >= POOL_THRESHOLD) ? new SeedPool(text, jobs) : undefined;
  try {
    return await simulateText(model ?? buildModelFromText(text), only, source.display, file, options, io, pool, generatedFrom);
  } finally {
    pool?.close();
  }
}

async function simulateText(model: ArchModel, only: string | undefined, display: string, file: string, options: SimulateCommandOptions, io: CliIo, pool: SeedPool | undefined, generatedFrom?: number): Promise<number> {
  const scenarios = selectScenarios(model, only, display);
  const blocking = blockingErrors(model, scenarios);
  if (blocking.length > 0) {
    for (const d of blocking.slice(0, 20)) io.stderr.write(`${display}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message} [${d.rule}]\n`);
    throw new CliError(`cannot simulate '${display}': ${blocking.length} error${blocking.length === 1 ? '' : 's'} in the file (run \`faultline check\`)`);
  }
  for (const d of model.diagnostics) {
    // A default run's own warnings were reported against --fault (runSimulate).
    if (generatedFrom !== undefined && d.range.start.line >= generatedFrom) continue;
    if (d.severity === 'warning' && scenarios.some((s) => containsRange(s.statement.range, d.range))) {
      io.stderr.write(`${display}:${d.range.start.line + 1}:${d.range.start.character + 1}: warning: ${d.message} [${d.rule}]\n`);
    }
  }

  const reports: ScenarioReport[] = [];
  for (const scenario of scenarios) {
    const seeds = shardOf(seedList(scenario, { ...(options.seeds !== undefined ? { seeds: options.seeds } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}) }), options.shard);
    const progress = io.stderr.isTTY ? (done: number, total: number) => io.stderr.write(`\rfaultline: ${scenario.name}: ${done}/${total} seeds`) : undefined;
    const results = await runSeeds(model, scenario, seeds, pool, progress);
    if (progress) io.stderr.write('\r\x1b[K');
    const merged = mergeSeeds(scenario, results, (seed) => simulate(model, scenario, { seed, trace: true, now: () => performance.now() }).trace);
    reports.push(options.shrink === false ? merged : minimizeCounterexample(model, scenario, merged, { now: () => performance.now() }));
  }
  const report: SimReport & { shard?: { index: number; count: number } } = { version: 1, scenarios: reports };
  if (options.shard) report.shard = options.shard;

  let out: string;
  if (options.format === 'json') out = `${JSON.stringify(report, null, 2)}\n`;
  else {
    const c = colors(!options.output && colorEnabled(io.stdout.isTTY, io.env, options.color !== false));
    out = printableLines(formatSimText(display, report, { colors: c, command: file, trace: options.trace === true }));
    if (options.trace) out += printableLines(traceOf(model, scenarios, options, reports));
  }
  if (options.output) await writeFileAtomic(resolve(io.cwd, options.output), out, options.output);
  else io.stdout.write(out);
  return reports.every((r) => r.passed) ? EXIT_OK : EXIT_PROBLEMS;
}

function selectScenarios(model: ArchModel, name: string | undefined, display: string): Scenario[] {
  const all = [...model.elements.values()].filter((e): e is Scenario => e.kind === 'scenario');
  if (name === undefined) {
    if (all.length === 0) throw new CliError(`'${display}' has no scenario: add a \`scenario\` block (docs/scenarios.md), or run a default one with --target NAME --fault crash-leader`);
    return all;
  }
  const hit = all.find((s) => s.name === name);
  if (!hit) {
    const names = all.map((s) => s.name);
    throw new CliError(`no scenario '${name}' in '${display}'${didYouMean(name, names).replace(/`/g, "'") || (names.length ? `; its scenarios: ${names.join(', ')}` : '; it has none')}`);
  }
  return [hit];
}

/** Syntax errors anywhere, and errors inside a scenario that will run, make the run meaningless. */

/** The I-th of N contiguous slices of the seeds: shards together run exactly the seeds of the whole sweep. */
export function shardOf(seeds: readonly number[], shard: { index: number; count: number } | undefined): number[] {
  if (!shard) return [...seeds];
  const from = Math.floor(((shard.index - 1) * seeds.length) / shard.count);
  const to = Math.floor((shard.index * seeds.length) / shard.count);
  return seeds.slice(from, to);
}

async function runSeeds(model: ArchModel, scenario: Scenario, seeds: readonly number[], pool: SeedPool | undefined, progress?: (done: number, total: number) => void): Promise<SeedResult[]> {
  if (pool && seeds.length >= POOL_THRESHOLD) return pool.run(scenario.name, seeds, progress ? { onProgress: progress } : {});
  const results: SeedResult[] = [];
  for (const seed of seeds) {
    results.push(simulate(model, scenario, { seed, trace: false, now: () => performance.now() }));
    progress?.(results.length, seeds.length);
  }
  return results;
}

/** `--trace`: the whole trace of one seed per scenario — `--seed S`, else the counterexample's, else the first. */
function traceOf(model: ArchModel, scenarios: readonly Scenario[], options: SimulateCommandOptions, reports: readonly ScenarioReport[]): string {
  const out: string[] = [];
  scenarios.forEach((scenario, i) => {
    const seed = options.seed ?? reports[i]!.counterexample?.seed ?? seedList(scenario)[0] ?? 1;
    const r = simulate(model, scenario, { seed, trace: true, fullTrace: true, now: () => performance.now() });
    out.push('', `trace of ${scenario.name}, seed ${seed} (${r.events} events):`);
    // One at a time: spreading a long trace into push() overflows the call stack.
    for (const line of r.trace) out.push(`  ${line}`);
  });
  return out.join('\n') + '\n';
}

/** `--fault KIND [ARGUMENT…]` (one fault: a default run injects one; several are a scenario of the file) → the fault, or a usage error naming the option and its value. */
export function parseFaultOption(values: readonly string[]): QuickFault {
  const [kind = '', ...rest] = values;
  const fault = parseQuickFault(kind, rest.length ? rest.join(' ') : undefined);
  if (typeof fault === 'string') throw new CliError(`--fault '${values.join(' ')}': ${fault}`);
  return fault;
}

export function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count || count > 10_000) throw new CliError(`--shard takes I/N with 1 ≤ I ≤ N (e.g. 2/4), not '${value}'`, EXIT_USAGE);
  return { index, count };
}
