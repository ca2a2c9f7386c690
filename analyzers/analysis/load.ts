import { compareStrings } from '../../language/compare';
import { entryPointNames, replicasPerZone, zoneLossOutcome } from '../../language/model/semantics';
import { isDeployable } from '../../language/model/topology';
import type { ArchModel, Call, Deployable } from '../../language/model/types';
import { AMPLIFICATION_CAP, callLabel, components, edgeFactor, MAX_CHAIN_NAMES } from './calls';
import { buildEdgeGraph, type EdgeGraph, type EdgeGraphSpec } from './edge-graph';
import type { SyncEdge } from './graph';
import { memo } from './memo';

/*
 * The load that reaches each element (SPEC §5.2, "Load that reaches an element"), once per model, for
 * `retry/storm`, `capacity/zone-loss`, the hover and the diagram.
 *
 * Sources: the `load` of every entry point and client (req/s at peak). A request is carried along every
 * synchronous path — gateway routes, sync calls, reads and writes — one request, one call: an element that calls
 * two others sends each of them what it receives, so the load at an element is the sum over the paths that reach
 * it, not the maximum. Retries multiply it: a call's attempt factor (calls.ts `attemptFactor`: retry + 1, capped
 * by a `retry-budget` at 1 + P/100) applies to everything that goes through the call. Reads and writes are made
 * on every request the service takes (an operation's `calls` narrows its calls only, SPEC §5.1), and a service
 * operation that lists its calls is a node of its own with those calls, as in calls.ts.
 *
 * Four sums per node, each over the paths from the sources:
 *
 *   base                  load, no retries
 *   peak                  load × Π attempt factors (budgets capping)
 *   unprotected base      like base, over the paths with no circuit breaker and no retry budget on any hop
 *   unprotected peak      like peak, over the same paths
 *
 * (a circuit breaker is the call's own or one a sidecar/ambassador of the caller provides). `unprotected peak` >
 * `unprotected base` says that retries nothing bounds reach the element: `retry/storm`'s condition.
 *
 * One linear pass: strongly connected components (calls.ts `components`), then the components in topological
 * order, each pulling what flows in over its in-edges. A synchronous cycle is bounded: a request that enters it
 * goes round once, so every member takes the component's whole inflow, calls inside it multiply nothing (a cycle
 * that retries is `retry/amplification`'s unbounded finding) and what leaves it leaves from that inflow.
 *
 * Determinism: a node's sums are added up in one fixed order — its own load, then its in-edges by source name
 * (code point) and edge order — so floating-point results never depend on declaration order; ties between chains
 * are broken the same way.
 */

export interface Capacity {
  /** `capacity`: req/s one replica serves. */
  perReplica: number;
  replicas: number;
  /** perReplica × replicas. */
  total: number;
}

/** What losing the zone that holds the most replicas leaves (ties: the zone the element lists first). */
export interface ZoneLossCapacity {
  zone: string;
  /** Replicas in that zone. */
  lost: number;
  /** Replicas left. */
  left: number;
  /** left × perReplica. */
  capacity: number;
  /** How many distinct zones the element is placed in. */
  zoneCount: number;
}

export interface LoadSource {
  /** The entry point or client whose `load` it is. */
  name: string;
  /** Its declared `load`. */
  load: number;
  /** What of it reaches the element: base (no retries). */
  base: number;
}

export interface LoadChain {
  /** Source, then each edge's target node (`service.operation` for an operation's node). */
  names: string[];
  edges: SyncEdge[];
  /** Π attempt factors along it (calls inside a cycle count 1). */
  factor: number;
  /** The retrying calls along it, in chain order (outside cycles). */
  retrying: Call[];
}

export interface ElementLoad {
  element: string;
  /** Peak req/s reaching it, without retries. */
  base: number;
  /** Peak req/s reaching it with retries multiplied along the paths (Infinity above AMPLIFICATION_CAP). */
  peak: number;
  /** Of `base`, what comes along paths with no circuit breaker and no retry budget. */
  unprotectedBase: number;
  /** Of `peak`, what comes along those paths. */
  unprotectedPeak: number;
  /** Deployables with `capacity`. */
  capacity?: Capacity;
  /** Deployables with `capacity` placed in zones. */
  zoneLoss?: ZoneLossCapacity;
}

