import type { ArchModel, Deployable, Read } from '../../language/model/types';
import type { Range } from '../../language/range';
import { zoneLossOutcome, type ZoneLossOutcome } from '../../language/model/semantics';
import { isDeployable } from '../../language/model/topology';
import { compareStrings } from '../../language/compare';
import { entryPoints, MAX_REACH_STEPS, syncEdges, type SyncEdge } from './graph';
import { memo } from './memo';

/*
 * "What if zone Z fails" (SPEC §2): which elements are down — no live replica, or a consensus group / quorum
 * store whose live replicas can no longer form the majority (or W/R) it needs — and which entry points can then
 * no longer complete a synchronous path. Every synchronous dependency counts as needed: the model says nothing of
 * fallbacks, so the cautious reading is that a request touching a dead element fails.
 * Whether an element is down is language/model/semantics.ts's `zoneLossOutcome` (the quorum rules and the hover ask
 * the same question there). An element that declares no zones may have every replica in the lost zone: it is down
 * (worst case). A read, a write, a route or a call fails when the target cannot serve that operation.
 */

export interface DownElement {
  element: string;
  /** Why it is down, with the numbers: "no live replica", "1/3 live, below the majority of 2". */
  reason: string;
  liveReplicas: number;
  totalReplicas: number;
  /** The element declares no zones: all its replicas are assumed to be in the lost zone (worst case). */
  unplaced?: boolean;
}

export interface AffectedEntryPoint {
  entry: string;
  /** The synchronous path from the entry point to the first dead element it needs (just the entry if it is dead). */
  via: string[];
}

export interface ZoneLoss {
  zone: string;
  down: DownElement[];
  affectedEntryPoints: AffectedEntryPoint[];
  /** Set when the step budget of the file ran out: `down` and `affectedEntryPoints` may then be incomplete. */
  stopped?: { steps: number };
}

/**
 * Whether (and why) one element is down once `zone` is lost; undefined when it survives. The verdict is
 * semantics.ts's `zoneLossOutcome`: the one the quorum rules and the hover use.
 */
export function elementDownIn(e: Deployable, zone: string, model?: ArchModel): DownElement | undefined {
  const o = zoneLossOutcome(e, zone, model);
  return o.down ? downElement(o) : undefined;
}

function downElement(o: ZoneLossOutcome): DownElement {
  const d: DownElement = { element: o.element, reason: o.reason!, liveReplicas: o.live, totalReplicas: o.total };
  if (o.unplaced) d.unplaced = true;
  return d;
}

/**
 * What losing `zone` takes down and which entry points it cuts off. Every zone of the file is computed together,
 * once per model, under one step budget (see `zoneLosses`); a zone the file never names is computed on its own.
 */
export function zoneLoss(model: ArchModel, zone: string, options: { budget?: number } = {}): ZoneLoss {
  const budget = options.budget ?? MAX_REACH_STEPS;
  return zoneLosses(model, budget).get(zone) ?? lossOf(model, lossGraph(model), zone, { left: budget, total: budget });
}

/**
 * The loss of every zone the file names (in regions or placements), in code-point order of the zone names so
 * that where the budget runs out does not depend on declaration order. One budget for all of them: each zone
 * costs about elements + 3 × edges + the length of the paths it prints.
 */
function zoneLosses(model: ArchModel, budget: number): Map<string, ZoneLoss> {
  return memo(model, `zone-losses:${budget}`, () => {
    const graph = lossGraph(model);
    const left: Budget = { left: budget, total: budget };
    return new Map(namedZones(model).map((zone) => [zone, lossOf(model, graph, zone, left)]));
  });
}

function namedZones(model: ArchModel): string[] {
  const zones = new Set<string>();
  for (const region of model.regions.values()) for (const z of region.zones) zones.add(z);
  for (const e of model.elements.values()) if (isDeployable(e)) for (const r of e.placement) if (r.zone !== undefined) zones.add(r.zone);
  return [...zones].sort(compareStrings);
}

interface Budget {
  left: number;
  readonly total: number;
}

/** Takes `cost` steps from the budget; false (and the budget spent) when they are not there. */
function spend(budget: Budget, cost: number): boolean {
  if (cost > budget.left) {
    budget.left = 0;
    return false;
  }
  budget.left -= cost;
  return true;
}

