import type { ArchModel, Cluster, Element, Store } from '../../language/model/types';
import { replicasPerZone } from '../../language/model/topology';

/*
 * Quorum arithmetic of SPEC §2 for stores and clusters: what N, W, R and the majority mean for availability
 * (how many replica failures reads and writes survive), for consistency (do read and write quorums overlap),
 * and for placement (does the group survive losing any one zone). Used by the quorum/cap rules and the hover.
 */

export interface ZoneShare {
  zone: string;
  replicas: number;
}

export interface QuorumMath {
  /** Replicas. */
  n: number;
  /** Write quorum: declared (leaderless) or implied (majority for consensus, leader + sync followers). */
  w?: number;
  /** Read quorum: declared (leaderless), majority for consensus groups. */
  r?: number;
  /** ⌊N/2⌋ + 1. */
  majority: number;
  writeFailuresTolerated: number;
  readFailuresTolerated: number;
  /** Whether every read quorum meets every write quorum; undefined when it cannot be told (W or R undeclared). */
  overlap: boolean | undefined;
  perZone: ZoneShare[];
  /** Undefined when the replicas declare no zones. */
  zoneLossSurvivable: boolean | undefined;
  /** The zone whose loss hurts most (most replicas), with the live replicas left and what was needed. */
  worstZone?: { zone: string; replicas: number; live: number; needed: number };
}

/** SPEC §2: a cluster with `consensus` ≠ none (a cluster that declares none is taken to run one), or a store with `election raft|paxos|zab`. */
export function isConsensusGroup(e: Element): boolean {
  if (e.kind === 'cluster') return e.consensus !== 'none';
  if (e.kind === 'store') return e.election === 'raft' || e.election === 'paxos' || e.election === 'zab';
  return false;
}

export function majorityOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** The replicas a write and a read need alive, for availability; `undefined` quorums count as 1 (the best case). */
function needs(e: Store | Cluster, n: number): { w?: number; r?: number; writeNeed: number; readNeed: number; overlap: boolean | undefined } {
  const majority = majorityOf(n);
  if (isConsensusGroup(e)) return { w: majority, r: majority, writeNeed: majority, readNeed: majority, overlap: true };
  if (e.kind === 'store' && e.replication === 'leaderless') {
    const { writeQuorum: w, readQuorum: r } = e;
    // Sloppy quorums may write to stand-ins outside the home replicas: even W+R > N need not overlap.
    const overlap = w === undefined || r === undefined ? undefined : w + r > n && !e.sloppyQuorum;
    return { w, r, writeNeed: w ?? 1, readNeed: r ?? 1, overlap };
  }
  if (e.kind === 'store' && e.replication === 'leader-follower') {
    // Writes need the leader plus its synchronous followers; without automatic failover the leader itself is irreplaceable.
    const w = e.syncFollowers + 1;
    const writeNeed = e.failover === 'automatic' ? w : n;
    return { w, writeNeed, readNeed: 1, overlap: undefined };
  }
  // Single copy, multi-leader or unreplicated: any live replica serves.
  return { writeNeed: 1, readNeed: 1, overlap: n === 1 ? true : undefined };
}

export function quorumMath(model: ArchModel, e: Store | Cluster): QuorumMath {
  void model; // placement is already resolved on the element; the model is kept for callers and future network terms
  const n = e.replicas;
  const { w, r, writeNeed, readNeed, overlap } = needs(e, n);
  const perZone = [...replicasPerZone(e)].map(([zone, replicas]) => ({ zone, replicas }));
  const needed = Math.max(writeNeed, readNeed);
  let worstZone: QuorumMath['worstZone'];
  for (const z of perZone) if (!worstZone || z.replicas > worstZone.replicas) worstZone = { ...z, live: n - z.replicas, needed };
  return {
    n,
    w,
    r,
    majority: majorityOf(n),
    writeFailuresTolerated: Math.max(0, n - writeNeed),
    readFailuresTolerated: Math.max(0, n - readNeed),
    overlap,
    perZone,
    zoneLossSurvivable: worstZone ? worstZone.live >= needed : undefined,
    worstZone,
  };
}

/** Elements whose quorum math is meaningful. */
export function hasQuorumMath(e: Element): e is Store | Cluster {
  return e.kind === 'store' || e.kind === 'cluster';
}
