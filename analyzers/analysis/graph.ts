import type { Range } from '../../language/range';
import type { ArchModel, Call, Caller, Deployable, Element, Operation, Service } from '../../language/model/types';
import { entryPointNames } from '../../language/model/semantics';
import { memo } from './memo';
import { isDeployable } from '../../language/model/topology';

/*
 * The synchronous dependency graph of SPEC §2: gateway `routes`, sync `call`s (of services and clients), `reads`
 * and `writes`. `publishes`/`consumes` are asynchronous and are not edges here. Reachability is per element: a
 * service is on a path when any of its operations is (operations that list their `calls` narrow the call chains
 * of calls.ts, not reachability).
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

/**
 * Entry points: gateways, elements marked `entry` and what clients call; with none of these, every service is one
 * (semantics.ts `entryPointNames`, the one definition).
 */
export function entryPoints(model: ArchModel): Deployable[] {
  return memo(model, 'entry-points', () => entryPointNames(model).map((name) => model.elements.get(name) as Deployable));
}

/** Whether the entry points are the fallback "every service" (the file declares no gateway, `entry` or client call). */
export function entryPointsImplicit(model: ArchModel): boolean {
  return memo(model, 'entry-points-implicit', () => {
    for (const e of model.elements.values()) {
      if (isDeployable(e) && e.entry) return false;
      if (e.kind === 'client' && e.calls.some((c) => isDeployable(model.elements.get(c.target)))) return false;
    }
    return true;
  });
}

/**
 * Where call chains start (SPEC §5.1): the clients, whose calls are the first hop of every chain from them, and the
 * gateways and `entry` elements; in a file without clients, the entry points. What clients call is reached through
 * the client's own call (its retries and timeout count), not started afresh.
 */
export function chainStarts(model: ArchModel): Element[] {
  return memo(model, 'chain-starts', () => {
    const clients = [...model.elements.values()].filter((e) => e.kind === 'client');
    if (clients.length === 0) return entryPoints(model);
    const declared = [...model.elements.values()].filter((e) => isDeployable(e) && e.entry);
    return [...clients, ...declared];
  });
}

/** Every call of an element that makes calls (services and clients), with the caller. */
export function callersOf(model: ArchModel): Caller[] {
  return memo(model, 'callers', () => [...model.elements.values()].filter((e): e is Caller => e.kind === 'service' || e.kind === 'client'));
}

/**
 * The calls a service's operation makes (SPEC §5.1): those its `calls` list selects (`calls T`: every call to T,
 * `calls T.op`: the calls to T.op), in the service's declaration order; every call of the service when the
 * operation lists none.
 */
export function callsOfOperation(service: Service, op: Operation): readonly Call[] {
  if (op.calls.length === 0) return service.calls;
  return service.calls.filter((c) => op.calls.some((oc) => oc.target === c.target && (oc.operation === undefined || oc.operation === c.operation)));
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
  if (element.kind === 'client') {
    for (const c of element.calls) if (c.mode === 'sync') add({ from: element.name, to: c.target, kind: 'call', range: c.targetRange, call: c });
  }
  if (element.kind === 'service') {
    for (const c of element.calls) if (c.mode === 'sync') add({ from: element.name, to: c.target, kind: 'call', range: c.targetRange, call: c });
    for (const r of element.reads) add({ from: element.name, to: r.target, kind: 'read', range: r.targetRange });
    for (const w of element.writes) add({ from: element.name, to: w.target, kind: 'write', range: w.targetRange });
  }
  // Kept for the model's lifetime: at its exact size (grown by `push`, two edges hold room for sixteen).
  return edges.length === 0 ? edges : edges.slice();
}

/**
 * Step budget of one reachability analysis, all starts together (not per start). A step is one element taking a
 * start's label or one edge looked at; a whole analysis costs at most `keep` × (elements + edges) steps, so this
 * is only reached by designs far beyond the diagram limits (hundreds of thousands of elements and edges).
 */
export const MAX_REACH_STEPS = 4_000_000;

/** The most starts kept per element (see `SyncReachOptions.keep`). */
export const MAX_KEEP = 8;

export interface SyncReachOptions {
  /** Where the walks start; by default the entry points. Duplicate names count once. */
  starts?: readonly Element[];
  /**
   * How many of the starts that reach an element are kept: the first ones in the order of `starts`. The cost is
   * linear in it; keep only what a message names (at most MAX_KEEP). Default 1.
   */
  keep?: number;
  /** Overrides MAX_REACH_STEPS (tests). */
  budget?: number;
}

/**
 * Which elements the starts reach over synchronous edges. There is deliberately no "every start that reaches X":
 * with every service an entry point that set is quadratic in size (a chain of n services holds n²/2 pairs).
 */
