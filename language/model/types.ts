import type { Atom, ArchDocument, Statement } from '../ast';
import type { Diagnostic } from '../diagnostic';
import type { Range } from '../range';
import type { ConsistencyLevel } from '../vocabulary/enums';
import type { PropertyName } from '../vocabulary/names';
import type { ElementKind } from '../vocabulary/property';

/*
 * The resolved model: what the rules, hover, diagram and simulator read. Every part keeps the statement it came
 * from, so a rule can put its diagnostic on the narrowest range (`e.props.statement('zones')` gives a property's
 * statement). Read-only throughout (fields, arrays, maps, sets): the model is built once and shared by every
 * rule, the hover and the diagram of one analysis, so nothing may change it after `buildModel` returns.
 */

/**
 * For builders only (`elements.ts`, placement): a model type with its own fields writable, so a builder can fill
 * one object (optional fields only when present) and hand it out as the read-only type. Shallow.
 */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A property block read into values, keyed by property name; repeatable properties hold arrays. */
export interface PropertyBag {
  /** The statement of a (non-repeatable) property, for ranges. */
  statement(name: PropertyName): Statement | undefined;
  /** Every statement of a property, in source order (for repeatable ones). */
  statements(name: PropertyName): readonly Statement[];
  has(name: PropertyName): boolean;
}

export interface Replica {
  readonly index: number;
  /** Undefined when the element declares no zones. */
  readonly zone?: string;
  readonly region?: string;
}

export interface Provided {
  readonly timeouts: boolean;
  readonly retries: boolean;
  readonly circuitBreaker: boolean;
  readonly tracing: boolean;
  readonly metrics: boolean;
  readonly logging: boolean;
}

export interface Consistency {
  readonly level: ConsistencyLevel;
  /** For bounded-staleness. */
  readonly stalenessMs?: number;
}

/** One `calls TARGET[.OP]` of an operation: which of the service's calls the operation makes. */
export interface OperationCall {
  readonly target: string;
  readonly operation?: string;
  readonly range: Range;
}

export interface Operation {
  readonly name: string;
  readonly idempotent: boolean;
  /**
   * The calls the operation lists (`calls a.x, b`), in source order; empty when it lists none, which means every
   * call of the service (SPEC §5.1). Only service operations take `calls`.
   */
  readonly calls: readonly OperationCall[];
  readonly statement: Statement;
  readonly nameRange: Range;
}

export interface ElementBase {
  readonly kind: ElementKind;
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly statement: Statement;
  readonly nameRange: Range;
  readonly props: PropertyBag;
}

export interface DeployableBase extends ElementBase {
  readonly replicas: number;
  readonly zones: readonly string[];
  readonly placement: readonly Replica[];
  /** Declared `entry`, or a gateway. */
  readonly entry: boolean;
  readonly healthCheckMs?: number;
  readonly provides: Provided;
  readonly observability: ReadonlySet<string>;
  readonly operations: ReadonlyMap<string, Operation>;
  /** `capacity N`: requests per second one replica serves. */
  readonly capacity?: number;
  /** `scope` (default `regional`, DEFAULTS.scope): a `zonal` element is deliberately zone-local. */
  readonly scope: 'zonal' | 'regional';
  /** `load N` on an entry point: peak requests per second arriving. */
  readonly load?: number;
}

export interface Backoff {
  readonly kind: 'none' | 'constant' | 'exponential';
  readonly baseMs?: number;
  readonly maxMs?: number;
}

export interface CircuitBreaker {
  readonly failureRate?: number;
  readonly windowMs?: number;
  readonly cooldownMs?: number;
}

export interface Call {
  readonly caller: string;
  readonly target: string;
  readonly operation?: string;
  readonly statement: Statement;
  readonly targetRange: Range;
  readonly props: PropertyBag;
  readonly timeoutMs?: number;
  readonly retry: number;
  readonly backoff?: Backoff;
  readonly jitter?: 'none' | 'full' | 'equal';
  readonly circuitBreaker?: CircuitBreaker;
  readonly idempotencyKey?: string;
  readonly fallback?: string;
  readonly mode: 'sync' | 'async';
  /** `retry-budget P%`: retries capped at P% of requests; amplification at this hop is at most 1 + P/100. */
  readonly retryBudget?: number;
}

export interface Access {
  readonly target: string;
  readonly statement: Statement;
  readonly targetRange: Range;
  readonly props: PropertyBag;
}
export interface Read extends Access {
  readonly from?: 'leader' | 'followers' | 'any';
  readonly consistency?: Consistency;
  /** `read-index`: followers confirm the leader's commit index before answering (linearizable reads). */
  readonly readIndex: boolean;
}
export interface Publish extends Access {
  readonly outbox: boolean;
}
export interface Consume extends Access {
  readonly idempotent: boolean;
  readonly dedupe?: string;
}

export interface Gateway extends DeployableBase {
  readonly kind: 'gateway';
  readonly routes: readonly { readonly target: string; readonly range: Range }[];
  readonly rateLimit?: number;
  readonly timeoutMs?: number;
}

