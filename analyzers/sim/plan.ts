import { DEFAULTS } from '../../language/model/defaults';
import { isConsensusGroup, isLeaderless, requirement, survivorsOfZoneLoss } from '../../language/model/semantics';
import type { ArchModel, Cluster, Expectation, Scenario, Store } from '../../language/model/types';
import { DEFAULT_LIMITS, SIM_DEFAULTS } from './defaults';
import { duration } from './format';
import { topologyOf, type Topology } from './network';
import { leaderFollower } from './protocols/leader-follower';
import { planQuorum, type QuorumPlan } from './quorum/plan';
import { raft } from './protocols/raft';
import type { Protocol } from './protocols/types';

/*
 * What a scenario runs: which protocol the target's declarations call for (SPEC §4), with its parameters from the
 * file or DEFAULTS. One place decides it, so the engine, the checkers and the report agree.
 *
 * - a cluster (consensus raft|paxos|zab, or undeclared) and a store with `election raft|paxos|zab` run Raft
 *   (paxos and zab too: what the checks observe — who leads, what commits — is the same). A write commits with
 *   what language/model/semantics.ts says a write needs: a majority, or the leader and its `sync-followers` when
 *   that is more;
 * - a leaderless store (not a consensus group) runs quorum reads and writes: quorum/plan.ts, returned as `quorum`;
 * - any other store runs leader-follower replication, with naive failover when `failover automatic` (election
 *   none, bully or undeclared) and a fixed leader otherwise.
 * A lock target runs its backend's group here (its leader is the lock service's); leases, holders and fencing are
 * locks/ (run.ts runs both). A saga target runs sagas/ and never comes here.
 * Not simulated yet (a reason is returned instead): multi-leader stores, failover chosen by a
 * `coordinator`, clusters with `consensus none`, other kinds.
 */

export interface Plan {
  /** The scenario's target. */
  target: string;
  /** The group that runs: the target, or a lock target's backend. */
  element: Store | Cluster;
  /** The world is generic in the protocol's state and messages; the plan only carries it to the world. */
  protocol: Protocol<unknown, unknown>;
  topology: Topology;
  /** Members a write needs (leader included), from language/model/semantics.ts. */
  need: number;
  needLabel: string;
  heartbeatMs: number;
  electionMinMs: number;
  electionMaxMs: number;
  durationMs: number;
  settleMs: number;
  load: number;
  crashedByZoneLoss: (zone: string) => number[];
}

/** A leaderless store runs quorum/ instead (quorum/plan.ts): `quorum` in place of `plan`. */
export type PlanResult = { ok: true; plan: Plan } | { ok: true; quorum: QuorumPlan } | { ok: false; reason: string };

function timing(e: Store | Cluster): { heartbeatMs: number; electionMinMs: number; electionMaxMs: number } {
  const range = e.electionTimeout ?? DEFAULTS.electionTimeoutMs;
  return { heartbeatMs: e.heartbeatMs ?? DEFAULTS.heartbeatMs, electionMinMs: range.min, electionMaxMs: Math.max(range.min, range.max) };
}

function unsupported(e: Store | Cluster): string | undefined {
  if (e.kind === 'cluster') return e.consensus === 'none' ? `cluster \`${e.name}\` runs no protocol (consensus none)` : undefined;
  if (isConsensusGroup(e)) return undefined;
  if (e.replication === 'multi-leader') return `multi-leader stores are not simulated yet`;
  if (e.failover === 'automatic' && e.coordinator) return `failover chosen by a coordinator (\`${e.coordinator}\`) is not simulated yet`;
  return undefined;
}

