import { DEFAULTS } from '../../../language/model/defaults';
import { leaderlessQuorums, requirement, survivorsOfZoneLoss } from '../../../language/model/semantics';
import type { ArchModel, Scenario, Store } from '../../../language/model/types';
import { SIM_DEFAULTS } from '../defaults';
import { topologyOf, type Topology } from '../network';
import { QUORUM_DEFAULTS } from './defaults';
import { quorumProtocol, type QuorumProtocol } from './protocol';

/*
 * What a scenario on a leaderless store runs (plan.ts dispatches here): N, W and R from the store
 * (language/model/semantics.ts `leaderlessQuorums`: undeclared quorums are a majority), `sloppy-quorum`, the
 * topology of its placement, and the client's rates.
 */

export interface QuorumPlan {
  target: string;
  element: Store;
  protocol: QuorumProtocol;
  topology: Topology;
  n: number;
  w: number;
  r: number;
  sloppy: boolean;
  keys: number;
  /** What a write needs, from semantics.ts (`W=2`, or one live replica with a sloppy quorum). */
  needLabel: string;
  durationMs: number;
  settleMs: number;
  /** Client writes per second. */
  load: number;
  /** Client reads per second. */
  readRate: number;
  coordinatorTimeoutMs: number;
  hintReplayMs: number;
  crashedByZoneLoss: (zone: string) => number[];
}

export type QuorumPlanResult = { ok: true; quorum: QuorumPlan } | { ok: false; reason: string };

/** The largest one-way latency the `network` block allows. */
function maxLatency(model: Pick<ArchModel, 'network'>): number {
  const l = model.network;
  return Math.max(l.sameZone.max, l.crossZone.max, l.crossRegion.max);
}

/**
 * The plan of a scenario whose group is the leaderless store `e`. `beyondLimits` is plan.ts's check that a run can
 * fit the limits at all (passed in: plan.ts imports this module, not the other way round).
 */
export function planQuorum(model: ArchModel, scenario: Scenario, e: Store, beyondLimits: (durationMs: number, load: number) => string | undefined): QuorumPlanResult {
  const n = e.placement.length;
  if (n < 1) return { ok: false, reason: `\`${e.name}\` has no members` };
  if (n > SIM_DEFAULTS.maxMembers) return { ok: false, reason: `${n} members are more than the simulator runs (${SIM_DEFAULTS.maxMembers})` };
  const q = leaderlessQuorums(e);
  if (q.w < 1 || q.w > n) return { ok: false, reason: `write-quorum ${q.w} cannot be met by ${n} replicas` };
  if (q.r < 1 || q.r > n) return { ok: false, reason: `read-quorum ${q.r} cannot be met by ${n} replicas` };
  const load = Math.max(0, scenario.load ?? DEFAULTS.scenarioLoad);
  const readRate = load * QUORUM_DEFAULTS.readsPerWrite;
  if (load > SIM_DEFAULTS.maxLoad) return { ok: false, reason: `load ${load}/s is more than the simulator runs (${SIM_DEFAULTS.maxLoad}/s)` };
  const durationMs = scenario.durationMs ?? DEFAULTS.scenarioDurationMs;
  // Reads cost as many events as writes: the budget is checked for both.
  const absurd = beyondLimits(durationMs, load + readRate);
  if (absurd) return { ok: false, reason: absurd };
  const coordinatorTimeoutMs = Math.max(QUORUM_DEFAULTS.coordinatorTimeoutMs, 4 * maxLatency(model));
  const hintReplayMs = QUORUM_DEFAULTS.hintReplayMs;
  const keys = QUORUM_DEFAULTS.keys;
  const sloppy = e.sloppyQuorum;
  const protocol = quorumProtocol({ n, w: q.w, r: q.r, sloppy, keys, timeoutMs: coordinatorTimeoutMs, hintReplayMs });
  return {
    ok: true,
    quorum: {
      target: scenario.target ?? e.name,
      element: e,
      protocol,
      topology: topologyOf(e, model),
      n,
      w: q.w,
      r: q.r,
      sloppy,
      keys,
      needLabel: requirement(e, 'write').label,
      durationMs,
      // Long enough for every request issued before the end to be answered, retried or given up, and for hints
      // to be offered twice more.
      settleMs: SIM_DEFAULTS.clientAttempts * SIM_DEFAULTS.clientTimeoutMs + 2 * hintReplayMs,
      load,
      readRate,
      coordinatorTimeoutMs,
      hintReplayMs,
      crashedByZoneLoss: (zone) => {
        const survivors = survivorsOfZoneLoss(e, zone);
        const out: number[] = [];
        for (let i = 0; i < n; i++) if (!survivors.has(i)) out.push(i);
        return out;
      },
    },
  };
}