export interface Service extends DeployableBase {
  readonly kind: 'service';
  readonly calls: readonly Call[];
  readonly reads: readonly Read[];
  readonly writes: readonly Access[];
  readonly publishes: readonly Publish[];
  readonly consumes: readonly Consume[];
  readonly bulkhead?: number;
  readonly rateLimit?: number;
}

/**
 * The leader-follower and election vocabulary of SPEC §5.1, shared by stores and queues (clusters have the
 * election part). Effective values: defaults applied (`promote`, `failoverScope`); `electionQuorum` as declared —
 * the votes an election needs by default depend on the protocol (semantics.ts `electionQuorum`).
 */
export interface ElectionFields {
  /** `election-quorum N` as declared (undefined: the protocol's default, see semantics.ts). */
  readonly electionQuorum?: number;
  /** `promote`: declared, else `in-sync` on a consensus group or with `sync-followers` ≥ 1, else `any`. */
  readonly promote: 'in-sync' | 'any';
  /** `failover-scope` (default `any`, DEFAULTS.failoverScope). */
  readonly failoverScope: 'zone' | 'region' | 'any';
}

export interface Store extends DeployableBase, ElectionFields {
  readonly kind: 'store';
  readonly engine?: string;
  readonly replication?: 'none' | 'leader-follower' | 'multi-leader' | 'leaderless';
  readonly syncFollowers: number;
  readonly writeQuorum?: number;
  readonly readQuorum?: number;
  readonly sloppyQuorum: boolean;
  readonly conflictResolution?: string;
  readonly consistency?: Consistency;
  readonly cap?: 'CP' | 'AP';
  readonly holds: readonly string[];
  readonly failover?: 'automatic' | 'manual' | 'none';
  readonly election?: 'raft' | 'paxos' | 'zab' | 'bully' | 'none';
  readonly coordinator?: string;
  readonly electionTimeout?: { readonly min: number; readonly max: number };
  readonly heartbeatMs?: number;
  readonly fencing: boolean;
  readonly partitioning?: 'hash' | 'consistent-hash' | 'range' | 'geo';
  readonly partitionKey?: string;
  readonly shards?: number;
  readonly eventSourced: boolean;
  readonly snapshotEvery?: number;
}

export interface Queue extends DeployableBase, ElectionFields {
  readonly kind: 'queue';
  readonly delivery?: 'at-most-once' | 'at-least-once' | 'exactly-once';
  readonly ordering?: 'none' | 'per-key' | 'total';
  readonly deadLetter?: string;
  readonly retentionMs?: number;
  /** SPEC §5.1: the leader-follower properties of a store, with the same meaning and defaults. */
  readonly replication?: 'none' | 'leader-follower';
  readonly syncFollowers: number;
  readonly failover?: 'automatic' | 'manual' | 'none';
  readonly election?: 'raft' | 'paxos' | 'zab' | 'bully' | 'none';
  readonly coordinator?: string;
  readonly electionTimeout?: { readonly min: number; readonly max: number };
  readonly heartbeatMs?: number;
  readonly fencing: boolean;
}

export interface Cache extends DeployableBase {
  readonly kind: 'cache';
  readonly strategy?: 'cache-aside' | 'read-through' | 'write-through' | 'write-behind' | 'refresh-ahead';
  readonly for?: string;
  readonly ttlMs?: number;
  readonly invalidation?: 'ttl' | 'event' | 'manual';
}

export interface Cluster extends DeployableBase, ElectionFields {
  readonly kind: 'cluster';
  readonly consensus?: 'raft' | 'paxos' | 'zab' | 'none';
  readonly electionTimeout?: { readonly min: number; readonly max: number };
  readonly heartbeatMs?: number;
}

/**
 * SPEC §5.1: a caller outside the system. Not deployed (no replicas, no zones, never a SPOF, never lost with a
 * zone); its calls are the first hop of every chain that starts at it.
 */
export interface Client extends ElementBase {
  readonly kind: 'client';
  /** `instances N`: fleet size (informational). */
  readonly instances?: number;
  /** `load N`: peak requests per second the fleet sends. */
  readonly load?: number;
  readonly calls: readonly Call[];
}

/** What makes calls: services and clients. */
export type Caller = Service | Client;

export interface Lock extends ElementBase {
  readonly kind: 'lock';
  readonly backend?: string;
  readonly leaseMs?: number;
  readonly fencing: boolean;
  readonly protects?: string;
  readonly holders: readonly string[];
}

export interface External extends ElementBase {
  readonly kind: 'external';
  readonly availability?: number;
  readonly operations: ReadonlyMap<string, Operation>;
  readonly idempotent: boolean;
}

/** `action` or `compensate` of a saga step: `TARGET` or `TARGET.operation`. */
export interface StepTarget {
  readonly target: string;
  readonly operation?: string;
  readonly range: Range;
}

export interface SagaStep {
  readonly name: string;
  readonly statement: Statement;
  readonly nameRange: Range;
  readonly props: PropertyBag;
  readonly action?: StepTarget;
  readonly compensate?: StepTarget;
  readonly pivot: boolean;
}