export function planScenario(model: ArchModel, scenario: Scenario): PlanResult {
  if (!scenario.target) return { ok: false, reason: 'the scenario names no target' };
  let e = model.elements.get(scenario.target);
  if (!e) return { ok: false, reason: `target \`${scenario.target}\` is not declared` };
  if (e.kind === 'lock') {
    // A lock's leader is its backend's (docs/scenarios.md): run that group; the lock model itself is locks/.
    const backend = e.backend ? model.elements.get(e.backend) : undefined;
    if (!backend || (backend.kind !== 'store' && backend.kind !== 'cluster')) return { ok: false, reason: `lock \`${e.name}\` has ${e.backend ? `a backend (\`${e.backend}\`) that is not a store or cluster` : 'no backend'}: no replicated group runs under it, so leader expectations cannot be judged` };
    e = backend;
  }
  if (e.kind === 'saga') return { ok: false, reason: 'a saga runs no replicated group (run.ts runs sagas/ instead)' };
  if (e.kind !== 'store' && e.kind !== 'cluster') return { ok: false, reason: `a ${e.kind} runs no protocol: the target must be a store or a cluster` };
  if (e.kind === 'store' && isLeaderless(e)) return planQuorum(model, scenario, e, beyondLimits);
  const why = unsupported(e);
  if (why) return { ok: false, reason: why };
  const n = e.placement.length;
  if (n > SIM_DEFAULTS.maxMembers) return { ok: false, reason: `${n} members are more than the simulator runs (${SIM_DEFAULTS.maxMembers})` };
  if (n < 1) return { ok: false, reason: `\`${e.name}\` has no members` };

  const load = Math.max(0, scenario.load ?? DEFAULTS.scenarioLoad);
  if (load > SIM_DEFAULTS.maxLoad) return { ok: false, reason: `load ${load}/s is more than the simulator runs (${SIM_DEFAULTS.maxLoad}/s)` };
  const absurd = beyondLimits(scenario.durationMs ?? DEFAULTS.scenarioDurationMs, load);
  if (absurd) return { ok: false, reason: absurd };
  const t = timing(e);
  const req = requirement(e, 'write');
  const common = { ...t, maxBatch: SIM_DEFAULTS.maxBatch };
  let protocol: Protocol<unknown, unknown>;
  if (isConsensusGroup(e) || e.kind === 'cluster') {
    protocol = raft({ ...common, ackQuorum: req.need }) as Protocol<unknown, unknown>;
  } else {
    const sync = e.syncFollowers;
    protocol = leaderFollower({ ...common, mode: e.failover === 'automatic' ? 'naive' : 'fixed', syncFollowers: sync, promote: e.promote }) as Protocol<unknown, unknown>;
  }
  const plan: Plan = {
    target: scenario.target,
    element: e,
    protocol,
    topology: topologyOf(e, model),
    need: req.need,
    needLabel: req.label,
    ...t,
    durationMs: scenario.durationMs ?? DEFAULTS.scenarioDurationMs,
    settleMs: SIM_DEFAULTS.settleElectionTimeouts * (t.electionMaxMs + t.heartbeatMs),
    load,
    crashedByZoneLoss: (zone) => {
      const survivors = survivorsOfZoneLoss(e, zone);
      const out: number[] = [];
      for (let i = 0; i < n; i++) if (!survivors.has(i)) out.push(i);
      return out;
    },
  };
  return { ok: true, plan };
}

/**
 * A scenario no run could finish within the limits, said before any run starts (a year of virtual time, a billion
 * writes a second) rather than after each seed is cut: one clear sentence instead of N "stopped by events".
 */
export function beyondLimits(durationMs: number, load: number): string | undefined {
  if (durationMs > DEFAULT_LIMITS.maxTimeMs) return `duration ${longDuration(durationMs)} is more virtual time than a run may take (${longDuration(DEFAULT_LIMITS.maxTimeMs)}); shorten it`;
  // Each client write costs a few events per member; a quarter of the event budget for writes alone is the most.
  const writes = (load * durationMs) / 1000;
  if (writes > DEFAULT_LIMITS.maxEvents / 4) return `${Math.round(writes).toLocaleString('en-US')} client writes per run (load ${load}/s for ${duration(durationMs)}) cannot fit the limit of ${DEFAULT_LIMITS.maxEvents.toLocaleString('en-US')} events per run; lower the load or shorten the duration`;
  return undefined;
}

/** `365 days`, `24 hours`, `90s`: durations too long to read in seconds. */
function longDuration(ms: number): string {
  const h = ms / 3_600_000;
  if (h >= 48) return `${Math.round(h / 24).toLocaleString('en-US')} days`;
  if (h >= 2) return `${Math.round(h)} hours`;
  return duration(ms);
}

/** Why an expectation is not checked on this target (undefined: it is). */
export function notSimulated(x: Expectation): string | undefined {
  switch (x.kind) {
    case 'no-split-brain':
    case 'leader-within':
    case 'no-lost-writes':
      return undefined;
    case 'mutual-exclusion':
      return 'mutual-exclusion is judged on a lock target (its holders and protected store)';
    case 'saga-atomic':
      return 'saga-atomic is judged on a saga target';
    case 'stale-reads-below':
      return 'reads are simulated on leaderless stores only (quorum reads); reads of a leader-based group are not simulated yet';
  }
}
