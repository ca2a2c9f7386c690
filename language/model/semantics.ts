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
  return placement;
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
  return q ? { ...req, elect: q.votes } : req;
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
  const req = requirement(e, op, ctx);
  const { live, leaderAlive, coordinatorUp } = liveness(e, alive, ctx);
  const base = { op, live, total: e.replicas, need: req.need, label: req.label };
  if (live <= 0) return { ...base, ok: false, cause: 'no-replica' };
  if (live < req.need) return { ...base, ok: false, cause: 'quorum' };
  if (!leaderAlive) {
    if (req.leader === 'fixed') return { ...base, ok: false, cause: 'leader' };
    if (req.leader === 'coordinator' && !coordinatorUp) return { ...base, ok: false, cause: 'coordinator' };
    if (req.elect !== undefined && live < req.elect) {
      return { ...base, need: req.elect, label: `the election quorum of ${req.elect} (a new leader needs ${req.elect} vote${req.elect === 1 ? '' : 's'})`, ok: false, cause: 'election' };
    }
    if (req.leader !== 'none' && ctx.eligible === 0) return { ...base, ok: false, cause: 'scope' };
  }
  return { ...base, ok: true };
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

export interface ZoneLossOutcome {
  element: string;
  zone: string;
  total: number;
  /** Replicas that survive. */
  live: number;
  /** Replicas lost with the zone (all of them for an unplaced element). */
  lost: number;
  /** The element lists no zones: every replica is assumed lost (worst case). */
  unplaced: boolean;
  read: ServeVerdict;
  write: ServeVerdict;
  /** Reads that do not go to the leader (`from followers|any`). */
  followerRead: ServeVerdict;
  /** Cannot serve reads from the leader or writes. */
  down: boolean;
  /** Why it is down, with the numbers ("1/3 live, below the majority of 2"); undefined when it is not. */
  reason?: string;
}

/** Upper bound on coordinator-of-coordinator hops: the chain is finite, this only guards a cycle. */
const MAX_COORDINATOR_DEPTH = 8;

function coordinatorUpAfter(e: Deployable, zone: string, model: ArchModel | undefined, depth: number): boolean {
  if (!model || (e.kind !== 'store' && e.kind !== 'queue') || !e.coordinator || depth >= MAX_COORDINATOR_DEPTH) return true;
  const c = model.elements.get(e.coordinator);
  if (!c || c === e || !isDeployableKind(c)) return true;
  return !outcome(c, zone, model, depth + 1).down;
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
 * none for `zone`, those in the zone's region for `region`; undefined for `any` (no restriction).
 */
function eligibleAfter(e: Deployable, zone: string, survivors: ReadonlySet<number>, model: ArchModel | undefined): number | undefined {
  if (e.kind !== 'store' && e.kind !== 'queue' && e.kind !== 'cluster') return undefined;
  if (e.failoverScope === 'any') return undefined;
  if (e.failoverScope === 'zone') return 0;
  const region = model?.zoneRegion.get(zone) ?? e.placement.find((r) => r.zone === zone)?.region;
  let n = 0;
  for (const r of e.placement) if (survivors.has(r.index) && r.region === region) n++;
  return n;
}

function outcome(e: Deployable, zone: string, model: ArchModel | undefined, depth: number): ZoneLossOutcome {
  const unplaced = !isPlaced(e);
  const total = e.replicas;
  const survivors = survivorsOfZoneLoss(e, zone);
  const live = unplaced ? 0 : Math.min(total, survivors.size + Math.max(0, total - e.placement.length));
  const lost = total - live;
  const ctx: ServeContext = { coordinatorUp: lost > 0 ? coordinatorUpAfter(e, zone, model, depth) : true };
  if (lost > 0 && !unplaced) {
    const eligible = eligibleAfter(e, zone, survivors, model);
    if (eligible !== undefined) ctx.eligible = eligible;
  }
  const alive = { live, leaderAlive: lost === 0, coordinatorUp: ctx.coordinatorUp };
  const write = serveVerdict(e, alive, 'write', ctx);
  const read = serveVerdict(e, alive, 'read', ctx);
  const followerRead = serveVerdict(e, alive, 'read', { ...ctx, from: 'followers' });
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
 * consults that cluster's own loss of the zone; without it the coordinator is assumed to survive.
 */
export function zoneLossOutcome(e: Deployable, zone: string, model?: ArchModel): ZoneLossOutcome {
  return outcome(e, zone, model, 0);
}

/** The zones whose loss could affect `e` (where its replicas are), in declaration order. */
export function zonesOf(e: Pick<Deployable, 'placement'>): string[] {
  return [...replicasPerZone(e).keys()];
}

/** Among the zones `e` is placed in, the loss that hurts most: down first, then fewest live replicas; undefined when unplaced. */
export function worstZoneLoss(e: Deployable, model?: ArchModel): ZoneLossOutcome | undefined {
  let worst: ZoneLossOutcome | undefined;
  for (const zone of zonesOf(e)) {
    const o = zoneLossOutcome(e, zone, model);
    if (!worst || (o.down && !worst.down) || (o.down === worst.down && o.live < worst.live)) worst = o;
  }
  return worst;
}