function lossOf(model: ArchModel, graph: LossGraph, zone: string, budget: Budget): ZoneLoss {
  const loss: ZoneLoss = { zone, down: [], affectedEntryPoints: [] };
  const stop = (): ZoneLoss => {
    loss.stopped = { steps: budget.total };
    return loss;
  };
  if (!spend(budget, graph.names.length)) return stop();
  const fails = failures(model, graph, zone, loss.down);
  if (!fails.some((f) => f !== 0)) return loss;
  if (!spend(budget, 3 * graph.targets.length)) return stop();
  const hops = hopsToFailure(graph, fails);
  for (const entry of graph.entries) {
    const path = pathOf(graph, fails, hops, entry, budget);
    if (path === STOPPED) return stop();
    if (path) loss.affectedEntryPoints.push({ entry: graph.names[entry]!, via: path });
  }
  return loss;
}

/*
 * The graph as index arrays, once per model (element i is the i-th of model.elements): forward edges in
 * `syncEdges` order (that order breaks ties between equally short paths, as the breadth-first walk it replaces
 * did) and the same edges grouped by target, to walk them backwards.
 */
interface LossGraph {
  names: string[];
  /** Edges of element i: offsets[i] ≤ k < offsets[i + 1]; edge k goes sources[k] → targets[k]. */
  offsets: Int32Array;
  targets: Int32Array;
  sources: Int32Array;
  /** Which failures of its target make edge k fail (NEED_* bits). */
  needs: Uint8Array;
  /** Edges into element i: byTarget[k] for inOffsets[i] ≤ k < inOffsets[i + 1]. */
  inOffsets: Int32Array;
  byTarget: Int32Array;
  /** The entry points, in `entryPoints` order. */
  entries: Int32Array;
}

// What an edge needs of its target; the same bits mark, per zone, what an element can no longer serve.
const DOWN = 1;
const WRITE = 2;
const LEADER_READ = 4;
const FOLLOWER_READ = 8;

function lossGraph(model: ArchModel): LossGraph {
  return memo(model, 'zone-loss-graph', () => {
    const names = [...model.elements.keys()];
    const index = new Map(names.map((name, i) => [name, i]));
    const offsets = new Int32Array(names.length + 1);
    const targets: number[] = [];
    const needs: number[] = [];
    names.forEach((name, i) => {
      for (const edge of syncEdges(model, model.elements.get(name)!)) {
        targets.push(index.get(edge.to)!);
        needs.push(need(model, edge));
      }
      offsets[i + 1] = targets.length;
    });
    const sources = new Int32Array(targets.length);
    for (let i = 0; i < names.length; i++) sources.fill(i, offsets[i]!, offsets[i + 1]!);
    const t = Int32Array.from(targets);
    const { inOffsets, byTarget } = groupByTarget(t, names.length);
    const entries = Int32Array.from(entryPoints(model), (e) => index.get(e.name)!);
    return { names, offsets, targets: t, sources, needs: Uint8Array.from(needs), inOffsets, byTarget, entries };
  });
}

/** A counting sort of the edge numbers by target. */
function groupByTarget(targets: Int32Array, n: number): { inOffsets: Int32Array; byTarget: Int32Array } {
  const inOffsets = new Int32Array(n + 1);
  for (const t of targets) inOffsets[t + 1]!++;
  for (let i = 0; i < n; i++) inOffsets[i + 1]! += inOffsets[i]!;
  const fill = inOffsets.slice(0, n);
  const byTarget = new Int32Array(targets.length);
  targets.forEach((t, k) => (byTarget[fill[t]!++] = k));
  return { inOffsets, byTarget };
}

/**
 * What a synchronous edge needs of its target: a write its writes, a read its reads (from where the read says: a
 * read `from followers` of a store whose leader is lost still succeeds), a route or call the whole element.
 */
function need(model: ArchModel, edge: SyncEdge): number {
  if (edge.kind === 'write') return WRITE;
  if (edge.kind !== 'read') return DOWN;
  const read = readOf(model, edge);
  // A `read-index` read (SPEC §5.1) confirms the leader's commit index: it needs what a leader read needs.
  return read === undefined || read.readIndex || read.from === undefined || read.from === 'leader' ? LEADER_READ : FOLLOWER_READ;
}

