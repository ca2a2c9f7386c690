import type { CodeLens } from 'vscode-languageserver/node.js';
import type { ArchModel, Scenario } from '../../language/model/types';
import { currentScenario, type StoredRun } from './simulation';

/*
 * `▶ Simulate` above every scenario block and above each store/cluster/lock/saga a scenario targets (issue 11); the
 * last result, when there is one, follows in the title, and a second lens opens its timeline. The lenses run client
 * commands (extension/client/simulate.ts): the client shows the progress and asks this server to run.
 */

export const RUN_SCENARIOS_COMMAND = 'faultline.runScenarios';
export const SHOW_TIMELINE_COMMAND = 'faultline.showTimeline';

function lastResult(model: ArchModel, run: StoredRun | undefined): string {
  if (!run) return '';
  const stale = currentScenario(model, run).stale ? ' (stale)' : '';
  const failed = run.report.expectations.find((x) => !x.passed);
  if (run.report.error !== undefined) return ` · not run${stale}`;
  if (failed) return ` · ✗ ${failed.expect}${failed.seed !== null ? ` fails on seed ${failed.seed}` : ''}${stale}`;
  const p99 = run.report.metrics.failovers > 0 ? `, failover p99 ${run.report.metrics.failover_ms.p99} ms` : '';
  return ` · ✓ passed ${run.report.seeds} seeds${p99}${stale}`;
}

export function simulationLenses(uri: string, model: ArchModel, runs: readonly StoredRun[]): CodeLens[] {
  const scenarios = [...model.elements.values()].filter((e): e is Scenario => e.kind === 'scenario');
  const byScenario = new Map(runs.filter((r) => !r.quick).map((r) => [r.scenario, r]));
  const lenses: CodeLens[] = [];
  const top = (s: { start: { line: number; character: number } }) => ({ start: s.start, end: s.start });
  for (const s of scenarios) {
    const run = byScenario.get(s.name);
    const range = top(s.statement.range);
    lenses.push({ range, command: { title: `▶ Simulate${lastResult(model, run)}`, command: RUN_SCENARIOS_COMMAND, arguments: [{ uri, scenarios: [s.name] }] } });
    if (run?.timeline) lenses.push({ range, command: { title: 'Show timeline', command: SHOW_TIMELINE_COMMAND, arguments: [{ uri, scenario: s.name }] } });
  }
  const targeted = new Map<string, string[]>();
  for (const s of scenarios) if (s.target !== undefined) targeted.set(s.target, [...(targeted.get(s.target) ?? []), s.name]);
  for (const [name, names] of targeted) {
    const e = model.elements.get(name);
    if (!e || !['store', 'cluster', 'lock', 'saga'].includes(e.kind)) continue;
    const title = names.length === 1 ? `▶ Simulate ${names[0]}` : `▶ Simulate ${names.length} scenarios`;
    lenses.push({ range: top(e.statement.range), command: { title, command: RUN_SCENARIOS_COMMAND, arguments: [{ uri, scenarios: names }] } });
  }
  return lenses;
}
