import type { Limits } from './engine';

/*
 * The simulator's own choices where neither the SPEC nor language/model/defaults.ts names a value. SPEC defaults
 * (heartbeat, election timeout, latencies, load, seeds) are read from DEFAULTS, never copied here.
 */

export const SIM_DEFAULTS = Object.freeze({
  /**
   * After `duration`, the run goes on without new faults or client writes for up to this long, so a failover under
   * way when the scenario ends is finished before it is judged ("the leader that follows", docs/scenarios.md):
   * this many election timeouts (the range's upper end) plus as many heartbeats.
   */
  settleElectionTimeouts: 8,
  /** A client write not answered within this long is sent again, to another node. */
  clientTimeoutMs: 1_000,
  /** Sends of one client write (first attempt, redirects, retries after a timeout) before the client gives up. */
  clientAttempts: 6,
  /** Entries per replication message: a follower far behind catches up over several heartbeats. */
  maxBatch: 256,
  /** Seeds per scenario at most (`seeds 1e9` is a typo, not a request for a week of runs). */
  maxSeeds: 100_000,
  /** Client writes per second at most: a higher `load` is reported as not simulated (each write is tracked). */
  maxLoad: 10_000,
  /** Members simulated at most: a larger group is reported as not simulated rather than run for hours. */
  maxMembers: 100,
  /** Trace lines of a counterexample at most (the rest is counted in a last line). */
  maxTraceLines: 2_000,
  /** Trace lines of a whole run (`fullTrace`) at most. */
  maxFullTraceLines: 200_000,
  /**
   * Records a traced run keeps of what only the trace and the timeline show (messages, redirects, discards) at
   * most, as many as a whole run's trace can print: past it a run of millions of events would hold gigabytes
   * (5,000,000 events of a 99-member group: 3.2 GB, 37 s) for lines nobody is shown. What the checkers read is
   * always kept.
   */
  maxTraceRecords: 200_000,
  /** Messages are shown in a counterexample's trace from this long before the failure… */
  traceBeforeMs: 1_500,
  /** …to this long after it (faults and leadership changes are always shown). */
  traceAfterMs: 500,
  /** A lock holder writes to the protected store this often while it holds the lock (at most every renewal). */
  lockWriteEveryMs: 1_000,
  /** A saga step (or compensation) request not answered within this long is sent again, when no `call` sets a timeout. */
  sagaStepTimeoutMs: 1_000,
  /** Saga instances per run at most (`load` × duration). */
  maxSagaInstances: 20_000,
});

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxEvents: 5_000_000,
  maxTimeMs: 24 * 3600_000,
  maxWallMs: 30_000,
  checkEvery: 1_024,
});
