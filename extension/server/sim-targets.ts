import { faultsFor } from '../../analyzers/sim/quick-scenario';
import { isLeaderFollower, isLeaderless, runsElection, zonesOf } from '../../language/model/semantics';
import { isDeployable } from '../../language/model/topology';
import type { ArchModel, Element, Scenario } from '../../language/model/types';
import type { SimulationTarget, SimulationTargetsResult } from './protocol/simulation';

/*
 * What the editor's "Simulate Failover…" offers for a file: every store, cluster, lock and saga, with one line that
 * says what will run (the protocol the simulator picks, the members and their zones), the zones a `lose zone` or a
 * partition can name, and the faults that suit it.
 */

type Target = Extract<Element, { kind: SimulationTarget['kind'] }>;

function isTarget(e: Element): e is Target {
  return e.kind === 'store' || e.kind === 'cluster' || e.kind === 'lock' || e.kind === 'saga';
}

function zonesText(zones: readonly string[]): string {
  return zones.length ? ` in ${zones.join(', ')}` : '';
}

function protocolOf(e: Element): string {
  // runsElection narrows its argument: ask it last.
  const naive = e.kind === 'store' && isLeaderFollower(e) && e.failover === 'automatic';
  if (runsElection(e)) return 'Raft-style election';
  if (isLeaderless(e)) return 'leaderless quorums';
  if (isLeaderFollower(e)) return naive ? 'leader-follower, naive failover' : 'leader-follower';
  return 'one leader';
}

/** The zones a target's members live on: its own, a lock's backend's, a saga's participants'. */
function zonesOfTarget(model: ArchModel, e: Target): string[] {
  if (isDeployable(e)) return zonesOf(e);
  const names = e.kind === 'lock' ? [e.backend, ...e.holders] : [e.orchestrator, ...e.steps.flatMap((s) => [s.action?.target, s.compensate?.target])];
  const zones = new Set<string>();
  for (const n of names) {
    const m = n === undefined ? undefined : model.elements.get(n);
    if (m && isDeployable(m)) for (const z of zonesOf(m)) zones.add(z);
  }
  return [...zones];
}

function describe(model: ArchModel, e: Target, zones: readonly string[]): string {
  if (e.kind === 'lock') return `lock · ${e.fencing ? 'fenced' : 'no fencing'}${e.leaseMs !== undefined ? `, lease ${e.leaseMs / 1000}s` : ''}${e.backend ? `, on ${e.backend}` : ''}${e.protects ? `, protects ${e.protects}` : ''}`;
  if (e.kind === 'saga') return `saga · ${e.style ?? 'orchestration'}, ${e.steps.length} step${e.steps.length === 1 ? '' : 's'}${zonesText(zones)}`;
  const engine = e.kind === 'store' && e.engine ? `${e.engine}, ` : '';
  return `${e.kind} · ${engine}${e.replicas} replica${e.replicas === 1 ? '' : 's'}${zonesText(zones)} · ${protocolOf(e)}`;
}

export function simulationTargets(model: ArchModel, version: number): SimulationTargetsResult {
  const scenarios = [...model.elements.values()].filter((e): e is Scenario => e.kind === 'scenario');
  const targets: SimulationTarget[] = [];
  for (const e of model.elements.values()) {
    if (!isTarget(e)) continue;
    const zones = zonesOfTarget(model, e);
    targets.push({
      name: e.name,
      kind: e.kind,
      description: describe(model, e, zones),
      zones,
      steps: e.kind === 'saga' ? e.steps.map((s) => s.name) : [],
      faults: faultsFor(e),
      scenarios: scenarios.filter((s) => s.target === e.name).map((s) => s.name),
    });
  }
  return { version, targets, scenarios: scenarios.map((s) => ({ name: s.name, target: s.target ?? null })) };
}
