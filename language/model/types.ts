import type { Atom, ArchDocument, Statement } from '../ast';
import type { Diagnostic } from '../diagnostic';
import type { Range } from '../range';
import type { ConsistencyLevel } from '../vocabulary/enums';
import type { ElementKind } from '../vocabulary/property';

/*
 * The resolved model: what the rules, hover, diagram and simulator read. Every part keeps the statement it came
 * from, so a rule can put its diagnostic on the narrowest range (`prop(…)` gives a property's statement).
 */

/** A property block read into values, keyed by property name; repeatable properties hold arrays. */
export interface PropertyBag {
  /** The statement of a (non-repeatable) property, for ranges. */
  statement(name: string): Statement | undefined;
  /** Every statement of a property, in source order (for repeatable ones). */
  statements(name: string): Statement[];
  has(name: string): boolean;
}

export interface Replica {
  index: number;
  /** Undefined when the element declares no zones. */
  zone?: string;
  region?: string;
}

export interface Provided {
  timeouts: boolean;
  retries: boolean;
  circuitBreaker: boolean;
  tracing: boolean;
  metrics: boolean;
  logging: boolean;
}

export interface Consistency {
  level: ConsistencyLevel;
  /** For bounded-staleness. */
  stalenessMs?: number;
}

export interface Operation {
  name: string;
  idempotent: boolean;
  statement: Statement;
  nameRange: Range;
}

export interface ElementBase {
  kind: ElementKind;
  name: string;
  title?: string;
  description?: string;
  statement: Statement;
  nameRange: Range;
  props: PropertyBag;
}

export interface DeployableBase extends ElementBase {
  replicas: number;
  zones: string[];
  placement: Replica[];
  /** Declared `entry`, or a gateway. */
  entry: boolean;
  healthCheckMs?: number;
  provides: Provided;
  observability: Set<string>;
  operations: Map<string, Operation>;
}

export interface Backoff {
  kind: 'none' | 'constant' | 'exponential';
  baseMs?: number;
  maxMs?: number;
}

export interface CircuitBreaker {
  failureRate?: number;
  windowMs?: number;
  cooldownMs?: number;
}

export interface Call {
  caller: string;
  target: string;
  operation?: string;
  statement: Statement;
  targetRange: Range;
  props: PropertyBag;
  timeoutMs?: number;
  retry: number;
  backoff?: Backoff;
  jitter?: 'none' | 'full' | 'equal';
  circuitBreaker?: CircuitBreaker;
  idempotencyKey?: string;
  fallback?: string;
  mode: 'sync' | 'async';
}

export interface Access {
  target: string;
  statement: Statement;
  targetRange: Range;
  props: PropertyBag;
}
export interface Read extends Access {
  from?: 'leader' | 'followers' | 'any';
  consistency?: Consistency;
}
export interface Publish extends Access {
  outbox: boolean;
}
export interface Consume extends Access {
  idempotent: boolean;
  dedupe?: string;
}

export interface Gateway extends DeployableBase {
  kind: 'gateway';
  routes: { target: string; range: Range }[];
  rateLimit?: number;
  timeoutMs?: number;
}

export interface Service extends DeployableBase {
  kind: 'service';
  calls: Call[];
  reads: Read[];
  writes: Access[];
  publishes: Publish[];
  consumes: Consume[];
  bulkhead?: number;
  rateLimit?: number;
}

export interface Store extends DeployableBase {
  kind: 'store';
  engine?: string;
  replication?: 'none' | 'leader-follower' | 'multi-leader' | 'leaderless';
  syncFollowers: number;
  writeQuorum?: number;
  readQuorum?: number;
  sloppyQuorum: boolean;
  conflictResolution?: string;
  consistency?: Consistency;
  cap?: 'CP' | 'AP';
  holds: string[];
  failover?: 'automatic' | 'manual' | 'none';
  election?: 'raft' | 'paxos' | 'zab' | 'bully' | 'none';
  coordinator?: string;
  electionTimeout?: { min: number; max: number };
  heartbeatMs?: number;
  fencing: boolean;
  partitioning?: 'hash' | 'consistent-hash' | 'range' | 'geo';
  partitionKey?: string;
  shards?: number;
  eventSourced: boolean;
  snapshotEvery?: number;
}

export interface Queue extends DeployableBase {
  kind: 'queue';
  delivery?: 'at-most-once' | 'at-least-once' | 'exactly-once';
  ordering?: 'none' | 'per-key' | 'total';
  deadLetter?: string;
  retentionMs?: number;
}

export interface Cache extends DeployableBase {
  kind: 'cache';
  strategy?: 'cache-aside' | 'read-through' | 'write-through' | 'write-behind' | 'refresh-ahead';
  for?: string;
  ttlMs?: number;
  invalidation?: 'ttl' | 'event' | 'manual';
}

export interface Cluster extends DeployableBase {
  kind: 'cluster';
  consensus?: 'raft' | 'paxos' | 'zab' | 'none';
  electionTimeout?: { min: number; max: number };
  heartbeatMs?: number;
}

export interface Lock extends ElementBase {
  kind: 'lock';
  backend?: string;
  leaseMs?: number;
  fencing: boolean;
  protects?: string;
  holders: string[];
}

export interface External extends ElementBase {
  kind: 'external';
  availability?: number;
  operations: Map<string, Operation>;
  idempotent: boolean;
}

export interface SagaStep {
  name: string;
  statement: Statement;
  nameRange: Range;
  props: PropertyBag;
  action?: { target: string; operation?: string; range: Range };
  compensate?: { target: string; operation?: string; range: Range };
  pivot: boolean;
}

export interface Saga extends ElementBase {
  kind: 'saga';
  style?: 'orchestration' | 'choreography';
  orchestrator?: string;
  steps: SagaStep[];
}

export interface Transaction extends ElementBase {
  kind: 'transaction';
  protocol?: string;
  coordinator?: string;
  participants: string[];
}

export interface Projection extends ElementBase {
  kind: 'projection';
  source?: string;
  store?: string;
  lagBudgetMs?: number;
}

export interface ScenarioStatement {
  statement: Statement;
  atoms: Atom[];
}

export interface Scenario extends ElementBase {
  kind: 'scenario';
  target?: string;
  seeds?: number;
  seed?: number;
  durationMs?: number;
  load?: number;
  faults: ScenarioStatement[];
  expectations: ScenarioStatement[];
}

export interface Region extends ElementBase {
  kind: 'region';
  zones: string[];
}

export type Deployable = Gateway | Service | Store | Queue | Cache | Cluster;
export type Element = Region | Deployable | Lock | External | Saga | Transaction | Projection | Scenario;

export interface LatencyRange {
  min: number;
  max: number;
}

export interface Network {
  sameZone: LatencyRange;
  crossZone: LatencyRange;
  crossRegion: LatencyRange;
  lossPercent: number;
  statement?: Statement;
}

export interface ArchModel {
  document: ArchDocument;
  elements: Map<string, Element>;
  /** zone name → region name */
  zoneRegion: Map<string, string>;
  regions: Map<string, Region>;
  network: Network;
  /** Diagnostics found while building: `schema`, `reference`, `duplicate`. */
  diagnostics: Diagnostic[];
}
