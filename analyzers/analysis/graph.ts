import type { Range } from '../../language/range';
import type { ArchModel, Call, Deployable, Element } from '../../language/model/types';
import { memo } from './memo';
import { isDeployable } from '../../language/model/topology';

/*
 * The synchronous dependency graph of SPEC §2: gateway `routes`, sync `call`s, `reads` and `writes`.
 * `publishes`/`consumes` are asynchronous and are not edges here.
 */

export type EdgeKind = 'route' | 'call' | 'read' | 'write';

export interface SyncEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** The range that names the target in the source. */
  range: Range;
  call?: Call;
}

/** Entry points: gateways and elements marked `entry`; with none declared, every service is one. */
export function entryPoints(model: ArchModel): Deployable[] {
  return memo(model, 'entry-points', () => findEntryPoints(model));
}

function findEntryPoints(model: ArchModel): Deployable[] {
  const deployables = [...model.elements.values()].filter(isDeployable);
  const declared = deployables.filter((e) => e.entry);
  return declared.length > 0 ? declared : deployables.filter((e) => e.kind === 'service');
}

/** Outgoing synchronous edges of an element, to elements that exist (unresolved names are `reference` errors). */
export function syncEdges(model: ArchModel, element: Element): SyncEdge[] {
  const all = memo(model, 'sync-edges', () => new Map<string, SyncEdge[]>());
  let edges = all.get(element.name);
  if (!edges) {
    edges = edgesOf(model, element);
    all.set(element.name, edges);
  }
  return edges;
}

function edgesOf(model: ArchModel, element: Element): SyncEdge[] {
  const edges: SyncEdge[] = [];
  const add = (edge: SyncEdge) => {
    if (model.elements.has(edge.to)) edges.push(edge);
  };
  if (element.kind === 'gateway') {
    for (const r of element.routes) add({ from: element.name, to: r.target, kind: 'route', range: r.range });
  }
  if (element.kind === 'service') {
    for (const c of element.calls) if (c.mode === 'sync') add({ from: element.name, to: c.target, kind: 'call', range: c.targetRange, call: c });
    for (const r of element.reads) add({ from: element.name, to: r.target, kind: 'read', range: r.targetRange });
    for (const w of element.writes) add({ from: element.name, to: w.target, kind: 'write', range: w.targetRange });
  }
  return edges;
}

/**
 * Every element reachable over synchronous edges from one of `starts` (by default the entry points), with the
 * starts that reach it in the order of `starts`; each start reaches itself. Breadth-first with a visited set, so
 * cycles end; bounded by the number of elements.
 */
export function syncReach(model: ArchModel, starts?: readonly Element[]): Map<string, Set<string>> {
  if (!starts) return memo(model, 'sync-reach', () => reachFrom(model, entryPoints(model)));
  return reachFrom(model, starts);
}

/** Iteration limit of one breadth-first walk. */
const MAX_REACH_STEPS = 100_000;

function reachFrom(model: ArchModel, starts: readonly Element[]): Map<string, Set<string>> {
  const reachedBy = new Map<string, Set<string>>();
  for (const entry of starts) {
    const seen = new Set<string>([entry.name]);
    const queue = [entry.name];
    // An index instead of shift(): shift is O(n) per call on large graphs. Each name is queued once (seen), so
    // the queue never outgrows the element names plus edge targets; the explicit limit only guards a model bug.
    for (let head = 0; head < queue.length && head < MAX_REACH_STEPS; head++) {
      const name = queue[head]!;
      const set = reachedBy.get(name) ?? new Set<string>();
      set.add(entry.name);
      reachedBy.set(name, set);
      const element = model.elements.get(name);
      if (!element) continue;
      for (const edge of syncEdges(model, element)) {
        if (!seen.has(edge.to)) {
          seen.add(edge.to);
          queue.push(edge.to);
        }
      }
    }
  }
  return reachedBy;
}