export interface LoadAnalysis {
  /** Some entry point or client declares `load` (otherwise every load is 0 and the load rules stay silent). */
  readonly declared: boolean;
  /** The elements with a declared load (entry points and clients), in declaration order. */
  readonly sources: readonly { name: string; load: number }[];
  /** The load of an element; undefined for an unknown name. Clients carry their own load. */
  of(element: string): ElementLoad | undefined;
  /** The sources whose load reaches the element, biggest share first (then by name); at most `limit` when given. */
  sourcesOf(element: string, limit?: number): LoadSource[];
  /** Base req/s that one sync edge (a route, call, read or write statement) carries. */
  edgeLoad(edge: SyncEdge): number;
  /**
   * The path along which the largest unprotected, retried load reaches the element (every hop without circuit
   * breaker or retry budget); undefined when none does.
   */
  stormChain(element: string): LoadChain | undefined;
  /**
   * Every call whose retries multiply unprotected load on its way to the element (a retrying hop with no circuit
   * breaker or retry budget, on a path that nothing bounds), nearest the element first: bounding them all leaves
   * no retry storm there, where bounding the storm chain alone may leave another chain's. At most `limit`.
   */
  unboundedRetries(element: string, limit: number): Call[];
  /** What losing `zone` leaves of the element's capacity (replicas outside it × capacity); undefined without `capacity`. */
  capacityAfterLosing(element: string, zone: string): number | undefined;
}

