import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node.js';
import { expectationLabel } from '../../analyzers/sim/run';
import { faultText } from '../../analyzers/sim/shrink';
import type { ArchModel, Scenario } from '../../language/model/types';
import type { Range } from '../../language/range';
import { DOCS_BASE, type DiagnosticData } from './diagnostics';
import { currentScenario, type StoredRun } from './simulation';

/*
 * A stored simulation as `sim/<expectation>` diagnostics (issue 11), published with the document's other diagnostics
 * but apart from them: source `faultline-sim`, codes in the `sim/` namespace no rule uses, and recomputed from the
 * stored result on every version — so a re-check never drops them, and an edit never mixes them up with a rule's.
 * Ranges are looked up in the current model (the expect line, the target's name), so they follow the text as it
 * moves. A run whose inputs changed (analyzers/sim/fingerprint.ts) is marked stale and downgraded.
 */

export const SIM_SOURCE = 'faultline-sim';
const SCENARIO_DOCS = DOCS_BASE.replace(/rules\/$/, 'scenarios.md');
/** Related entries walking a counterexample: enough for the faults and the decisive events, not a whole trace. */
const MAX_RELATED = 40;

/** `leader-within 1s` → `sim/leader-within`; `stale-reads below 1%` → `sim/stale-reads`. */
export function simCode(expect: string): string {
  return `sim/${expect.split(' ')[0]}`;
}

function at(ms: number): string {
  return `t=${(ms / 1000).toFixed(3)}s`;
}

function stalePrefix(stale: boolean): string {
  return stale ? 'stale — the design changed since this run (rerun it to update): ' : '';
}

function failoverText(run: StoredRun): string {
  const m = run.report.metrics;
  if (m.failovers === 0) return '';
  return `; failover p50 ${m.failover_ms.p50} ms, p99 ${m.failover_ms.p99} ms, max ${m.failover_ms.max} ms over ${m.failovers} failover${m.failovers === 1 ? '' : 's'}`;
}

function diagnostic(range: Range, severity: DiagnosticSeverity, code: string, message: string, related?: DiagnosticRelatedInformation[]): LspDiagnostic {
  const d: LspDiagnostic = {
    range,
    severity,
    source: SIM_SOURCE,
    code,
    codeDescription: { href: `${SCENARIO_DOCS}#expectations` },
    message,
    data: { rule: code, fixes: [] } satisfies DiagnosticData,
  };
  if (related?.length) d.relatedInformation = related;
  return d;
}

/**
 * The counterexample, walked: each fault of the shrunk run on its `at` line (the target for a default run), then the
 * decisive events of the failing seed's timeline on the declarations they involve.
 */
function walk(uri: string, model: ArchModel, run: StoredRun, scenario: Scenario | undefined, targetRange: Range | undefined): DiagnosticRelatedInformation[] {
  const cx = run.report.counterexample;
  if (!cx) return [];
  const fallback = targetRange ?? scenario?.nameRange;
  if (!fallback) return [];
  const out: DiagnosticRelatedInformation[] = [];
  const faults = cx.minimal?.faults ?? scenario?.faults.map(faultText) ?? [];
  for (const text of faults) {
    const line = scenario?.faults.find((f) => faultText(f) === text);
    out.push({ location: { uri, range: line?.range ?? fallback }, message: `fault: ${text}` });
  }
  const lanes = new Map<string, Range>();
  for (const e of model.elements.values()) lanes.set(e.name, e.nameRange);
  for (const ev of run.timeline?.events ?? []) {
    if (!ev.decisive || ev.kind === 'fault' || out.length >= MAX_RELATED) continue;
    const lane = ev.lane === undefined ? undefined : run.timeline?.lanes[ev.lane];
    const range = (lane?.element !== undefined ? lanes.get(lane.element) : undefined) ?? fallback;
    out.push({ location: { uri, range }, message: `${at(ev.t)} ${ev.text}` });
  }
  return out.slice(0, MAX_RELATED);
}