export interface SyncReach {
  /** Elements reached by some start, in first-met order of breadth-first walks from each start in turn; a start reaches itself. */
  readonly reached: readonly string[];
  has(name: string): boolean;
  /** The first `keep` starts (in the order of `starts`) that reach `name`, itself included; empty when unreached. */
  reachers(name: string): readonly string[];
  /** Set when the step budget ran out: `reached` and `reachers` are then incomplete. */
  readonly stopped?: { steps: number };
}

/**
 * Reachability from many starts in one pass, linear in the graph: the starts are walked breadth-first in order,
 * and each element takes the label of a start once, up to `keep` labels. A walk does not go on through an element
 * that already holds `keep` labels of earlier starts: everything behind it is reached by those same earlier
 * starts, so it holds `keep` labels too (by induction over the starts). Each element is expanded at most `keep`
 * times, so the cost is O(keep × (elements + edges)) instead of one full walk per start. Iterative (no recursion),
 * so chains of any depth are fine.
 */
export function syncReach(model: ArchModel, options: SyncReachOptions = {}): SyncReach {
  const keep = Math.max(1, Math.min(MAX_KEEP, Math.floor(options.keep ?? 1)));
  const budget = options.budget ?? MAX_REACH_STEPS;
  if (!options.starts) return memo(model, `sync-reach:${keep}:${budget}`, () => reachFrom(model, entryPoints(model), keep, budget));
  return reachFrom(model, options.starts, keep, budget);
}

function reachFrom(model: ArchModel, startElements: readonly Element[], keep: number, budget: number): SyncReach {
  const index = new Map<string, number>();
  const names: string[] = [];
  for (const name of model.elements.keys()) {
    index.set(name, names.length);
    names.push(name);
  }
  const starts: string[] = [];
  const startSeen = new Set<string>();
  for (const s of startElements) {
    if (!index.has(s.name) || startSeen.has(s.name)) continue;
    startSeen.add(s.name);
    starts.push(s.name);
  }
  const n = names.length;
  // The edges once as index arrays (CSR): an element is expanded up to `keep` times.
  const offsets = new Int32Array(n + 1);
  const targetList: number[] = [];
  for (let i = 0; i < n; i++) {
    for (const edge of syncEdges(model, model.elements.get(names[i]!)!)) {
      const to = index.get(edge.to);
      if (to !== undefined) targetList.push(to);
    }
    offsets[i + 1] = targetList.length;
  }
  const targets = Int32Array.from(targetList);
  // labels[node * keep + k]: the k-th start (by index into `starts`) that reached node; count[node] of them set.
  const labels = new Int32Array(n * keep);
  const count = new Uint8Array(n);
  const reached: string[] = [];
  const queue = new Int32Array(Math.max(1, n));
  let steps = 0;
  let stopped: { steps: number } | undefined;

  // Gives `node` the label of start `s` unless it has it or is full; true when it was given (then walk on).
  const label = (node: number, s: number): boolean => {
    const c = count[node]!;
    if (c >= keep || (c > 0 && labels[node * keep + c - 1] === s)) return false;
    labels[node * keep + c] = s;
    count[node] = c + 1;
    if (c === 0) reached.push(names[node]!);
    return true;
  };

  walks: for (let s = 0; s < starts.length; s++) {
    const first = index.get(starts[s]!)!;
    if (++steps > budget) {
      stopped = { steps: budget };
      break;
    }
    if (!label(first, s)) continue;
    // Every element enters one walk's queue at most once (it takes the walk's label first), so n slots suffice.
    let tail = 0;
    queue[tail++] = first;
    for (let head = 0; head < tail; head++) {
      const node = queue[head]!;
      for (let k = offsets[node]!; k < offsets[node + 1]!; k++) {
        if (++steps > budget) {
          stopped = { steps: budget };
          break walks;
        }
        const to = targets[k]!;
        if (label(to, s)) queue[tail++] = to;
      }
    }
  }

  return {
    reached,
    stopped,
    has: (name) => {
      const i = index.get(name);
      return i !== undefined && count[i]! > 0;
    },
    reachers: (name) => {
      const i = index.get(name);
      if (i === undefined) return [];
      const out: string[] = [];
      for (let k = 0; k < count[i]!; k++) out.push(starts[labels[i * keep + k]!]!);
      return out;
    },
  };
}

/** The note a rule reports when a reachability analysis ran out of its step budget (answers past it are missing). */
export function reachStoppedMessage(steps: number, what: string): string {
  return `synchronous reachability stopped after ${steps.toLocaleString('en-US')} steps (the budget of one file): ${what} may be missing past that point`;
}
