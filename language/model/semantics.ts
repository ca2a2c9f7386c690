import { DEFAULTS } from './defaults';
import type { ArchModel, Cluster, Deployable, Element, Mutable, Queue, Replica, Store } from './types';

/*
 * What a design means, answered once: where replicas are placed, how many live replicas a read or a write
 * needs, and what losing a zone does to an element. The static rules (quorum/*, spof/zone-outage), the hover,
 * the zone-loss view of the diagram and the simulator all ask these questions here, so they cannot disagree.
 *
 * The rules of serving (SPEC §2 "down", §4; refinements in docs/spec-changes.md, "One semantics module"):
 *
 * - Consensus group (a cluster with `consensus` ≠ none — undeclared counts as running one — or a store or queue
 *   with `election raft|paxos|zab`): a leader exists only while a majority of the members is live; electing a new
 *   one needs the larger of the majority and `election-quorum` (a smaller one is a `schema` error). Writes need that
 *   majority, and on a store also the leader plus its `sync-followers` (SPEC §4: the election chooses the leader,
 *   it does not change the ack rule), so max(majority, sync-followers + 1). Reads from the leader need the
 *   majority; reads `from followers|any` need one live member.
 * - Leaderless store: writes need W live replicas, reads R (undeclared: a majority of N). With `sloppy-quorum` a
 *   write is accepted by whatever replicas are live: they keep hinted copies for the home replicas they stand in
 *   for (hinted handoff), so writes need one live replica — the price is that W + R > N no longer guarantees an
 *   overlap (reported by cap/promise-not-kept and counted as stale reads by the simulator). Reads are never
 *   sloppy: a read needs R answers from distinct live replicas.
 * - Leader-follower store or queue (SPEC §5.1; not a consensus group): writes need the leader plus its
 *   `sync-followers` live (sync-followers + 1). Reads from the leader need the leader, reads `from followers|any`
 *   one live replica; a `read-index` read needs what a leader read needs. Who replaces a dead leader: with
 *   `failover automatic` and a `coordinator`, the coordinator chooses a live follower (only while the coordinator
 *   itself can serve); with `failover automatic` and no coordinator, a `bully` or naive election lets a live node
 *   take over once `election-quorum` members are live (default 1: any live node elects itself); without
 *   automatic failover nobody does, and a dead leader stops writes (and leader reads) until a human acts.
 * - `failover-scope zone|region` (SPEC §5.1): the replacement must come from the old leader's zone or region. In a
 *   zone loss the old leader is assumed in the lost zone, so `zone` leaves no candidate, `region` only the
 *   survivors in that zone's region.
 * - Anything else (services, gateways, queues, caches, multi-leader and unreplicated stores): one live replica.
 *
 * Which replica leads is not in the file. Where it matters, the static answer is the worst case: when any
 * replica is dead the leader is assumed to be among the dead. The simulator, which knows the leader, passes it.
 *
 * Placement: replicas go round-robin over the listed zones (SPEC §1.2). An element that lists no zones, in a file
 * that names zones, is placed nowhere we know: a zone loss is assumed to take all of its replicas (worst case:
 * they may all be in that zone). A design review cannot claim a zone loss is survived on a placement it was not
 * shown.
 */

// ---------------------------------------------------------------------------------------------------------
// Arithmetic

/** ⌊n/2⌋ + 1: the members a majority needs. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** How many members can fail with a majority left: n − majority(n) (0 for n ≤ 2; 3 → 1, 4 → 1, 5 → 2). */
export function failuresTolerated(n: number): number {
  return Math.max(0, n - majority(n));
}

// ---------------------------------------------------------------------------------------------------------
// Placement

/**
 * Round-robin placement of `replicas` over `zones` in order (SPEC §1.2): replica i in zones[i mod zones.length],
 * each with its zone's region. At most `limit` replicas are placed (a `replicas 100000000` typo must not allocate
 * a hundred million objects).
 */
