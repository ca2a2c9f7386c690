import type { ArchModel, Cluster, Element, Queue, Store } from '../../language/model/types';
import {
  isConsensusGroup,
  isLeaderFollower,
  isLeaderless,
  leaderlessQuorums,
  majority,
  opFailuresTolerated,
  replicasPerZone,
  requirement,
  worstZoneLoss,
  zoneLossOutcomes,
  type ZoneLossOutcome,
} from '../../language/model/semantics';
import { memo } from './memo';

/*
 * Quorum arithmetic of SPEC §2 for stores and clusters: what N, W, R and the majority mean for availability
 * (how many replica failures reads and writes survive), for consistency (do read and write quorums overlap),
 * and for placement (does the group survive losing any one zone). Used by the quorum/cap rules and the hover.
 * Every answer comes from language/model/semantics.ts (what can serve, zone loss: the model's zone-loss table);
 * this file only gathers them, once per element and model (the rules and the hover share the result: read it,
 * never change it).
 */

export interface ZoneShare {
  zone: string;
  replicas: number;
}

export interface QuorumMath {
  /** Replicas. */
  n: number;
  /** Write quorum: declared or defaulted (leaderless, see leaderlessQuorums), implied (majority for consensus, leader + sync followers). */
  w?: number;
  /** Read quorum: declared or defaulted (leaderless), majority for consensus groups. */
  r?: number;
  /** True when a leaderless store declares no `write-quorum` and `w` is the default (a majority). */
  wDefault?: boolean;
  /** True when a leaderless store declares no `read-quorum` and `r` is the default (a majority). */
  rDefault?: boolean;
  /** ⌊N/2⌋ + 1. */
  majority: number;
  writeFailuresTolerated: number;
  readFailuresTolerated: number;
  /** Whether every read quorum meets every write quorum; undefined when it cannot be told (e.g. leader-follower reads). */
  overlap: boolean | undefined;
  perZone: ZoneShare[];
  /** Whether every single-zone loss leaves it serving; undefined when the replicas declare no zones. */
  zoneLossSurvivable: boolean | undefined;
  /** The zone whose loss hurts most (down first, then fewest live), with the live replicas left and what was needed. */
  worstZone?: { zone: string; replicas: number; live: number; needed: number };
  /** The same loss, as semantics.ts decides it (which operations stop, and why). */
  worstOutcome?: ZoneLossOutcome;
  /** The loss of each zone the element is placed in, in declaration order. */
  zoneLosses: readonly ZoneLossOutcome[];
}

// The semantics live in language/model/semantics.ts; re-exported here for the rules that import them from this file.
export { isConsensusGroup, leaderlessQuorums, showQuorum, type LeaderlessQuorums } from '../../language/model/semantics';

/** ⌊N/2⌋ + 1 (semantics.ts `majority`). */
export const majorityOf = majority;

/** The write quorum to print: declared or defaulted W (leaderless), the majority (consensus), leader + sync followers. */
function shownQuorums(e: Store | Queue | Cluster): Pick<QuorumMath, 'w' | 'r' | 'wDefault' | 'rDefault' | 'overlap'> {
  const n = e.replicas;
  const m = majority(n);
  if (isConsensusGroup(e)) return { w: requirement(e, 'write').need, r: m, overlap: true };
  if (e.kind === 'store' && isLeaderless(e)) {
    const { w, r, wDefault, rDefault } = leaderlessQuorums(e);
    // Sloppy quorums may write to stand-ins for the home replicas: even W+R > N need not overlap.
    return { w, r, wDefault, rDefault, overlap: w + r > n && !e.sloppyQuorum };
  }
  if ((e.kind === 'store' || e.kind === 'queue') && isLeaderFollower(e)) return { w: e.syncFollowers + 1, overlap: undefined };
  // Single copy, multi-leader or unreplicated.
  return { overlap: n === 1 ? true : undefined };
}

export function quorumMath(model: ArchModel, e: Store | Queue | Cluster): QuorumMath {
  const byElement = memo(model, 'quorum-math', () => new Map<Element, QuorumMath>());
  let q = byElement.get(e);
  if (!q) byElement.set(e, (q = computeQuorumMath(model, e)));
  return q;
}

function computeQuorumMath(model: ArchModel, e: Store | Queue | Cluster): QuorumMath {
  const n = e.replicas;
  const perZone = [...replicasPerZone(e)].map(([zone, replicas]) => ({ zone, replicas }));
  const worst = worstZoneLoss(e, model);
  // What the loss fell short of: the failing operation's need, else the larger of the two.
  const needed = (o: ZoneLossOutcome) => (!o.write.ok ? o.write.need : !o.read.ok ? o.read.need : Math.max(o.write.need, o.read.need));
  return {
    n,
    ...shownQuorums(e),
    majority: majority(n),
    writeFailuresTolerated: opFailuresTolerated(e, 'write'),
    readFailuresTolerated: opFailuresTolerated(e, 'read'),
    perZone,
    zoneLossSurvivable: worst ? !worst.down : undefined,
    worstZone: worst ? { zone: worst.zone, replicas: worst.lost, live: worst.live, needed: needed(worst) } : undefined,
    worstOutcome: worst,
    zoneLosses: zoneLossOutcomes(e, model),
  };
}

/** Elements whose quorum math is meaningful: stores, clusters, and queues that replicate (SPEC §5.1). */
export function hasQuorumMath(e: Element): e is Store | Queue | Cluster {
  return e.kind === 'store' || e.kind === 'cluster' || (e.kind === 'queue' && (e.replication === 'leader-follower' || isConsensusGroup(e)));
}
