import type { ArchModel, Deployable } from '../../language/model/types';
import type { Range } from '../../language/range';
import { zoneLossOutcome, type ReadFrom, type ZoneLossOutcome } from '../../language/model/semantics';
import { isDeployable } from '../../language/model/topology';
import { entryPoints, syncEdges, type SyncEdge } from './graph';

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
}

/** Upper bound on graph steps per entry point: the graph is finite, this only guards against a model bug. */
const MAX_STEPS = 100_000;

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

export function zoneLoss(model: ArchModel, zone: string): ZoneLoss {
  const down: DownElement[] = [];
  const outcomes = new Map<string, ZoneLossOutcome>();
  for (const e of model.elements.values()) {
    if (!isDeployable(e)) continue;
    const o = zoneLossOutcome(e, zone, model);
    outcomes.set(e.name, o);
    if (o.down) down.push(downElement(o));
  }
  const affectedEntryPoints: AffectedEntryPoint[] = [];
  for (const entry of entryPoints(model)) {
    const via = pathToDead(model, entry.name, outcomes);
    if (via) affectedEntryPoints.push({ entry: entry.name, via });
  }
  return { zone, down, affectedEntryPoints };
}

/**
 * Whether a synchronous edge fails: a write needs the target's writes, a read its reads (from where the read
 * says: a read `from followers` of a store whose leader is lost still succeeds), a route or call the whole
 * element.
 */
function edgeFails(model: ArchModel, edge: SyncEdge, outcomes: ReadonlyMap<string, ZoneLossOutcome>): boolean {
  const o = outcomes.get(edge.to);
  if (!o) return false;
  if (edge.kind === 'write') return !o.write.ok;
  if (edge.kind === 'read') {
    const from = readFrom(model, edge);
    return !(from === undefined || from === 'leader' ? o.read.ok : o.followerRead.ok);
  }
  return o.down;
}

/** The `from` of the `reads` an edge stands for (found by the range that names the target). */
function readFrom(model: ArchModel, edge: SyncEdge): ReadFrom | undefined {
  const source = model.elements.get(edge.from);
  if (source?.kind !== 'service') return undefined;
  return source.reads.find((r) => r.targetRange === edge.range || sameRange(r.targetRange, edge.range))?.from;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Breadth-first from `start` over synchronous edges: the shortest path to an edge that fails, if any. */
function pathToDead(model: ArchModel, start: string, outcomes: ReadonlyMap<string, ZoneLossOutcome>): string[] | undefined {
  if (outcomes.get(start)?.down) return [start];
  const parent = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  for (let steps = 0; queue.length > 0 && steps < MAX_STEPS; steps++) {
    const name = queue.shift()!;
    const element = model.elements.get(name);
    if (!element) continue;
    for (const edge of syncEdges(model, element)) {
      if (edgeFails(model, edge, outcomes)) {
        const path = [edge.to];
        // The parent links form a tree rooted at start: at most parent.size steps back.
        for (let at: string | undefined = name, k = 0; at !== undefined && k <= parent.size; at = parent.get(at), k++) path.unshift(at);
        return path;
      }
      if (parent.has(edge.to)) continue;
      parent.set(edge.to, name);
      queue.push(edge.to);
    }
  }
  return undefined;
}
