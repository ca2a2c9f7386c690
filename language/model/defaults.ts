/*
 * Every default the SPEC (§1.2, §2, §4, §5) gives, and the few the project chose where the SPEC names none
 * (docs/spec-changes.md), in one frozen object. The model builder, the rules, the hover and the simulator read
 * them from here, so a default cannot differ between two places. A leaf module: it imports nothing but types.
 */

import type { LatencyRange, Network } from './types';

function range(min: number, max: number): Readonly<LatencyRange> {
  return Object.freeze({ min, max });
}

export const DEFAULTS = Object.freeze({
  // ---- §1.2 language
  /** `replicas N` (common property). */
  replicas: 1,
  /** `sync-followers N` on a leader-follower store: 0 = asynchronous followers. */
  syncFollowers: 0,
  /** A call block's `mode`. */
  callMode: 'sync' as 'sync' | 'async',
  /** A call block's `retry` (extra attempts). */
  retry: 0,
  /**
   * The delay of a `backoff constant|exponential` that names no BASE..MAX. The SPEC names none; the project's
   * choice (docs/spec-changes.md), used by the worst-case time of a call (analyzers/analysis/calls.ts).
   */
  backoffBaseMs: 100,
  /** Gateways are entry points without `entry`. */
  gatewayIsEntry: true,
  /** Heartbeat when an election is declared without one. */
  heartbeatMs: 50,
  /** Election timeout (randomized range) when an election is declared without one. */
  electionTimeoutMs: range(150, 300),
  /**
   * Leaderless `write-quorum` / `read-quorum` when undeclared: a majority of N (⌊N/2⌋ + 1). The SPEC names none;
   * see docs/spec-changes.md ("Undeclared leaderless quorums are a majority").
   */
  leaderlessQuorum: 'majority' as const,
  /** Consensus protocols (raft, paxos, zab) elect and commit with a majority of the members. */
  consensusQuorum: 'majority' as const,
  /**
   * Where a `reads` without `from` reads: the leader. The SPEC names no default; `cap/promise-not-kept` counts only
   * follower reads, which is this reading (docs/spec-changes.md, "One semantics module").
   */
  readFrom: 'leader' as 'leader' | 'followers' | 'any',
  /** One-way network latency in milliseconds, and message loss, unless a top-level `network` block overrides them. */
  network: Object.freeze({
    sameZone: range(0.5, 1),
    crossZone: range(1, 2),
    crossRegion: range(30, 60),
    lossPercent: 0,
  }) as Readonly<Network>,

  // ---- §2 rules
  /** `retry/amplification` fires above this Π(retry+1) (configurable: `amplificationLimit`). */
  amplificationLimit: 10,

  // ---- §4 runnable model
  /** `load N`: client writes per second against a scenario's target. */
  scenarioLoad: 50,
  /** A scenario's `duration` when it declares none (the SPEC's example; docs/spec-changes.md). */
  scenarioDurationMs: 60_000,
  /** Seeds of "Simulate failover" from the command palette. */
  seeds: 200,
  /** A failed saga step is retried this many times before compensation runs. */
  sagaStepRetries: 3,
  /** Lock holders renew every lease / this. */
  leaseRenewDivisor: 3,

  // ---- §5.1 review depth (for the vocabulary as it lands)
  /** `election-quorum` of `election bully`: a node that sees no higher node elects itself. */
  bullyElectionQuorum: 1,
  /** `failover-scope`. */
  failoverScope: 'any' as 'zone' | 'region' | 'any',
  /** `scope` of a deployable element. */
  scope: 'regional' as 'zonal' | 'regional',
  /** A `reads` without `read-index` reads the replica it asks, without confirming the leader's commit index. */
  readIndex: false,
});

/** SPEC §5.1: `promote` defaults to `in-sync` when `sync-followers` ≥ 1, else `any`. */
export function defaultPromote(syncFollowers: number): 'in-sync' | 'any' {
  return syncFollowers >= 1 ? 'in-sync' : 'any';
}

/**
 * `promote` of an element that declares none: a consensus group (raft, paxos, zab) only ever elects a member
 * holding every committed write (Raft's election restriction), so `in-sync`; otherwise `defaultPromote`
 * (docs/spec-changes.md, "Review-depth vocabulary").
 */
export function defaultPromoteOf(consensusGroup: boolean, syncFollowers: number): 'in-sync' | 'any' {
  return consensusGroup ? 'in-sync' : defaultPromote(syncFollowers);
}
