import type { Cluster, Element, Queue, Store } from '../../../language/model/types';
import { DEFAULTS } from '../../../language/model/defaults';
import { isConsensusGroup } from '../../../language/model/semantics';

/** SPEC §1.2: defaults when an election is declared without them (one place: language/model/defaults.ts). */
export const DEFAULT_HEARTBEAT_MS = DEFAULTS.heartbeatMs;
export const DEFAULT_ELECTION_TIMEOUT = DEFAULTS.electionTimeoutMs;

export interface ElectionParams {
  element: Store | Queue | Cluster;
  heartbeatMs: number;
  timeout: { min: number; max: number };
  heartbeatDeclared: boolean;
  timeoutDeclared: boolean;
}

/**
 * Elements that run a leader election: consensus groups, stores and queues with any `election` other than none,
 * and stores and queues with `failover automatic` (the naive failover also waits an election timeout of missed
 * heartbeats).
 */
export function electionParams(e: Element): ElectionParams | undefined {
  if (e.kind !== 'store' && e.kind !== 'cluster' && e.kind !== 'queue') return undefined;
  const runs =
    isConsensusGroup(e) || (e.kind !== 'cluster' && ((e.election !== undefined && e.election !== 'none') || e.failover === 'automatic'));
  if (!runs) return undefined;
  return {
    element: e,
    heartbeatMs: e.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    timeout: e.electionTimeout ?? DEFAULT_ELECTION_TIMEOUT,
    heartbeatDeclared: e.heartbeatMs !== undefined,
    timeoutDeclared: e.electionTimeout !== undefined,
  };
}

export function showTimeout(t: { min: number; max: number }): string {
  return t.min === t.max ? `${t.min}ms` : `${t.min}ms..${t.max}ms`;
}
