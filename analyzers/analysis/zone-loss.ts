import type { ArchModel, Deployable } from '../../language/model/types';
import { isDeployable } from '../../language/model/topology';
import { entryPoints, syncEdges } from './graph';
import { isConsensusGroup, leaderlessQuorums, majorityOf, showQuorum } from './quorum';

/*
 * "What if zone Z fails" (SPEC §2): which elements are down — no live replica, or a consensus group / quorum
 * store whose live replicas can no longer form the majority (or W/R) it needs — and which entry points can then
 * no longer complete a synchronous path. Every synchronous dependency counts as needed: the model says nothing of
 * fallbacks, so the cautious reading is that a request touching a dead element fails.
 * Elements that declare no zones are placed nowhere and survive the loss of any zone.
 */

export interface DownElement {
  element: string;
  /** Why it is down, with the numbers: "no live replica", "1/3 live, below the majority of 2". */
  reason: string;
  liveReplicas: number;
  totalReplicas: number;
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
 * The quorums a leaderless store needs to keep serving: W for writes (unless sloppy: hinted handoff lets writes
 * land on any live node) and R for reads. Undeclared quorums are the default of quorum.ts (a majority).
 */
function leaderlessNeed(e: Deployable): { need: number; why: string } | undefined {
  if (e.kind !== 'store' || e.replication !== 'leaderless') return undefined;
  const { w, r, wDefault, rDefault } = leaderlessQuorums(e);
  if (e.sloppyQuorum) return { need: r, why: showQuorum('R', r, rDefault) };
  return w >= r ? { need: w, why: showQuorum('W', w, wDefault) } : { need: r, why: showQuorum('R', r, rDefault) };
}

/** Whether (and why) one element is down once `zone` is lost; undefined when it survives. */
export function elementDownIn(e: Deployable, zone: string): DownElement | undefined {
  if (!e.placement.some((r) => r.zone !== undefined)) return undefined;
  const total = e.placement.length;
  const live = e.placement.filter((r) => r.zone !== zone).length;
  if (live === total) return undefined;
  const base = { element: e.name, liveReplicas: live, totalReplicas: total };
  if (live === 0) return { ...base, reason: `${total}/${total} replicas in ${zone}` };
  if (isConsensusGroup(e)) {
    const m = majorityOf(total);
    if (live < m) return { ...base, reason: `${live}/${total} live, below the majority of ${m}` };
    return undefined;
  }
  const quorum = leaderlessNeed(e);
  if (quorum && live < quorum.need) return { ...base, reason: `${live}/${total} live, below ${quorum.why}` };
  return undefined;
}

export function zoneLoss(model: ArchModel, zone: string): ZoneLoss {
  const down: DownElement[] = [];
  for (const e of model.elements.values()) {
    if (!isDeployable(e)) continue;
    const d = elementDownIn(e, zone);
    if (d) down.push(d);
  }
  const dead = new Set(down.map((d) => d.element));
  const affectedEntryPoints: AffectedEntryPoint[] = [];
  for (const entry of entryPoints(model)) {
    const via = pathToDead(model, entry.name, dead);
    if (via) affectedEntryPoints.push({ entry: entry.name, via });
  }
  return { zone, down, affectedEntryPoints };
}

/** Breadth-first from `start` over synchronous edges: the shortest path to a dead element, if any. */
function pathToDead(model: ArchModel, start: string, dead: ReadonlySet<string>): string[] | undefined {
  if (dead.has(start)) return [start];
  const parent = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  for (let steps = 0; queue.length > 0 && steps < MAX_STEPS; steps++) {
    const name = queue.shift()!;
    const element = model.elements.get(name);
    if (!element) continue;
    for (const edge of syncEdges(model, element)) {
      if (parent.has(edge.to)) continue;
      parent.set(edge.to, name);
      if (dead.has(edge.to)) {
        const path = [edge.to];
        // The parent links form a tree rooted at start: at most parent.size steps back.
        for (let at = parent.get(edge.to), k = 0; at !== undefined && k < parent.size; at = parent.get(at), k++) path.unshift(at);
        return path;
      }
      queue.push(edge.to);
    }
  }
  return undefined;
}
