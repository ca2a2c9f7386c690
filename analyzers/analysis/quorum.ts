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

export interface LeaderlessQuorums {
  w: number;
  r: number;
  /** Whether W (R) is the default rather than declared. */
  wDefault: boolean;
  rDefault: boolean;
}

/**
 * The write and read quorums of a leaderless store. An undeclared `write-quorum` / `read-quorum` is a majority
 * of N (⌊N/2⌋ + 1), the usual Dynamo-style setting (Cassandra QUORUM, Riak's default): the SPEC names no
 * default, and this one default is used by every analysis (availability, overlap, zone loss, acknowledgements)
 * so that rules cannot disagree. Messages that print a defaulted quorum mark it "(default)".
 */
export function leaderlessQuorums(store: Pick<Store, 'replicas' | 'writeQuorum' | 'readQuorum'>): LeaderlessQuorums {
  const majority = majorityOf(store.replicas);
  return {
    w: store.writeQuorum ?? majority,
    r: store.readQuorum ?? majority,
    wDefault: store.writeQuorum === undefined,
    rDefault: store.readQuorum === undefined,
  };
}

/** `W=2` or `W=2 (default)`, for messages. */
export function showQuorum(label: 'W' | 'R', value: number, isDefault: boolean | undefined): string {
  return `${label}=${value}${isDefault ? ' (default)' : ''}`;
}

type Needs = { w?: number; r?: number; wDefault?: boolean; rDefault?: boolean; writeNeed: number; readNeed: number; overlap: boolean | undefined };

/** The replicas a write and a read need alive, for availability; undeclared leaderless quorums are the default majority. */
function needs(e: Store | Cluster, n: number): Needs {
  const majority = majorityOf(n);
  if (isConsensusGroup(e)) return { w: majority, r: majority, writeNeed: majority, readNeed: majority, overlap: true };
  if (e.kind === 'store' && e.replication === 'leaderless') {
    const { w, r, wDefault, rDefault } = leaderlessQuorums(e);
    // Sloppy quorums may write to stand-ins outside the home replicas: even W+R > N need not overlap.
    const overlap = w + r > n && !e.sloppyQuorum;
    return { w, r, wDefault, rDefault, writeNeed: w, readNeed: r, overlap };
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
  const { w, r, wDefault, rDefault, writeNeed, readNeed, overlap } = needs(e, n);
  const perZone = [...replicasPerZone(e)].map(([zone, replicas]) => ({ zone, replicas }));
  const needed = Math.max(writeNeed, readNeed);
  let worstZone: QuorumMath['worstZone'];
  for (const z of perZone) if (!worstZone || z.replicas > worstZone.replicas) worstZone = { ...z, live: n - z.replicas, needed };
  return {
    n,
    w,
    r,
    wDefault,
    rDefault,
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