export interface Saga extends ElementBase {
  readonly kind: 'saga';
  readonly style?: 'orchestration' | 'choreography';
  readonly orchestrator?: string;
  readonly steps: readonly SagaStep[];
}

export interface Transaction extends ElementBase {
  readonly kind: 'transaction';
  readonly protocol?: string;
  readonly coordinator?: string;
  readonly participants: readonly string[];
}

export interface Projection extends ElementBase {
  readonly kind: 'projection';
  readonly source?: string;
  readonly store?: string;
  readonly lagBudgetMs?: number;
}

/*
 * A scenario's statements, typed (SPEC §4). `language/model/scenario.ts` reads `at …` and `expect …` statements
 * into these; a statement it cannot read gets a `schema` diagnostic and is left out, so the simulator only ever
 * sees well-formed faults. Every fault and expectation keeps its statement's range for diagnostics and traces.
 */

/** Which node a fault acts on: the current leader, the current lock holder, or a member by 0-based index. */
export type NodeSelector =
  | { readonly kind: 'leader' }
  | { readonly kind: 'holder' }
  | { readonly kind: 'index'; readonly index: number; readonly range: Range };

interface FaultBase {
  /** Virtual time in milliseconds from the start of the run. */
  readonly atMs: number;
  readonly statement: Statement;
  readonly range: Range;
}

export type Fault =
  /** `crash leader`, `crash N`. */
  | (FaultBase & { readonly kind: 'crash'; readonly node: NodeSelector })
  /** `crash zone Z`, `lose zone Z`: every member placed in Z crashes. */
  | (FaultBase & { readonly kind: 'lose-zone'; readonly zone: string; readonly zoneRange: Range })
  /** `restart` (every crashed node), `restart N`, `restart leader` (the last leader that crashed). */
  | (FaultBase & { readonly kind: 'restart'; readonly node?: NodeSelector })
  /** `partition a | b, c`: each side a set of zones; a message between two sides is dropped. */
  | (FaultBase & { readonly kind: 'partition'; readonly sides: readonly (readonly string[])[] })
  /** `heal`: every partition is lifted (crashed nodes stay crashed). */
  | (FaultBase & { readonly kind: 'heal' })
  /** `pause leader D`, `pause N D`, `pause holder D`: the node handles nothing for D, then resumes. */
  | (FaultBase & { readonly kind: 'pause'; readonly node: NodeSelector; readonly durationMs: number })
  /** `fail step NAME`: the saga step fails permanently from this time on. */
  | (FaultBase & { readonly kind: 'fail-step'; readonly step: string })
  /** `drop P%`: every message is lost with probability P from this time on. */
  | (FaultBase & { readonly kind: 'drop'; readonly percent: number });

export type FaultKind = Fault['kind'];

interface ExpectationBase {
  readonly statement: Statement;
  readonly range: Range;
}

export type Expectation =
  | (ExpectationBase & { readonly kind: 'no-split-brain' })
  /** p99 over seeds and failovers of the time without a leader that can reach a majority. */
  | (ExpectationBase & { readonly kind: 'leader-within'; readonly withinMs: number })
  | (ExpectationBase & { readonly kind: 'no-lost-writes' })
  | (ExpectationBase & { readonly kind: 'mutual-exclusion' })
  | (ExpectationBase & { readonly kind: 'saga-atomic' })
  /** `stale-reads below P%`: the stale-read rate over every seed stays under P percent. */
  | (ExpectationBase & { readonly kind: 'stale-reads-below'; readonly percent: number });

export type ExpectationKind = Expectation['kind'];

export interface Scenario extends ElementBase {
  readonly kind: 'scenario';
  readonly target?: string;
  readonly seeds?: number;
  readonly seed?: number;
  readonly durationMs?: number;
  readonly load?: number;
  /** Well-formed faults in source order (malformed ones got a diagnostic and are left out). */
  readonly faults: readonly Fault[];
  /** Well-formed expectations in source order. */
  readonly expectations: readonly Expectation[];
}

export interface Region extends ElementBase {
  readonly kind: 'region';
  readonly zones: readonly string[];
}

export type Deployable = Gateway | Service | Store | Queue | Cache | Cluster;
export type Element = Region | Deployable | Client | Lock | External | Saga | Transaction | Projection | Scenario;

export interface LatencyRange {
  readonly min: number;
  readonly max: number;
}

export interface Network {
  readonly sameZone: LatencyRange;
  readonly crossZone: LatencyRange;
  readonly crossRegion: LatencyRange;
  readonly lossPercent: number;
  readonly statement?: Statement;
}

export interface ArchModel {
  readonly document: ArchDocument;
  readonly elements: ReadonlyMap<string, Element>;
  /** zone name → region name */
  readonly zoneRegion: ReadonlyMap<string, string>;
  readonly regions: ReadonlyMap<string, Region>;
  readonly network: Network;
  /** Diagnostics found while building: `schema`, `reference`, `duplicate`. */
  readonly diagnostics: readonly Diagnostic[];
}
