import { DEFAULTS } from '../../../language/model/defaults';
import type { Consistency, Read, Store } from '../../../language/model/types';
import { CONSISTENCY_LEVELS, type ConsistencyLevel } from '../../../language/vocabulary/enums';
import { formatDuration } from '../../../language/values';
import { isConsensusGroup, leaderlessQuorums, showQuorum } from '../../analysis/quorum';

/*
 * Consistency strength (SPEC §1.2, strongest first) and what a store provides when it declares nothing.
 */

/** 0 = strongest. `strong` is a synonym of `linearizable`, so both rank 0. */
export function rank(level: ConsistencyLevel): number {
  return level === 'strong' ? 0 : CONSISTENCY_LEVELS.indexOf(level);
}

export function isStrong(c: Consistency | undefined): boolean {
  return c !== undefined && rank(c.level) === 0;
}

/** Whether `have` is weaker than `want`; two bounded-staleness levels compare their bounds. */
export function weaker(have: Consistency, want: Consistency): boolean {
  if (have.level === 'bounded-staleness' && want.level === 'bounded-staleness') {
    return (have.stalenessMs ?? Infinity) > (want.stalenessMs ?? Infinity);
  }
  return rank(have.level) > rank(want.level);
}

export function show(c: Consistency): string {
  return c.level === 'bounded-staleness' && c.stalenessMs !== undefined ? `bounded-staleness ${formatDuration(c.stalenessMs)}` : c.level;
}

export interface Provided {
  consistency: Consistency;
  /** Why: "declared", or the reasoning behind the default. */
  why: string;
}

/**
 * What a store gives a reader. A declared `consistency` is taken at its word (cap/promise-not-kept checks the
 * word). Without one the default follows from replication:
 * - a `read-index` read: linearizable (SPEC §5.1);
 * - one replica, or consensus (raft/paxos/zab): linearizable — one copy, or every read and write goes through a majority;
 * - leader-follower: sequential from the leader (one leader orders all writes, but a deposed leader may still
 *   answer); from followers, sequential only when every follower is synchronous, else eventual;
 * - leaderless: read-your-writes when W+R > N without sloppy quorums (undeclared quorums: the default majority), else eventual;
 * - multi-leader: eventual (concurrent writes on different leaders are reconciled after the fact).
 */
export function providedConsistency(store: Store, read?: Read): Provided {
  if (store.consistency) return { consistency: store.consistency, why: 'declared' };
  // SPEC §5.1: a `read-index` read confirms the leader's commit index before answering.
  if (read?.readIndex) return { consistency: { level: 'linearizable' }, why: "read-index: the replica confirms the leader's commit index first" };
  const n = store.replicas;
  if (n === 1) return { consistency: { level: 'linearizable' }, why: 'a single replica' };
  if (isConsensusGroup(store)) return { consistency: { level: 'linearizable' }, why: `consensus (${store.election})` };
  switch (store.replication) {
    case 'leader-follower': {
      const fromLeader = (read?.from ?? DEFAULTS.readFrom) === 'leader';
      if (fromLeader) return { consistency: { level: 'sequential' }, why: 'leader-follower, read from the leader' };
      if (store.syncFollowers >= n - 1) return { consistency: { level: 'sequential' }, why: 'every follower is synchronous' };
      return { consistency: { level: 'eventual' }, why: `reads from followers with sync-followers ${store.syncFollowers} of ${n - 1}` };
    }
    case 'leaderless': {
      // Undeclared quorums are the default majority (quorum.ts), which overlap.
      const { w, r, wDefault, rDefault } = leaderlessQuorums(store);
      const quorums = `${showQuorum('W', w, wDefault)}, ${showQuorum('R', r, rDefault)}`;
      if (w + r > n && !store.sloppyQuorum) {
        return { consistency: { level: 'read-your-writes' }, why: `leaderless with ${quorums}: W+R=${w + r} > N=${n}` };
      }
      return { consistency: { level: 'eventual' }, why: store.sloppyQuorum ? 'leaderless with a sloppy quorum' : `leaderless with ${quorums}: W+R=${w + r} ≤ N=${n}` };
    }
    case 'multi-leader':
      return { consistency: { level: 'eventual' }, why: 'multi-leader' };
    default:
      // `replication none` (or undeclared) with several replicas: copies that are not kept in step.
      return { consistency: { level: 'eventual' }, why: `${n} replicas with no declared replication` };
  }
}