export function placeReplicas(replicas: number, zones: readonly string[], zoneRegion: ReadonlyMap<string, string>, limit = 10_000): Replica[] {
  const placement: Replica[] = [];
  const count = Math.min(replicas, limit);
  for (let i = 0; i < count; i++) {
    const zone = zones.length ? zones[i % zones.length] : undefined;
    const region = zone ? zoneRegion.get(zone) : undefined;
    const replica: Mutable<Replica> = { index: i };
    if (zone) replica.zone = zone;
    if (region) replica.region = region;
    placement.push(replica);
  }
  // At its exact size: grown by `push`, three replicas would hold room for sixteen (issue 13, peak memory).
  return placement.length === 0 ? placement : placement.slice();
}

/** Whether the element says where its replicas are (it lists `zones`). */
export function isPlaced(e: Pick<Deployable, 'placement'>): boolean {
  return e.placement.some((r) => r.zone !== undefined);
}

/** Replica count per zone, in zone-declaration order (empty for an unplaced element). */
export function replicasPerZone(e: Pick<Deployable, 'placement'>): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of e.placement) if (r.zone) out.set(r.zone, (out.get(r.zone) ?? 0) + 1);
  return out;
}

/** Indices of the replicas that survive losing `zone`; none for an unplaced element (worst case). */
export function survivorsOfZoneLoss(e: Pick<Deployable, 'placement'>, zone: string): Set<number> {
  const out = new Set<number>();
  if (!isPlaced(e)) return out;
  for (const r of e.placement) if (r.zone !== zone) out.add(r.index);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Entry points

/**
 * The entry points (SPEC §2, §5.1), in declaration order: gateways and elements marked `entry`, and — when the
 * file declares clients — the deployable elements the clients call. A file with none of these treats every
 * service as an entry point. Clients themselves are not entry points: they are outside the system, the first hop
 * of chains that reach the entry points.
 */
export function entryPointNames(model: ArchModel): string[] {
  const called = new Set<string>();
  for (const e of model.elements.values()) if (e.kind === 'client') for (const c of e.calls) called.add(c.target);
  const declared: string[] = [];
  const services: string[] = [];
  for (const e of model.elements.values()) {
    if (!isDeployableKind(e)) continue;
    if (e.entry || called.has(e.name)) declared.push(e.name);
    if (e.kind === 'service') services.push(e.name);
  }
  return declared.length > 0 ? declared : services;
}

// ---------------------------------------------------------------------------------------------------------
// Kinds of replication

/**
 * SPEC §2: a cluster with `consensus` ≠ none (a cluster that declares none is taken to run one), or a store with
 * `election raft|paxos|zab`; SPEC §5.1: a queue with the same `election` too (the same meaning as on a store).
 */
export function isConsensusGroup(e: Element): boolean {
  if (e.kind === 'cluster') return e.consensus !== 'none';
  if (e.kind === 'store' || e.kind === 'queue') return e.election === 'raft' || e.election === 'paxos' || e.election === 'zab';
  return false;
}

/** A leaderless store that is not also a consensus group (W/R quorums decide). */
export function isLeaderless(e: Element): boolean {
  return e.kind === 'store' && e.replication === 'leaderless' && !isConsensusGroup(e);
}

/** A leader-follower store or queue that is not also a consensus group (its failover decides who leads). */
export function isLeaderFollower(e: Element): boolean {
  return (e.kind === 'store' || e.kind === 'queue') && e.replication === 'leader-follower' && !isConsensusGroup(e);
}

/** The elements with a leader-follower / election vocabulary (SPEC §5.1): stores and queues. */
export function hasLeaderVocabulary(e: Element): e is Store | Queue {
  return e.kind === 'store' || e.kind === 'queue';
}

/**
 * Whether the element runs an election among its members (SPEC §5.2, `election/timeout-vs-latency`): `election`
 * ≠ none on a store or queue, or a cluster with consensus (undeclared counts as running one) — and its leader is
 * not chosen by a `coordinator` instead (a non-consensus store or queue with `failover automatic` and one).
 */
export function runsElection(e: Element): e is Store | Queue | Cluster {
  if (e.kind === 'cluster') return e.consensus !== 'none';
  if (!hasLeaderVocabulary(e) || e.election === undefined || e.election === 'none') return false;
  return isConsensusGroup(e) || !failoverByCoordinator(e);
}

/** A dead leader is replaced by the `coordinator` cluster's choice (SPEC §1.2), not by an election among the members. */
export function failoverByCoordinator(e: Store | Queue): boolean {
  return !isConsensusGroup(e) && e.failover === 'automatic' && e.coordinator !== undefined;
}

export interface ElectionQuorum {
  /** Live members a new leader needs (votes, itself included). */
  votes: number;
  /** Whether `election-quorum` is declared (else the protocol's default). */
  declared: boolean;
  /** ⌊N/2⌋ + 1 of the element's members. */
  majority: number;
  /** How the votes are counted: a consensus majority, or a bully/naive election's quorum. */
  rule: 'majority' | 'quorum';
}

/**
 * Votes a candidate needs to become leader (SPEC §5.1 `election-quorum`): on a consensus group the larger of the
 * majority and the declared quorum (consensus always needs a majority); in a `bully` election, or the naive
 * failover of `failover automatic` without election or coordinator, the declared quorum, else
 * DEFAULTS.bullyElectionQuorum (1: a node that sees no higher node elects itself). Undefined where no election
 * chooses the leader (no failover, or a coordinator chooses).
 */
export function electionQuorum(e: Element): ElectionQuorum | undefined {
  if (e.kind !== 'store' && e.kind !== 'queue' && e.kind !== 'cluster') return undefined;
  const m = majority(e.replicas);
  const declared = e.electionQuorum;
  if (isConsensusGroup(e)) return { votes: Math.max(m, declared ?? m), declared: declared !== undefined, majority: m, rule: 'majority' };
  if (e.kind === 'cluster' || failoverByCoordinator(e)) return undefined;
  const elects = e.election === 'bully' || (e.failover === 'automatic' && (e.election === undefined || e.election === 'none'));
  if (!elects) return undefined;
  return { votes: declared ?? DEFAULTS.bullyElectionQuorum, declared: declared !== undefined, majority: m, rule: 'quorum' };
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
 * of N (DEFAULTS.leaderlessQuorum), the usual Dynamo-style setting (Cassandra QUORUM, Riak's default).
 */
export function leaderlessQuorums(store: Pick<Store, 'replicas' | 'writeQuorum' | 'readQuorum'>): LeaderlessQuorums {
  const m = majority(store.replicas);
  return { w: store.writeQuorum ?? m, r: store.readQuorum ?? m, wDefault: store.writeQuorum === undefined, rDefault: store.readQuorum === undefined };
}

/** `W=2` or `W=2 (default)`, for messages. */
export function showQuorum(label: 'W' | 'R', value: number, isDefault: boolean | undefined): string {
  return `${label}=${value}${isDefault ? ' (default)' : ''}`;
}

// ---------------------------------------------------------------------------------------------------------
// Serving

export type Op = 'read' | 'write';
export type ReadFrom = 'leader' | 'followers' | 'any';

/**
 * How a dead leader is replaced. `none`: there is no leader. `elected`: a consensus election, possible while
 * `need` members are live (already in the count). `any-live`: a naive or bully election, any live node takes
 * over. `coordinator`: the coordinator cluster chooses a live follower, while it can serve. `fixed`: nobody
 * replaces it (failover manual, none or undeclared).
 */
export type LeaderRule = 'none' | 'elected' | 'any-live' | 'coordinator' | 'fixed';

export interface Requirement {
  /** Live replicas needed. */
  need: number;
  /** What `need` is, for messages: "the majority of 2", "W=2 (default)", "the leader and 2 sync followers". */
  label: string;
  /** Whether the operation needs the leader, and what replaces a dead one. */
  leader: LeaderRule;
  /**
   * Live members an election of a replacement leader needs (`electionQuorum`), when the leader is elected
   * (`elected`, `any-live`); undefined otherwise.
   */
  elect?: number;
}

export interface ServeOptions {
  /** For reads: where the reader reads (DEFAULTS.readFrom when not given). Ignored for writes and leaderless stores. */
  from?: ReadFrom;
  /** For reads: `read-index` (SPEC §5.1): followers confirm the leader's commit index, so the read needs what a leader read needs. */
  readIndex?: boolean;
}

function leaderRule(e: Store | Queue): LeaderRule {
  if (e.failover !== 'automatic') return 'fixed';
  return e.coordinator ? 'coordinator' : 'any-live';
}

/** `elect` of a requirement whose leader rule elects: the votes a replacement needs. */
function withElection(req: Requirement, e: Deployable): Requirement {
  if (req.leader !== 'elected' && req.leader !== 'any-live') return req;
  const q = electionQuorum(e);
  return q ? { need: req.need, label: req.label, leader: req.leader, elect: q.votes } : req;
}

function followers(s: number): string {
  return `${s} sync follower${s === 1 ? '' : 's'}`;
}

/** What a read or a write of `e` needs (see the rules at the top of this file). */
export function requirement(e: Deployable, op: Op, options: ServeOptions = {}): Requirement {
  return withElection(baseRequirement(e, op, options), e);
}

function baseRequirement(e: Deployable, op: Op, options: ServeOptions): Requirement {
  const n = e.replicas;
  // A read-index read confirms the leader's commit index: it needs the leader (and its majority) like a leader read.
  const from = options.readIndex ? 'leader' : (options.from ?? DEFAULTS.readFrom);
  if (isConsensusGroup(e)) {
    const m = majority(n);
    if (op === 'read') {
      if (from !== 'leader') return { need: 1, label: `one live member (reads from ${from})`, leader: 'none' };
      return { need: m, label: `the majority of ${m}`, leader: 'elected' };
    }
    const acks = e.kind === 'store' ? e.syncFollowers + 1 : 1;
    if (acks > m) return { need: acks, label: `the leader and ${followers(acks - 1)} (${acks})`, leader: 'elected' };
    return { need: m, label: `the majority of ${m}`, leader: 'elected' };
  }
  if (e.kind === 'store' && isLeaderless(e)) {
    const q = leaderlessQuorums(e);
    if (op === 'read') return { need: q.r, label: showQuorum('R', q.r, q.rDefault), leader: 'none' };
    if (e.sloppyQuorum) return { need: 1, label: `one live replica (sloppy quorum: hinted handoff stands in for ${showQuorum('W', q.w, q.wDefault)})`, leader: 'none' };
    return { need: q.w, label: showQuorum('W', q.w, q.wDefault), leader: 'none' };
  }
  if ((e.kind === 'store' || e.kind === 'queue') && isLeaderFollower(e)) {
    const rule = leaderRule(e);
    if (op === 'read') {
      if (from !== 'leader') return { need: 1, label: `one live replica (reads from ${from})`, leader: 'none' };
      return { need: 1, label: 'the leader', leader: rule };
    }
    const s = e.syncFollowers;
    return { need: s + 1, label: s === 0 ? 'the leader' : `the leader and ${followers(s)} (${s + 1})`, leader: rule };
  }
  return { need: 1, label: 'one live replica', leader: 'none' };
}

/**
 * Live replicas: their indices (the simulator, which may also name the `leader`), or just how many are live
 * (static analysis). `coordinatorUp` says whether a `coordinator` can choose a new leader (default: yes).
 */
export type Alive = ReadonlySet<number> | number | { live: number; leaderAlive?: boolean; coordinatorUp?: boolean };

export interface ServeContext extends ServeOptions {
  /** The leader's index, when known (the simulator). Unknown: worst case, dead whenever some replica is. */
  leader?: number;
  /** Whether the element's coordinator can serve (choose a new leader); default true. */
  coordinatorUp?: boolean;
  /**
   * Live replicas `failover-scope` allows to replace a dead leader (zone loss: the survivors in the old leader's
   * zone or region); undefined: every live replica may.
   */
  eligible?: number;
}

/**
 * Why an element cannot serve: no live replica; fewer live than needed; the leader lost with nobody to replace
 * it; the coordinator that would replace it down too; fewer live than the election quorum a replacement needs;
 * no live replica inside the `failover-scope`.
 */
export type ServeCause = 'no-replica' | 'quorum' | 'leader' | 'coordinator' | 'election' | 'scope';

export interface ServeVerdict {
  ok: boolean;
  op: Op;
  live: number;
  total: number;
  need: number;
  /** What was needed, for messages. */
  label: string;
  /** Why it cannot serve: no live replica, fewer live than needed, the leader lost with nobody to replace it, or the coordinator down too. */
  cause?: ServeCause;
}

function liveness(e: Deployable, alive: Alive, ctx: ServeContext): { live: number; leaderAlive: boolean; coordinatorUp: boolean } {
  const total = e.replicas;
  if (typeof alive === 'number') return { live: alive, leaderAlive: alive >= total, coordinatorUp: ctx.coordinatorUp ?? true };
  if ('size' in alive) {
    let live = 0;
    for (const i of alive) if (i >= 0 && i < total) live++;
    const leaderAlive = ctx.leader !== undefined ? alive.has(ctx.leader) : live >= total;
    return { live, leaderAlive, coordinatorUp: ctx.coordinatorUp ?? true };
  }
  return { live: alive.live, leaderAlive: alive.leaderAlive ?? alive.live >= total, coordinatorUp: alive.coordinatorUp ?? ctx.coordinatorUp ?? true };
}

/** Whether `e` can serve `op` with these replicas live, and why not. */
export function serveVerdict(e: Deployable, alive: Alive, op: Op, ctx: ServeContext = {}): ServeVerdict {
  const { live, leaderAlive, coordinatorUp } = liveness(e, alive, ctx);
  return judge(op, requirement(e, op, ctx), live, e.replicas, leaderAlive, coordinatorUp, ctx.eligible);
}

/**
 * The rules of serving on numbers: `serveVerdict` (the simulator, the rules) and the zone-loss table (which keeps
 * each element's requirements instead of deriving them per call) both decide here.
 */
function judge(op: Op, req: Requirement, live: number, total: number, leaderAlive: boolean, coordinatorUp: boolean, eligible: number | undefined): ServeVerdict {
  if (live <= 0) return refused(op, live, total, req.need, req.label, 'no-replica');
  if (live < req.need) return refused(op, live, total, req.need, req.label, 'quorum');
  if (!leaderAlive) {
    if (req.leader === 'fixed') return refused(op, live, total, req.need, req.label, 'leader');
    if (req.leader === 'coordinator' && !coordinatorUp) return refused(op, live, total, req.need, req.label, 'coordinator');
    if (req.elect !== undefined && live < req.elect) {
      return refused(op, live, total, req.elect, `the election quorum of ${req.elect} (a new leader needs ${req.elect} vote${req.elect === 1 ? '' : 's'})`, 'election');
    }
    if (req.leader !== 'none' && eligible === 0) return refused(op, live, total, req.need, req.label, 'scope');
  }
  return { op, live, total, need: req.need, label: req.label, ok: true };
}

function refused(op: Op, live: number, total: number, need: number, label: string, cause: ServeCause): ServeVerdict {
  return { op, live, total, need, label, ok: false, cause };
}

/** Whether `e` can serve `op` with these replicas live. */
export function canServe(e: Deployable, alive: Alive, op: Op, ctx: ServeContext = {}): boolean {
  return serveVerdict(e, alive, op, ctx).ok;
}

/**
 * Replica failures `op` survives whichever replicas fail: 0 when the leader is irreplaceable (any failure may be
 * the leader's). A coordinator is assumed to be up.
 */
export function opFailuresTolerated(e: Deployable, op: Op, options: ServeOptions = {}): number {
  const req = requirement(e, op, options);
  if (req.leader === 'fixed') return 0;
  return Math.max(0, e.replicas - Math.max(req.need, req.elect ?? 0));
}

// ---------------------------------------------------------------------------------------------------------
// Zone loss

/**
 * What losing a zone does to an element. With a model these come from the model's zone-loss table and are
 * shared by every caller (the rules, the zone-loss view, the hover): read them, never change them.
 */
export interface ZoneLossOutcome {
  readonly element: string;
  readonly zone: string;
  readonly total: number;
  /** Replicas that survive. */
  readonly live: number;
  /** Replicas lost with the zone (all of them for an unplaced element). */
  readonly lost: number;
  /** The element lists no zones: every replica is assumed lost (worst case). */
  readonly unplaced: boolean;
  readonly read: ServeVerdict;
  readonly write: ServeVerdict;
  /** Reads that do not go to the leader (`from followers|any`). */
  readonly followerRead: ServeVerdict;
  /** Cannot serve reads from the leader or writes. */
  readonly down: boolean;
  /** Why it is down, with the numbers ("1/3 live, below the majority of 2"); undefined when it is not. */
  readonly reason?: string;
}

/*
 * The zone-loss table: one per model (a WeakMap keyed by the model, so a new model — every keystroke — starts
 * empty and the old table is collected with it), filled lazily: each element's facts (placement counts, the three
 * requirements) once, each (element, zone) outcome once. Every question "what does losing zone Z do to E" asked
 * with a model is answered from it, so the quorum rules, spof/zone-outage's reachability, the hover and the
 * diagram share one computation. Without a model nothing is cached (the coordinator is then assumed up anyway).
 */

/** What an element's zone losses are computed from; depends on the element only. */
interface LossFacts {
  /** Whether it lists zones (isPlaced). */
  readonly placed: boolean;
  /** Replicas placed in each zone (every zone a replica names). */
  readonly inZone: ReadonlyMap<string, number>;
  readonly write: Requirement;
  readonly read: Requirement;
  readonly followerRead: Requirement;
  /** The verdicts with every replica live (a zone it has no replica in): the same for every such zone. */
  intact?: { readonly write: ServeVerdict; readonly read: ServeVerdict; readonly followerRead: ServeVerdict };
  /**
   * The verdicts of the last zone loss that cost replicas, with what they were judged from: the next zone whose
   * loss leaves as many live (3 replicas over 3 zones: every zone) gets the same verdict objects, not equal copies.
   */
  lastLost?: { readonly live: number; readonly coordinatorUp: boolean; readonly eligible: number | undefined; readonly write: ServeVerdict; readonly read: ServeVerdict; readonly followerRead: ServeVerdict };
}

interface ElementLosses {
  readonly facts: LossFacts;
  readonly byZone: Map<string, ZoneLossOutcome>;
  /** The losses of the zones it is placed in, in declaration order (zonesOf). */
  placedIn?: readonly ZoneLossOutcome[];
  /** The worst of those (worstZoneLoss); null when unplaced. */
  worst?: ZoneLossOutcome | null;
}

const ZONE_LOSS_TABLES = new WeakMap<ArchModel, Map<Deployable, ElementLosses>>();

function lossFacts(e: Deployable): LossFacts {
  const inZone = new Map<string, number>();
  for (const r of e.placement) if (r.zone !== undefined) inZone.set(r.zone, (inZone.get(r.zone) ?? 0) + 1);
  return {
    placed: inZone.size > 0,
    inZone,
    write: requirement(e, 'write'),
    read: requirement(e, 'read'),
    followerRead: requirement(e, 'read', { from: 'followers' }),
  };
}

function lossesOf(model: ArchModel, e: Deployable): ElementLosses {
  let table = ZONE_LOSS_TABLES.get(model);
  if (!table) ZONE_LOSS_TABLES.set(model, (table = new Map()));
  let entry = table.get(e);
  if (!entry) table.set(e, (entry = { facts: lossFacts(e), byZone: new Map() }));
  return entry;
}

/** The table's outcome of losing `zone` for `e`, computed on first use. */
function tableOutcome(model: ArchModel, e: Deployable, zone: string): ZoneLossOutcome {
  const entry = lossesOf(model, e);
  let o = entry.byZone.get(zone);
  if (!o) entry.byZone.set(zone, (o = outcome(e, zone, model, 0, entry.facts)));
  return o;
}

/** Upper bound on coordinator-of-coordinator hops: the chain is finite, this only guards a cycle. */
const MAX_COORDINATOR_DEPTH = 8;

function coordinatorUpAfter(e: Deployable, zone: string, model: ArchModel | undefined, depth: number): boolean {
  if (!model || (e.kind !== 'store' && e.kind !== 'queue') || !e.coordinator || depth >= MAX_COORDINATOR_DEPTH) return true;
  const c = model.elements.get(e.coordinator);
  if (!c || c === e || !isDeployableKind(c)) return true;
  // A cluster (the only valid coordinator) consults no coordinator itself, so its loss does not depend on the
  // depth: the table's. A store or queue named as coordinator (a schema error) keeps the depth-bounded walk.
  if (c.kind === 'cluster') return !tableOutcome(model, c, zone).down;
  return !outcome(c, zone, model, depth + 1, lossesOf(model, c).facts).down;
}

function isDeployableKind(e: Element): e is Deployable {
  return e.kind === 'gateway' || e.kind === 'service' || e.kind === 'store' || e.kind === 'queue' || e.kind === 'cache' || e.kind === 'cluster';
}

function describe(v: ServeVerdict, zone: string): string {
  if (v.cause === 'no-replica') return `${v.total}/${v.total} replicas in ${zone}`;
  if (v.cause === 'quorum') return `${v.live}/${v.total} live, below ${v.label}`;
  if (v.cause === 'coordinator') return `the leader may be in ${zone} and the coordinator that would choose a new one is down too`;
  if (v.cause === 'election') return `${v.live}/${v.total} live, below ${v.label}: the leader may be in ${zone} and no replacement can be elected`;
  if (v.cause === 'scope') return `the leader may be in ${zone} and its failover-scope lets no surviving replica take over`;
  return `the leader may be in ${zone} and nobody takes over (failover is not automatic)`;
}

/**
 * Survivors of losing `zone` that `failover-scope` allows to replace a leader that was in it (the worst case):
 * none for `zone`, those in the zone's region for `region`; undefined for `any` (no restriction). Only asked of a
 * placed element: its survivors are the replicas outside `zone`.
 */
function eligibleAfter(e: Deployable, zone: string, model: ArchModel | undefined): number | undefined {
  if (e.kind !== 'store' && e.kind !== 'queue' && e.kind !== 'cluster') return undefined;
  if (e.failoverScope === 'any') return undefined;
  if (e.failoverScope === 'zone') return 0;
  const region = model?.zoneRegion.get(zone) ?? e.placement.find((r) => r.zone === zone)?.region;
  let n = 0;
  for (const r of e.placement) if (r.zone !== zone && r.region === region) n++;
  return n;
}

function outcome(e: Deployable, zone: string, model: ArchModel | undefined, depth: number, facts: LossFacts): ZoneLossOutcome {
  const unplaced = !facts.placed;
  const total = e.replicas;
  // Survivors: the placed replicas outside the zone, plus any the placement did not reach (it stops at its limit).
  const survivors = e.placement.length - (facts.inZone.get(zone) ?? 0);
  const live = unplaced ? 0 : Math.min(total, survivors + Math.max(0, total - e.placement.length));
  const lost = total - live;
  let write: ServeVerdict;
  let read: ServeVerdict;
  let followerRead: ServeVerdict;
  if (lost > 0) {
    const coordinatorUp = coordinatorUpAfter(e, zone, model, depth);
    const eligible = unplaced ? undefined : eligibleAfter(e, zone, model);
    const last = facts.lastLost;
    if (last && last.live === live && last.coordinatorUp === coordinatorUp && last.eligible === eligible) {
      ({ write, read, followerRead } = last);
    } else {
      // Some replica is lost: the leader is assumed among the lost (worst case).
      write = judge('write', facts.write, live, total, false, coordinatorUp, eligible);
      read = judge('read', facts.read, live, total, false, coordinatorUp, eligible);
      followerRead = judge('read', facts.followerRead, live, total, false, coordinatorUp, eligible);
      facts.lastLost = { live, coordinatorUp, eligible, write, read, followerRead };
    }
  } else {
    facts.intact ??= {
      write: judge('write', facts.write, live, total, true, true, undefined),
      read: judge('read', facts.read, live, total, true, true, undefined),
      followerRead: judge('read', facts.followerRead, live, total, true, true, undefined),
    };
    ({ write, read, followerRead } = facts.intact);
  }
  const down = !write.ok || !read.ok;
  let reason: string | undefined;
  if (down) {
    if (unplaced) reason = `declares no zones: all ${total} replica${total === 1 ? '' : 's'} may be in ${zone}`;
    else reason = describe(write.ok ? read : write, zone);
  }
  return { element: e.name, zone, total, live, lost, unplaced, read, write, followerRead, down, reason };
}

/**
 * What losing `zone` does to `e`. With the model, a store whose failover is chosen by a `coordinator` cluster also
 * consults that cluster's own loss of the zone, and the answer comes from the model's zone-loss table (computed
 * once, shared); without it the coordinator is assumed to survive.
 */
export function zoneLossOutcome(e: Deployable, zone: string, model?: ArchModel): ZoneLossOutcome {
  return model ? tableOutcome(model, e, zone) : outcome(e, zone, undefined, 0, lossFacts(e));
}

/** The zones whose loss could affect `e` (where its replicas are), in declaration order. */
export function zonesOf(e: Pick<Deployable, 'placement'>): string[] {
  return [...replicasPerZone(e).keys()];
}

/** The loss of each zone `e` is placed in (zonesOf), in declaration order; empty when unplaced. */
export function zoneLossOutcomes(e: Deployable, model?: ArchModel): readonly ZoneLossOutcome[] {
  if (!model) return zonesOf(e).map((z) => zoneLossOutcome(e, z));
  const entry = lossesOf(model, e);
  // zonesOf from the counts already taken: the zones replicas name, in placement order.
  if (!entry.placedIn) {
    const outcomes: ZoneLossOutcome[] = [];
    for (const z of entry.facts.inZone.keys()) if (z) outcomes.push(tableOutcome(model, e, z));
    entry.placedIn = outcomes;
  }
  return entry.placedIn;
}

/** Among the zones `e` is placed in, the loss that hurts most: down first, then fewest live replicas; undefined when unplaced. */
export function worstZoneLoss(e: Deployable, model?: ArchModel): ZoneLossOutcome | undefined {
  if (!model) return worstOf(zoneLossOutcomes(e));
  const entry = lossesOf(model, e);
  if (entry.worst === undefined) entry.worst = worstOf(zoneLossOutcomes(e, model)) ?? null;
  return entry.worst ?? undefined;
}

function worstOf(outcomes: readonly ZoneLossOutcome[]): ZoneLossOutcome | undefined {
  let worst: ZoneLossOutcome | undefined;
  for (const o of outcomes) if (!worst || (o.down && !worst.down) || (o.down === worst.down && o.live < worst.live)) worst = o;
  return worst;
}