/** Per element, what it can no longer serve once `zone` is lost (bits as above); fills `down`, in model order. */
function failures(model: ArchModel, graph: LossGraph, zone: string, down: DownElement[]): Uint8Array {
  const fails = new Uint8Array(graph.names.length);
  graph.names.forEach((name, i) => {
    const e = model.elements.get(name);
    if (!isDeployable(e)) return;
    const o = zoneLossOutcome(e, zone, model);
    if (o.down) down.push(downElement(o));
    fails[i] = (o.down ? DOWN : 0) | (o.write.ok ? 0 : WRITE) | (o.read.ok ? 0 : LEADER_READ) | (o.followerRead.ok ? 0 : FOLLOWER_READ);
  });
  return fails;
}

/** The `reads` an edge stands for (found by the range that names the target). */
function readOf(model: ArchModel, edge: SyncEdge): Read | undefined {
  const source = model.elements.get(edge.from);
  if (source?.kind !== 'service') return undefined;
  return source.reads.find((r) => r.targetRange === edge.range || sameRange(r.targetRange, edge.range));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

interface Hops {
  /** Edges on the shortest path from element i to a failing edge, that edge included; 0 when there is none. */
  dist: Int32Array;
  /** The edge element i takes next on that path: the first such edge in `syncEdges` order. */
  next: Int32Array;
}

/**
 * One backward breadth-first walk from the failing edges over the edges that still work gives every element its
 * distance to a failure; then each element's next hop is its first edge that brings it one step closer. Greedy
 * next hops from an entry give the path the forward walk from that entry would find (shortest, ties by edge
 * order), at the cost of one walk per zone instead of one per entry point.
 */
function hopsToFailure(graph: LossGraph, fails: Uint8Array): Hops {
  const n = graph.names.length;
  const dist = new Int32Array(n);
  const next = new Int32Array(n);
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const k = firstFailingEdge(graph, fails, i);
    if (k < 0) continue;
    dist[i] = 1;
    next[i] = k;
    queue[tail++] = i;
  }
  for (let head = 0; head < tail; head++) {
    const at = queue[head]!;
    for (let j = graph.inOffsets[at]!; j < graph.inOffsets[at + 1]!; j++) {
      const k = graph.byTarget[j]!;
      const from = graph.sources[k]!;
      if (dist[from] !== 0 || edgeFails(graph, fails, k)) continue;
      dist[from] = dist[at]! + 1;
      queue[tail++] = from;
    }
  }
  for (let i = 0; i < n; i++) if (dist[i]! > 1) next[i] = firstEdgeCloser(graph, fails, dist, i);
  return { dist, next };
}

function edgeFails(graph: LossGraph, fails: Uint8Array, k: number): boolean {
  return (fails[graph.targets[k]!]! & graph.needs[k]!) !== 0;
}

/** The first edge of element i that fails, or -1. */
function firstFailingEdge(graph: LossGraph, fails: Uint8Array, i: number): number {
  for (let k = graph.offsets[i]!; k < graph.offsets[i + 1]!; k++) if (edgeFails(graph, fails, k)) return k;
  return -1;
}

/** The first edge of element i that still works and leads one step closer to a failure, or -1. */
function firstEdgeCloser(graph: LossGraph, fails: Uint8Array, dist: Int32Array, i: number): number {
  for (let k = graph.offsets[i]!; k < graph.offsets[i + 1]!; k++) if (!edgeFails(graph, fails, k) && dist[graph.targets[k]!] === dist[i]! - 1) return k;
  return -1;
}

const STOPPED = Symbol('stopped');

/** The path from an entry point to the first dead element it needs (just the entry if it is dead itself). */
function pathOf(graph: LossGraph, fails: Uint8Array, hops: Hops, entry: number, budget: Budget): string[] | undefined | typeof STOPPED {
  if (!spend(budget, 1 + hops.dist[entry]!)) return STOPPED;
  if (fails[entry]! & DOWN) return [graph.names[entry]!];
  if (hops.dist[entry] === 0) return undefined;
  const path = [graph.names[entry]!];
  // dist falls by one at every hop, so this ends.
  for (let at = entry; ; ) {
    const k = hops.next[at]!;
    path.push(graph.names[graph.targets[k]!]!);
    if (hops.dist[at] === 1) return path;
    at = graph.targets[k]!;
  }
}