/** The `sim/…` diagnostics of the document's stored runs against its current model, and the runs now stale. */
/** `stale`: the runs whose inputs changed, each with what they read now (`fingerprint`, undefined: unrunnable now). */
export function simDiagnostics(uri: string, model: ArchModel, runs: readonly StoredRun[]): { diagnostics: LspDiagnostic[]; stale: { run: StoredRun; fingerprint: string | undefined }[] } {
  const diagnostics: LspDiagnostic[] = [];
  const staleRuns: { run: StoredRun; fingerprint: string | undefined }[] = [];
  for (const run of runs) {
    const { scenario, stale, fingerprint } = currentScenario(model, run);
    if (stale) staleRuns.push({ run, fingerprint });
    // The scenario was deleted or renamed: nothing left to say it about.
    if (!run.quick && !scenario) continue;
    const target = model.elements.get(run.target);
    const targetRange = target?.nameRange;
    const report = run.report;
    const label = run.quick ? `default run ${run.scenario}` : `scenario ${run.scenario}`;
    const prefix = stalePrefix(stale);
    const failSeverity = stale ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
    const related = walk(uri, model, run, scenario, targetRange);
    if (report.error !== undefined) {
      const range = scenario?.nameRange ?? targetRange;
      if (range) diagnostics.push(diagnostic(range, DiagnosticSeverity.Warning, 'sim/not-run', `${prefix}${label} could not run: ${report.error}`));
      continue;
    }
    report.expectations.forEach((x, k) => {
      const line = scenario?.expectations.find((e, i) => i === k && expectationLabel(e) === x.expect)?.range ?? scenario?.expectations.find((e) => expectationLabel(e) === x.expect)?.range;
      const code = simCode(x.expect);
      if (!x.passed) {
        const seed = x.seed !== null ? ` on seed ${x.seed}` : '';
        const message = `${prefix}${x.expect} fails${seed} (${report.seeds} seed${report.seeds === 1 ? '' : 's'}): ${x.detail}`;
        if (line) diagnostics.push(diagnostic(line, failSeverity, code, message, x.seed === report.counterexample?.seed ? related : undefined));
        if (targetRange) diagnostics.push(diagnostic(targetRange, failSeverity, code, `${label}: ${message}`, x.seed === report.counterexample?.seed ? related : undefined));
      } else if (line) {
        diagnostics.push(diagnostic(line, DiagnosticSeverity.Information, code, `${prefix}${x.expect} holds over ${report.seeds} seed${report.seeds === 1 ? '' : 's'}: ${x.detail}${failoverText(run)}`));
      }
    });
    if (report.passed && targetRange) {
      const n = report.expectations.length;
      diagnostics.push(diagnostic(targetRange, DiagnosticSeverity.Information, 'sim/passed', `${prefix}${label}: ${n === 1 ? 'its expectation holds' : `all ${n} expectations hold`} over ${report.seeds} seeds${failoverText(run)}`));
    }
  }
  return { diagnostics, stale: staleRuns };
}

/** The hover's section for an element a stored run targets: the last run's metrics, with the seed count. */
export function simHover(model: ArchModel, runs: readonly StoredRun[], element: string): string | undefined {
  const mine = runs.filter((r) => r.target === element);
  if (mine.length === 0) return undefined;
  const lines: string[] = [];
  for (const run of mine) {
    const { stale } = currentScenario(model, run);
    const r = run.report;
    const m = r.metrics;
    const head = `**Simulation** ${run.quick ? `(default run \`${run.scenario}\`)` : `\`${run.scenario}\``}: ${r.passed ? 'passed' : 'failed'} over ${r.seeds} seeds${stale ? ' — stale, the design changed since' : ''}`;
    lines.push('', head, '');
    const rows: string[] = [];
    if (m.failovers > 0) rows.push(`- failover p50 ${m.failover_ms.p50} ms · p99 ${m.failover_ms.p99} ms · max ${m.failover_ms.max} ms (${m.failovers} failovers)`);
    else rows.push('- no failover in any seed');
    rows.push(`- lost writes: ${m.lost_writes}`);
    if (m.stale_read_rate > 0 || r.expectations.some((x) => x.expect.startsWith('stale-reads'))) rows.push(`- stale-read rate: ${(m.stale_read_rate * 100).toFixed(2)}%`);
    if (m.saga) rows.push(`- sagas: ${m.saga.instances} run, ${m.saga.completed} completed, ${m.saga.compensated} compensated, ${m.saga.broken} broken; ${m.saga.duplicates} duplicates`);
    if (m.lock) rows.push(`- lock: ${m.lock.grants} grants, ${m.lock.accepted_writes} writes accepted, ${m.lock.rejected_stale_writes} stale writes rejected, ${m.lock.writes_outside_lease} outside their lease`);
    for (const x of r.expectations) rows.push(`- ${x.passed ? '✓' : '✗'} \`${x.expect}\`${x.seed !== null && !x.passed ? ` fails on seed ${x.seed}` : ''}`);
    lines.push(...rows);
  }
  return lines.join('\n');
}
