import { EXPECTATION_FORMS, FAULT_FORMS } from './scenario';
/** The closed word lists of SPEC §1.2, shared by the schemas, completion and the rules. */

/** Strongest first: the index is the strength order used by `consistency/read-mismatch`. */
export const CONSISTENCY_LEVELS = [
  'linearizable',
  'strong',
  'sequential',
  'causal',
  'read-your-writes',
  'monotonic-reads',
  'bounded-staleness',
  'eventual',
] as const;
export type ConsistencyLevel = (typeof CONSISTENCY_LEVELS)[number];

export const CRITICAL_CATEGORIES = ['money', 'inventory', 'bookings', 'identity', 'locks'] as const;
export const TOLERANT_CATEGORIES = ['cart', 'session', 'feed', 'catalog', 'profile', 'analytics', 'logs', 'metrics'] as const;
export const DATA_CATEGORIES = [...CRITICAL_CATEGORIES, ...TOLERANT_CATEGORIES] as const;

export const PROVIDES = ['timeouts', 'retries', 'circuit-breaker', 'tracing', 'metrics', 'logging'] as const;
export const OBSERVABILITY = ['tracing', 'metrics', 'logs'] as const;

export const REPLICATION = ['none', 'leader-follower', 'multi-leader', 'leaderless'] as const;
/** A queue replicates its log like a leader-follower store, or not at all (SPEC §5.1). */
export const QUEUE_REPLICATION = ['none', 'leader-follower'] as const;
export const CONFLICT_RESOLUTION = ['last-write-wins', 'vector-clocks', 'crdt', 'application'] as const;
export const FAILOVER = ['automatic', 'manual', 'none'] as const;
export const ELECTION = ['raft', 'paxos', 'zab', 'bully', 'none'] as const;
export const CONSENSUS = ['raft', 'paxos', 'zab', 'none'] as const;
/** The election protocols that always need a majority of the members (SPEC §5.1 `election-quorum`). */
export const MAJORITY_PROTOCOLS = ['raft', 'paxos', 'zab'] as const;
/** `promote`: which followers automatic failover may promote (SPEC §5.1). */
export const PROMOTE = ['in-sync', 'any'] as const;
/** `failover-scope`: where a new leader may come from, relative to the old one's (SPEC §5.1). */
export const FAILOVER_SCOPE = ['zone', 'region', 'any'] as const;
/** `scope` of a deployable element (SPEC §5.1). */
export const SCOPE = ['zonal', 'regional'] as const;
export const PARTITIONING = ['hash', 'consistent-hash', 'range', 'geo'] as const;
export const CAP = ['CP', 'AP'] as const;
export const BACKOFF = ['none', 'constant', 'exponential'] as const;
export const JITTER = ['none', 'full', 'equal'] as const;
export const CALL_MODE = ['sync', 'async'] as const;
export const READ_FROM = ['leader', 'followers', 'any'] as const;
export const DELIVERY = ['at-most-once', 'at-least-once', 'exactly-once'] as const;
export const ORDERING = ['none', 'per-key', 'total'] as const;
export const CACHE_STRATEGY = ['cache-aside', 'read-through', 'write-through', 'write-behind', 'refresh-ahead'] as const;
export const INVALIDATION = ['ttl', 'event', 'manual'] as const;
export const SAGA_STYLE = ['orchestration', 'choreography'] as const;
export const TX_PROTOCOL = ['two-phase-commit'] as const;

/** The words after `expect` and after `at T` (language/vocabulary/scenario.ts has their shapes). */
export const EXPECTATIONS: readonly string[] = EXPECTATION_FORMS.map((f) => f.word);
export const FAULTS: readonly string[] = FAULT_FORMS.map((f) => f.word);