/** The load analysis of a model, computed once per model. */
export function loadAnalysis(model: ArchModel): LoadAnalysis {
  return memo(model, 'load', () => analyzeLoad(model));
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

/** `1,250 req/s`, `12.5 req/s`, `more than 10^15 req/s`. */
export function formatRate(rate: number): string {
  return `${formatNumber(rate)} req/s`;
}

/** `1,250`, `12.5`, `0.25`, `more than 10^15`: whole numbers from 100 up, 2 significant decimals below. */
export function formatNumber(x: number): string {
  if (!(x <= AMPLIFICATION_CAP)) return 'more than 10^15';
  if (x >= 100 || Number.isInteger(x)) return groupThousands(Math.round(x));
  const rounded = x >= 10 ? Math.round(x * 10) / 10 : Math.round(x * 100) / 100;
  return String(rounded);
}

/** `1,234,567`: thousands separated by commas (what `toLocaleString('en-US')` gives, without Intl's cost). */
function groupThousands(n: number): string {
  const digits = String(Math.abs(n));
  if (digits.length <= 3 || !/^\d+$/.test(digits)) return String(n);
  let out = '';
  for (let i = 0; i < digits.length; i++) out += (i > 0 && (digits.length - i) % 3 === 0 ? ',' : '') + digits[i];
  return n < 0 ? `-${out}` : out;
}

/** `3 × 300 req/s = 900 req/s`, or `300 req/s` for one replica. */
export function capacityText(c: Capacity): string {
  return c.replicas === 1 ? formatRate(c.total) : `${c.replicas} × ${formatRate(c.perReplica)} = ${formatRate(c.total)}`;
}

/** A chain for messages: `mobile → edge → api`, shortened beyond MAX_CHAIN_NAMES names. */
export function loadChainText(chain: Pick<LoadChain, 'names'>): string {
  const names = chain.names;
  if (names.length <= MAX_CHAIN_NAMES) return names.join(' → ');
  const head = names.slice(0, MAX_CHAIN_NAMES - 2);
  return `${head.join(' → ')} → … (${names.length - head.length - 1} more) → ${names[names.length - 1]}`;
}

/** Whether a call is bounded when its target slows down: a circuit breaker (its own or a sidecar's) or a retry budget. */
export function isBoundedCall(model: ArchModel, call: Call): boolean {
  if (call.circuitBreaker !== undefined || call.retryBudget !== undefined) return true;
  const caller = model.elements.get(call.caller);
  return caller?.kind === 'service' && caller.provides.circuitBreaker;
}

// ---------------------------------------------------------------------------------------------------------
// The graph

/** The sync graph (edge-graph.ts) with the load injected at each node and which edges are bounded. */
interface LoadGraph extends EdgeGraph {
  /** Declared load injected at each node (element nodes of sources only). */
  own: Float64Array;
  /** 1 when the edge is a call with a circuit breaker or a retry budget. */
  bounded: Uint8Array;
  /** The graph edges of each sync edge (a call of a service with operation nodes is several). */
  edgesOfStatement: Map<SyncEdge, number[]>;
  sources: { name: string; load: number; node: number }[];
}

const LOAD_GRAPH: EdgeGraphSpec = {
  keep: () => true,
  // The operation's calls, and every read and write of the service.
  keepForOperation: (x, made) => (x.call ? made.has(x.call) : x.kind === 'read' || x.kind === 'write'),
  factor: edgeFactor,
  label: (e) => `${e.kind}:${e.call ? callLabel(e.call) : e.to}`,
  operationsByName: true,
};

function loadSources(model: ArchModel): { name: string; load: number }[] {
  const entries = new Set(entryPointNames(model));
  const out: { name: string; load: number }[] = [];
  for (const e of model.elements.values()) {
    // `load` anywhere else is a `schema` error (language/model/resolve.ts) and counts nothing.
    if (e.kind === 'client' && e.load !== undefined) out.push({ name: e.name, load: e.load });
    else if (isDeployable(e) && e.load !== undefined && entries.has(e.name)) out.push({ name: e.name, load: e.load });
  }
  return out;
}

function buildLoadGraph(model: ArchModel, sources: { name: string; load: number }[]): LoadGraph {
  const g = buildEdgeGraph(model, LOAD_GRAPH);
  const own = new Float64Array(g.n);
  const sourceNodes = sources.map((s) => ({ ...s, node: g.elementNode.get(s.name)! }));
  for (const s of sourceNodes) own[s.node] = s.load;
  const m = g.edges.length;
  const bounded = new Uint8Array(m);
  const edgesOfStatement = new Map<SyncEdge, number[]>();
  for (let e = 0; e < m; e++) {
    const edge = g.edges[e]!;
    bounded[e] = edge.call && isBoundedCall(model, edge.call) ? 1 : 0;
    const list = edgesOfStatement.get(edge);
    if (list) list.push(e);
    else edgesOfStatement.set(edge, [e]);
  }
  return { ...g, own, bounded, edgesOfStatement, sources: sourceNodes };
}

// ---------------------------------------------------------------------------------------------------------
// The pass

const times = (a: number, f: number): number => (a === 0 ? 0 : a * f);

/** Up to this many sources, each one's share of every element is computed once (else per element, on demand). */
const FEW_SOURCES = 8;

/** The same, computed afresh (not memoized): for benchmarks and tests. */
export function analyzeLoad(model: ArchModel): LoadAnalysis {
  const sources = loadSources(model);
  const declared = sources.length > 0;
  const capacities = new Map<string, { capacity?: Capacity; zoneLoss?: ZoneLossCapacity }>();
  const capacityOf = (name: string) => {
    let c = capacities.get(name);
    if (!c) {
      const e = model.elements.get(name);
      c = isDeployable(e) ? capacityFacts(e) : {};
      capacities.set(name, c);
    }
    return c;
  };
  if (!declared) {
    // Nothing flows: every element takes 0 (the capacity facts are still there for the hover).
    return {
      declared,
      sources,
      of: (element) => (model.elements.has(element) ? { element, base: 0, peak: 0, unprotectedBase: 0, unprotectedPeak: 0, ...capacityOf(element) } : undefined),
      sourcesOf: () => [],
      edgeLoad: () => 0,
      stormChain: () => undefined,
      unboundedRetries: () => [],
      capacityAfterLosing: (element, zone) => capacityAfter(model, element, zone),
    };
  }

  const g = buildLoadGraph(model, sources);
  const { n, own, from, to, factor, bounded, inStart, inEdges, outStart } = g;
  const { comp, count, start, nodes, cyclic } = components(g);
  const base = new Float64Array(n);
  const peak = new Float64Array(n);
  const ubase = new Float64Array(n);
  const upeak = new Float64Array(n);
  // Per component: how the largest unprotected peak comes in: an own load (edge −1) at `inNode`, or edge `inEdge`.
  const inNode = new Int32Array(count).fill(-1);
  const inEdge = new Int32Array(count).fill(-1);
  for (let c = 0; c < count; c++) {
    let b = 0;
    let p = 0;
    let ub = 0;
    let up = 0;
    let best = 0;
    for (let i = start[c]!; i < start[c + 1]!; i++) {
      const x = nodes[i]!;
      const o = own[x]!;
      if (o > 0) {
        b += o;
        p += o;
        ub += o;
        up += o;
        if (o > best) {
          best = o;
          inNode[c] = x;
          inEdge[c] = -1;
        }
      }
      for (let k = inStart[x]!; k < inStart[x + 1]!; k++) {
        const e = inEdges[k]!;
        const u = from[e]!;
        if (comp[u] === c) continue;
        const f = factor[e]!;
        b += base[u]!;
        p += times(peak[u]!, f);
        if (bounded[e]) continue;
        ub += ubase[u]!;
        const contribution = times(upeak[u]!, f);
        up += contribution;
        if (contribution > best) {
          best = contribution;
          inNode[c] = x;
          inEdge[c] = e;
        }
      }
    }
    if (p > AMPLIFICATION_CAP) p = Infinity;
    if (up > AMPLIFICATION_CAP) up = Infinity;
    for (let i = start[c]!; i < start[c + 1]!; i++) {
      const x = nodes[i]!;
      base[x] = b;
      peak[x] = p;
      ubase[x] = ub;
      upeak[x] = up;
    }
  }

  /** Sum over an element's nodes, each component once (members of one cycle share its inflow). */
  const sum = (values: Float64Array, element: string): number => {
    const list = g.nodesOf.get(element) ?? [];
    let s = 0;
    const seen: number[] = [];
    for (const v of list) {
      if (seen.includes(comp[v]!)) continue;
      seen.push(comp[v]!);
      s += values[v]!;
    }
    return s > AMPLIFICATION_CAP ? Infinity : s;
  };
  const loads = new Map<string, ElementLoad>();
  const of = (element: string): ElementLoad | undefined => {
    if (!model.elements.has(element)) return undefined;
    let l = loads.get(element);
    if (!l) {
      l = { element, base: sum(base, element), peak: sum(peak, element), unprotectedBase: sum(ubase, element), unprotectedPeak: sum(upeak, element), ...capacityOf(element) };
      loads.set(element, l);
    }
    return l;
  };

  /*
   * Paths inside a cyclic component, from the member the largest unprotected load enters by: one breadth-first
   * tree per component (neighbours in edge order), built the first time a chain crosses it.
   */
  const treeEdge = new Int32Array(n).fill(-1);
  const treeBuilt = new Uint8Array(count);
  const within = (c: number, a: number, b: number): number[] => {
    if (a === b) return [];
    if (!treeBuilt[c]) {
      treeBuilt[c] = 1;
      const queue = [a];
      const seen = new Set<number>([a]);
      for (let head = 0; head < queue.length; head++) {
        const z = queue[head]!;
        for (let e = outStart[z]!; e < outStart[z + 1]!; e++) {
          const y = to[e]!;
          if (comp[y] !== c || seen.has(y)) continue;
          seen.add(y);
          treeEdge[y] = e;
          queue.push(y);
        }
      }
    }
    const path: number[] = [];
    for (let x = b; x !== a && treeEdge[x]! >= 0 && path.length <= n; x = from[treeEdge[x]!]!) path.push(treeEdge[x]!);
    return path.reverse();
  };

  const stormChain = (element: string): LoadChain | undefined => {
    // The element's node with the largest unprotected peak (ties: name order).
    let v = -1;
    for (const x of g.nodesOf.get(element) ?? []) if (upeak[x]! > 0 && (v < 0 || upeak[x]! > upeak[v]!)) v = x;
    if (v < 0) return undefined;
    const path: number[] = [];
    let source = -1;
    // Each step goes to an earlier component, so this ends; the bound only guards against a bug.
    for (let cur = v, steps = 0; steps <= count; steps++) {
      const c = comp[cur]!;
      const entry = inNode[c]!;
      if (entry < 0) return undefined;
      const inside = cyclic[c] ? within(c, entry, cur) : [];
      for (let i = inside.length - 1; i >= 0; i--) path.push(inside[i]!);
      const e = inEdge[c]!;
      if (e < 0) {
        source = entry;
        break;
      }
      path.push(e);
      cur = from[e]!;
    }
    if (source < 0) return undefined;
    path.reverse();
    let f = 1;
    const retrying: Call[] = [];
    for (const e of path) {
      if (comp[from[e]!] === comp[to[e]!] || factor[e]! <= 1) continue;
      f = times(f, factor[e]!);
      retrying.push(g.edges[e]!.call!);
    }
    return { names: [g.names[source]!, ...path.map((e) => g.names[to[e]!]!)], edges: path.map((e) => g.edges[e]!), factor: f > AMPLIFICATION_CAP ? Infinity : f, retrying };
  };

  const unboundedRetries = (element: string, limit: number): Call[] => {
    const seen = new Uint8Array(n);
    const queue: number[] = [];
    for (const v of g.nodesOf.get(element) ?? []) {
      seen[v] = 1;
      queue.push(v);
    }
    const found: Call[] = [];
    const taken = new Set<Call>();
    for (let head = 0; head < queue.length; head++) {
      const x = queue[head]!;
      for (let k = inStart[x]!; k < inStart[x + 1]!; k++) {
        const e = inEdges[k]!;
        const u = from[e]!;
        if (bounded[e] || !(upeak[u]! > 0)) continue;
        // Inside a cycle the analysis counts a call once (factor 1): only hops between components multiply.
        const call = g.edges[e]!.call;
        if (call && comp[u] !== comp[x] && factor[e]! > 1 && !taken.has(call)) {
          taken.add(call);
          found.push(call);
          if (found.length >= limit) return found;
        }
        if (!seen[u]) {
          seen[u] = 1;
          queue.push(u);
        }
      }
    }
    return found;
  };

  /**
   * What each source contributes to an element's base load: one backward pass over the element's ancestors.
   * W(C), for a component C, is how many requests reach the element per request at C: 1 for the element's own
   * components, plus W of every component C's edges lead to; a source's share is its load × W of its component.
   */
  const sourcesOf = (element: string, limit = Infinity): LoadSource[] => {
    if (g.sources.length <= FEW_SOURCES) return fewSourcesOf(element, limit);
    const targets = new Set<number>();
    for (const v of g.nodesOf.get(element) ?? []) targets.add(comp[v]!);
    if (targets.size === 0) return [];
    const found = new Set<number>(targets);
    const queue = [...targets];
    for (let head = 0; head < queue.length; head++) {
      const c = queue[head]!;
      for (let i = start[c]!; i < start[c + 1]!; i++) {
        const x = nodes[i]!;
        for (let k = inStart[x]!; k < inStart[x + 1]!; k++) {
          const u = comp[from[inEdges[k]!]!]!;
          if (!found.has(u)) {
            found.add(u);
            queue.push(u);
          }
        }
      }
    }
    const weight = new Map<number, number>();
    for (const c of [...found].sort((a, b) => b - a)) {
      let w = targets.has(c) ? 1 : 0;
      for (let i = start[c]!; i < start[c + 1]!; i++) {
        const x = nodes[i]!;
        for (let e = outStart[x]!; e < outStart[x + 1]!; e++) {
          const d = comp[to[e]!]!;
          if (d !== c) w += weight.get(d) ?? 0;
        }
      }
      weight.set(c, w);
    }
    const out: LoadSource[] = [];
    for (const s of g.sources) {
      const w = weight.get(comp[s.node]!) ?? 0;
      if (w > 0) out.push({ name: s.name, load: s.load, base: s.load * w });
    }
    out.sort((a, b) => b.base - a.base || compareStrings(a.name, b.name));
    return out.slice(0, limit);
  };

  /*
   * With few sources (the usual case: a gateway or two, a few clients), each one's share of every node in one
   * forward pass per source, once: the same sums as the main pass, for one source at a time.
   */
  let shares: Float64Array[] | undefined;
  const fewSourcesOf = (element: string, limit: number): LoadSource[] => {
    shares ??= g.sources.map((s) => {
      const share = new Float64Array(n);
      for (let c = comp[s.node]!; c < count; c++) {
        let b = 0;
        for (let i = start[c]!; i < start[c + 1]!; i++) {
          const x = nodes[i]!;
          if (x === s.node) b += s.load;
          for (let k = inStart[x]!; k < inStart[x + 1]!; k++) {
            const u = from[inEdges[k]!]!;
            if (comp[u] !== c) b += share[u]!;
          }
        }
        for (let i = start[c]!; i < start[c + 1]!; i++) share[nodes[i]!] = b;
      }
      return share;
    });
    const out: LoadSource[] = [];
    g.sources.forEach((s, k) => {
      const b = sum(shares![k]!, element);
      if (b > 0) out.push({ name: s.name, load: s.load, base: b });
    });
    out.sort((a, b) => b.base - a.base || compareStrings(a.name, b.name));
    return out.slice(0, limit);
  };

  return {
    declared,
    sources,
    of,
    sourcesOf,
    edgeLoad(edge) {
      let s = 0;
      for (const e of g.edgesOfStatement.get(edge) ?? []) s += base[from[e]!]!;
      return s;
    },
    stormChain,
    unboundedRetries,
    capacityAfterLosing: (element, zone) => capacityAfter(model, element, zone),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Capacity

function capacityFacts(e: Deployable): { capacity?: Capacity; zoneLoss?: ZoneLossCapacity } {
  if (e.capacity === undefined) return {};
  const capacity: Capacity = { perReplica: e.capacity, replicas: e.replicas, total: e.capacity * e.replicas };
  const perZone = replicasPerZone(e);
  if (perZone.size === 0) return { capacity };
  let zone = '';
  let lost = -1;
  for (const [z, count] of perZone) {
    if (count > lost) {
      zone = z;
      lost = count;
    }
  }
  const left = Math.max(0, e.replicas - lost);
  return { capacity, zoneLoss: { zone, lost, left, capacity: left * e.capacity, zoneCount: perZone.size } };
}

/**
 * The replicas that survive losing `zone`, as the model's zone-loss table counts them (semantics.ts: an unplaced
 * element in a file that names zones may have every replica in the lost zone, worst case), × capacity.
 */
function capacityAfter(model: ArchModel, element: string, zone: string): number | undefined {
  const e = model.elements.get(element);
  if (!isDeployable(e) || e.capacity === undefined) return undefined;
  return zoneLossOutcome(e, zone, model).live * e.capacity;
}

/** `from \`mobile\``, `from \`mobile\` (500 req/s) and \`web\` (200 req/s)`, `from \`a\` (…), \`b\` (…) and 3 more`. */
export function sourcesText(sources: readonly LoadSource[]): string {
  if (sources.length === 0) return '';
  if (sources.length === 1) return `from \`${sources[0]!.name}\``;
  const shown = sources.slice(0, 3).map((s) => `\`${s.name}\` (${formatRate(s.base)})`);
  const more = sources.length > 3 ? ` and ${sources.length - 3} more` : '';
  return `from ${sources.length > 3 ? shown.join(', ') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`}${more}`;
}
