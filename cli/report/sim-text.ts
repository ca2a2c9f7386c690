import { DEFAULT_LIMITS } from '../../analyzers/sim/defaults';
import type { ScenarioReport, SimReport } from '../../analyzers/sim/run';
import type { Colors } from './colors';

/*
 * `faultline simulate`'s text report: per scenario, each expectation with its verdict and detail, the metrics in
 * one line, and for a failure the seed, the command that replays it and the counterexample's trace (shortened;
 * `--trace` prints all of it).
 */

export interface SimTextOptions {
  colors: Colors;
  /** The file as the user named it, for the replay command. */
  command: string;
  /** With --trace the full trace follows; the report then shows no excerpt. */
  trace?: boolean;
}

/** Trace lines of client traffic: `client → node 2 write #7`, `client received …`, `node 1 → client redirect …`. */
const CLIENT_LINE = /^t=\S+ (client |node \d+ → client |node \d+ acknowledged write )/;

/** Trace lines shown under a failing scenario. */
const EXCERPT_LINES = 40;

function ms(n: number): string {
  return n >= 1000 ? `${(n / 1000).toFixed(n % 1000 === 0 ? 0 : 2).replace(/\.?0+$/, '')}s` : `${n}ms`;
}

/** Why a seed did not run to its end, in words (analyzers/sim/engine.ts StopReason). */
function cutBy(reason: string): string {
  switch (reason) {
    case 'events':
      return `was cut by the limit of ${DEFAULT_LIMITS.maxEvents.toLocaleString('en-US')} events per run: its verdicts cover only the part that ran`;
    case 'time':
      return `was cut at the limit of ${ms(DEFAULT_LIMITS.maxTimeMs)} of virtual time`;
    case 'wall':
      return `was cut by the wall-clock limit of ${ms(DEFAULT_LIMITS.maxWallMs)} per run`;
    case 'cancelled':
      return 'was cancelled';
    default:
      return 'stopped on an internal error';
  }
}

function metricsLine(r: ScenarioReport): string {
  const m = r.metrics;
  const parts: string[] = [];
  const staleOnly = r.expectations.length > 0 && r.expectations.every((x) => x.expect.startsWith('stale-reads'));
  if (staleOnly && m.failovers === 0 && m.lost_writes === 0) return `stale reads ${(m.stale_read_rate * 100).toFixed(2)}%`;
  if (m.saga) return `sagas: ${m.saga.completed} completed · ${m.saga.compensated} compensated · ${m.saga.broken} broken · duplicates ${m.saga.duplicates} applied, ${m.saga.ignored_duplicates} ignored · ${m.saga.retries} retries`;
  if (m.failovers > 0) parts.push(`failover p50 ${ms(m.failover_ms.p50)} · p99 ${ms(m.failover_ms.p99)} · max ${ms(m.failover_ms.max)} (${m.failovers} failover${m.failovers === 1 ? '' : 's'})`);
  else parts.push('no failover');
  parts.push(`lost writes ${m.lost_writes}`);
  if (m.stale_read_rate > 0 || r.expectations.some((x) => x.expect.startsWith('stale-reads'))) parts.push(`stale reads ${(m.stale_read_rate * 100).toFixed(2)}%`);
  if (m.lock) parts.push(`lock: ${m.lock.grants} grants · ${m.lock.accepted_writes} writes accepted · ${m.lock.rejected_stale_writes} stale rejected · ${m.lock.writes_outside_lease} outside the lease`);
  return parts.join(' · ');
}

function scenarioText(display: string, r: ScenarioReport, o: SimTextOptions): string[] {
  const c = o.colors;
  const verdict = r.passed ? c.green('passed') : c.red('failed');
  const seeds = r.error !== undefined ? 'not run' : `${r.seeds} seed${r.seeds === 1 ? '' : 's'}`;
  const lines = [`${c.bold(`scenario ${r.name}`)} → ${r.target} · ${seeds} · ${verdict}`];
  if (r.error !== undefined) lines.push(`  ${c.red('✖')} cannot run: ${r.error}`);
  const width = Math.max(0, ...r.expectations.map((x) => x.expect.length));
  for (const x of r.expectations) {
    lines.push(`  ${x.passed ? c.green('✔') : c.red('✖')} ${x.expect.padEnd(width)}  ${c.dim(x.detail)}`);
  }
  lines.push(`  ${c.dim(metricsLine(r))}`);
  for (const i of r.incomplete ?? []) lines.push(`  ${c.yellow('!')} seed ${i.seed} ${cutBy(i.stoppedBy)}${i.error ? `: ${i.error}` : ''}`);
  const cx = r.counterexample;
  if (cx) {
    lines.push(`  counterexample: seed ${cx.seed} — replay with: faultline simulate ${o.command} --scenario ${r.name} --seed ${cx.seed} --trace`);
    if (cx.minimal) {
      const faults = cx.minimal.faults.length ? cx.minimal.faults.join('; ') : 'no fault at all';
      lines.push(`  smallest failing run found (${cx.minimal.runs} runs): ${faults}; duration ${ms(cx.minimal.duration_ms)} — still fails ${cx.minimal.expect}: ${cx.minimal.detail}`);
    }
    if (!o.trace) {
      // The excerpt follows the nodes: client requests and answers are in --trace and the JSON report.
      const nodes = cx.trace.filter((t) => !CLIENT_LINE.test(t));
      for (const t of nodes.slice(0, EXCERPT_LINES)) lines.push(`    ${t}`);
      const left = cx.trace.length - Math.min(nodes.length, EXCERPT_LINES);
      if (left > 0) lines.push(c.dim(`    … ${left} more lines, client requests among them (--trace, or --format json)`));
    }
  }
  return lines;
}

export function formatSimText(display: string, report: SimReport & { shard?: { index: number; count: number } }, o: SimTextOptions): string {
  const out: string[] = [display + (report.shard ? ` (shard ${report.shard.index}/${report.shard.count})` : '')];
  for (const r of report.scenarios) out.push(...scenarioText(display, r, o).map((l) => `  ${l}`), '');
  const failed = report.scenarios.filter((r) => !r.passed).length;
  const total = report.scenarios.length;
  out.push(failed === 0 ? o.colors.green(`${total} scenario${total === 1 ? '' : 's'} passed`) : o.colors.red(`${failed} of ${total} scenario${total === 1 ? '' : 's'} failed`));
  return out.join('\n') + '\n';
}
