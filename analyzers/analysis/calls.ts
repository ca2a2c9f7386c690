import { DEFAULTS } from '../../language/model/defaults';
import type { ArchModel, Call, Caller } from '../../language/model/types';
import { compareStrings } from '../../language/compare';
import { formatDuration } from '../../language/values';
import { buildEdgeGraph, type EdgeGraph, type EdgeGraphSpec } from './edge-graph';
import { callersOf, chainStarts, type SyncEdge } from './graph';
import { memo } from './memo';

/*
 * Arithmetic on calls: how long a call can take in the worst case (retries, timeouts, backoff) and how retries
 * multiply along synchronous call chains (retry amplification). Whether a target is safe to retry is
 * idempotency.ts.
 */

/** Worst cases above this are reported as "more than" it: a retry 1000000 typo must not loop for ever. */
export const MAX_WORST_CASE_MS = 3_600_000;

/** Delays listed one by one in a breakdown; longer schedules are shortened to the first few and "…". */
export const MAX_LISTED_DELAYS = 4;
/**
 * Iteration limit of the backoff schedule walk. An exponential schedule stops changing once it reaches its cap,
 * at the latest when 2^k overflows to Infinity (k = 1024), so the walk needs at most this many steps; every
 * further delay equals the last one and is added by multiplication, however large `retry` is.
 */
const MAX_SCHEDULE_STEPS = 1_100;

export interface WorstCase {
  /** Total milliseconds, at most MAX_WORST_CASE_MS. */
  ms: number;
  attempts: number;
  timeoutMs: number;
  /** The first backoff delays between attempts, in order: at most MAX_LISTED_DELAYS of them (see delayCount). */
  delays: number[];
  /** How many backoff delays there are in all: attempts − 1. */
  delayCount: number;
  /** The sum of every backoff delay (not only the listed ones). */
  delaysMs: number;
  /** True when the real worst case is larger than `ms` (the cap was hit). */
  capped: boolean;
  /** "4 attempts × 1s + backoff 100ms + 200ms + 400ms = 4.7s" */
  breakdown: string;
}

/** Whether a call has a timeout: declared in its block, provided by the caller's sidecar/ambassador, or none. */
export function timeoutSource(model: ArchModel, call: Call): 'declared' | 'provided' | 'none' {
  if (call.timeoutMs !== undefined) return 'declared';
  const caller = model.elements.get(call.caller);
  return caller?.kind === 'service' && caller.provides.timeouts ? 'provided' : 'none';
}

/** The delay before retry number k (0-based), with no jitter: jitter only ever shortens a delay. */
export function delayBefore(call: Pick<Call, 'backoff'>, k: number): number {
  const b = call.backoff;
  if (!b || b.kind === 'none') return 0;
  const base = b.baseMs ?? DEFAULTS.backoffBaseMs;
  if (b.kind === 'constant') return base;
  const max = b.maxMs ?? MAX_WORST_CASE_MS;
  // 2^k overflows to Infinity for large k, which min() then caps.
  return Math.min(base * 2 ** k, max);
}

/** The first `count` delays of a call's backoff schedule (count is clamped to MAX_SCHEDULE_STEPS). */
export function backoffSchedule(call: Pick<Call, 'backoff'>, count: number): number[] {
  const n = Math.max(0, Math.min(Math.floor(count), MAX_SCHEDULE_STEPS));
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(delayBefore(call, k));
  return out;
}

/**
 * The sum of the first `count` backoff delays without visiting each one: the schedule is walked (at most
 * MAX_SCHEDULE_STEPS steps) until it stops changing, and the remaining delays, all equal, are multiplied.
 */
function sumOfDelays(call: Pick<Call, 'backoff'>, count: number): number {
  let sum = 0;
  let k = 0;
  for (; k < count && k < MAX_SCHEDULE_STEPS; k++) {
    const d = delayBefore(call, k);
    sum += d;
    // Constant from here on: every later delay is d (none/constant at once, exponential once it hits its max).
    if (delayBefore(call, k + 1) === d) return sum + (count - k - 1) * d;
  }
  // Only reachable when count ≤ MAX_SCHEDULE_STEPS, or for a schedule that never settled (cannot happen: 2^1024 = Infinity).
  return sum + Math.max(0, count - k) * delayBefore(call, k);
}

/**
 * attempts × timeout + the backoff delays between attempts. Undefined when the call has no declared timeout:
 * without one a hung callee holds the caller for ever (a sidecar's timeout is present but of unknown length).
 * Constant time in `retry`: `retry 999999999` costs no more than `retry 3`.
 */
export function worstCaseMs(call: Call): WorstCase | undefined {
  if (call.timeoutMs === undefined) return undefined;
  const retries = Number.isFinite(call.retry) ? Math.max(0, Math.floor(call.retry)) : 0;
  const attempts = retries + 1;
  const timeoutMs = call.timeoutMs;
  const delaysMs = sumOfDelays(call, retries);
  const total = attempts * timeoutMs + delaysMs;
  const capped = !(total <= MAX_WORST_CASE_MS);
  const ms = capped ? MAX_WORST_CASE_MS : total;
  const listed = backoffSchedule(call, Math.min(retries, MAX_LISTED_DELAYS));
  const attemptsText = `${attempts} attempt${attempts === 1 ? '' : 's'} × ${formatDuration(timeoutMs)}`;
  let delayText = '';
  if (delaysMs > 0) {
    if (retries <= MAX_LISTED_DELAYS) delayText = ` + backoff ${listed.map(formatDuration).join(' + ')}`;
    else {
      const total = capped ? '' : `, ${formatDuration(delaysMs)} in all`;
      delayText = ` + backoff ${listed.slice(0, 3).map(formatDuration).join(' + ')} + … (${retries} delays${total})`;
    }
  }
  const breakdown = `${attemptsText}${delayText} = ${capped ? 'more than ' : ''}${formatDuration(ms)}`;
  return { ms, attempts, timeoutMs, delays: listed, delayCount: retries, delaysMs, capped, breakdown };
}

/** What a call or a saga step names: an element, and maybe one of its operations. */
export type OperationRef = Pick<Call, 'target' | 'operation'>;

/** `payments.charge`, or `payments` for a call (or saga step) that names no operation. */
export function callLabel(call: OperationRef): string {
  return call.operation ? `${call.target}.${call.operation}` : call.target;
}

// ---------------------------------------------------------------------------------------------------------
// Retry amplification and worst-case time over call chains

/*
 * Both are maxima over the paths of the synchronous call graph: gateway `routes` and sync `call`s of services and
 * clients (reads and writes end at stores, which call nothing, so they neither multiply nor add). Chains start at
 * `chainStarts` (clients, gateways, `entry` elements; without clients, the entry points). A service operation that
 * lists its `calls` (SPEC §5.1) is a node of its own, `service.operation`, whose edges are only those calls; a
 * call that names it goes there, and a route or a call that names no operation (or one that lists no calls) goes
 * to the service's node with every call. A `retry-budget` caps the factor of its call at 1 + budget/100.
 * Enumerating paths is exponential
 * (a 31-service mesh has millions of them), so there is no enumeration and no cut-off. Instead, once per model:
 *
 *   1. strongly connected components (Tarjan, iterative: a 5,000-service chain must not overflow the stack),
 *      numbered in topological order;
 *   2. forward over the components, from the entry points: F(S) = max(1 if S holds an entry point,
 *      max over calls p → S of F(p) · (retry + 1)), the highest product of attempts with which a request from an
 *      entry point reaches S;
 *   3. backward: W(S) = max over calls S → t of worst(call) + W(t), the longest a request to S can keep work
 *      going along one chain below it; and whether S has a way down to a leaf without another retrying call.
 *
 * Time and memory are linear in elements + calls (ties add a log factor, below). Calls inside a component — a
 * synchronous cycle — are left out of the products and sums: around a cycle that retries, amplification is
 * unbounded, which is its own finding (`retryCycles`), not a number. Products above AMPLIFICATION_CAP are not
 * tracked (they are Infinity, printed "more than 10^15"); below it they are exact integers (< 2^53).
 *
 * Ties between equally bad chains are broken by content, never by declaration order: the chain named is the
 * first of the equally bad ones in code-point order of its element names, compared name by name from the start
 * (exactly so for chains that cross no cycle; across a cycle the way taken is the shortest, neighbours in
 * code-point order). Comparing two candidate chains uses binary lifting over the parent pointers of the
 * forward pass, so a tie costs O(log depth), not the length of the chains.
 */

/** Products of attempts above this are reported as "more than 10^15": exact below it, not tracked above. */
export const AMPLIFICATION_CAP = 1e15;
/** Chains longer than this are shortened in messages: the first names, "…", the last one. */
export const MAX_CHAIN_NAMES = 12;

export interface CallChain {
  entry: string;
  /** Route and call edges from the entry, in order. */
  edges: SyncEdge[];
  /** Π(retry+1) over the call edges outside cycles: an exact integer up to AMPLIFICATION_CAP, Infinity above. */
  factor: number;
  /** entry, then each edge's target. */
  names: string[];
  /** The retrying calls counted in `factor`, in chain order (calls inside a cycle are not counted). */
  retrying: Call[];
}

/** `16`, `4.8` (a retry budget's fraction, to 2 decimals), or `more than 10^15` for a product that passed AMPLIFICATION_CAP. */
export function formatFactor(factor: number): string {
  if (!(factor <= AMPLIFICATION_CAP)) return 'more than 10^15';
  return Number.isInteger(factor) ? String(factor) : String(Math.round(factor * 100) / 100);
}

/**
 * How many attempts downstream one attempt of the caller makes through this call: retry + 1, capped by a
 * `retry-budget` at 1 + budget/100 (SPEC §5.1). A call with a budget and no `retry` still retries — within the
 * budget — so its factor is the budget's bound.
 */
export function attemptFactor(call: Pick<Call, 'retry' | 'retryBudget'>): number {
  const retry = call.retry;
  const attempts = retry >= 1 ? Math.floor(retry) + 1 : 1;
  const capped = attempts > AMPLIFICATION_CAP ? Infinity : attempts;
  if (call.retryBudget === undefined) return capped;
  const bound = 1 + call.retryBudget / 100;
  return retry >= 1 ? Math.min(capped, bound) : bound;
}

/** Whether the call retries by its own block: `retry` ≥ 1, or a `retry-budget` (which only exists to bound retries). */
export function retriesItself(call: Pick<Call, 'retry' | 'retryBudget'>): boolean {
  return call.retry >= 1 || call.retryBudget !== undefined;
}

/** The statement that makes a call retry, for ranges: its `retry`, else its `retry-budget`, else the call. */
export function retryStatementRange(call: Call) {
  return (call.props.statement('retry') ?? call.props.statement('retry-budget') ?? call.statement).range;
}

/** A chain written for messages: `edge → front → middle → back`, shortened beyond MAX_CHAIN_NAMES names. */
export function chainText(chain: Pick<CallChain, 'names'>): string {
  const names = chain.names;
  if (names.length <= MAX_CHAIN_NAMES) return names.join(' → ');
  return shortChain(names.slice(0, MAX_CHAIN_NAMES - 2), names.length, names[names.length - 1]!);
}

function shortChain(head: string[], length: number, last: string): string {
  return `${head.join(' → ')} → … (${length - head.length - 1} more) → ${last}`;
}

/** Every attempt of the caller makes up to retry+1 attempts downstream (less under a retry budget); other edges count 1. */
export function edgeFactor(edge: SyncEdge): number {
  if (!edge.call) return 1;
  return attemptFactor(edge.call);
}

function timesCapped(a: number, b: number): number {
  const p = a * b;
  return p > AMPLIFICATION_CAP ? Infinity : p;
}

function plusCapped(a: number, b: number): number {
  const s = a + b;
  return s > MAX_WORST_CASE_MS ? Infinity : s;
}

/** An edge's worst-case time: its call's (Infinity when over MAX_WORST_CASE_MS); 0 for routes and for calls without a timeout. */
function edgeCost(edge: SyncEdge): number {
  const w = edge.call ? worstCaseMs(edge.call) : undefined;
  return !w ? 0 : w.capped ? Infinity : w.ms;
}

const edgeLabel = (e: SyncEdge) => (e.call ? callLabel(e.call) : e.to);

/** The call graph: the routes and sync calls (edge-graph.ts), with each edge's worst-case time and the entry points. */
interface Graph extends EdgeGraph {
  entry: Uint8Array;
  cost: Float64Array;
  /** The edges of each call (one from the service's node, one from each operation node that makes it). */
  edgeOfCall: Map<Call, number[]>;
}

const CALL_GRAPH: EdgeGraphSpec = {
  keep: (x) => x.kind === 'route' || x.kind === 'call',
  // An operation's node has the edges of its calls only.
  keepForOperation: (x, made) => x.call !== undefined && made.has(x.call),
  factor: edgeFactor,
  label: edgeLabel,
  operationsByName: false,
};

function buildGraph(model: ArchModel): Graph {
  const g = buildEdgeGraph(model, CALL_GRAPH);
  const entry = new Uint8Array(g.n);
  for (const e of chainStarts(model)) {
    const i = g.elementNode.get(e.name);
    if (i !== undefined) entry[i] = 1;
  }
  const m = g.edges.length;
  const cost = new Float64Array(m);
  const edgeOfCall = new Map<Call, number[]>();
  for (let e = 0; e < m; e++) {
    const edge = g.edges[e]!;
    cost[e] = edgeCost(edge);
    if (edge.call) {
      const list = edgeOfCall.get(edge.call);
      if (list) list.push(e);
      else edgeOfCall.set(edge.call, [e]);
    }
  }
  return { ...g, entry, cost, edgeOfCall };
}

export interface Components {
  /** Component of each node; every edge goes from a component to the same or a later one. */
  comp: Int32Array;
  count: number;
  /** Members of component c: nodes[start[c] … start[c+1]−1], in name order. */
  start: Int32Array;
  nodes: Int32Array;
  /** More than one member, or a call to itself. */
  cyclic: Uint8Array;
}

/** What `components` reads of a flat graph: the call graph here, the load graph of load.ts. */
export interface ComponentGraph {
  n: number;
  /** Position of each node's name in code-point order (members of a component are listed in it). */
  rank: Int32Array;
  outStart: Int32Array;
  from: Int32Array;
  to: Int32Array;
  edges: { readonly length: number };
}

/** Tarjan's strongly connected components with explicit stacks (no recursion). */
export function components(g: ComponentGraph): Components {
  const { n, outStart, to } = g;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const frames = new Int32Array(n);
  const cursor = new Int32Array(n);
  const finished = new Int32Array(n);
  let sp = 0;
  let count = 0;
  let counter = 0;
  for (let s = 0; s < n; s++) {
    if (order[s] !== -1) continue;
    let fp = 0;
    const open = (v: number) => {
      order[v] = low[v] = counter++;
      stack[sp++] = v;
      onStack[v] = 1;
      frames[fp] = v;
      cursor[fp] = outStart[v]!;
      fp++;
    };
    open(s);
    while (fp > 0) {
      const v = frames[fp - 1]!;
      const e = cursor[fp - 1]!;
      if (e < outStart[v + 1]!) {
        cursor[fp - 1] = e + 1;
        const w = to[e]!;
        if (order[w] === -1) open(w);
        else if (onStack[w] && order[w]! < low[v]!) low[v] = order[w]!;
        continue;
      }
      fp--;
      if (fp > 0) {
        const u = frames[fp - 1]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
      if (low[v] === order[v]) {
        let w: number;
        do {
          w = stack[--sp]!;
          onStack[w] = 0;
          finished[w] = count;
        } while (w !== v);
        count++;
      }
    }
  }
  // Tarjan finishes a component after every component it reaches: reversed, that is a topological order.
  const comp = new Int32Array(n);
  const size = new Int32Array(count + 1);
  for (let v = 0; v < n; v++) {
    comp[v] = count - 1 - finished[v]!;
    size[comp[v]! + 1]!++;
  }
  const start = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) start[c + 1] = start[c]! + size[c + 1]!;
  const fill = start.slice(0, count);
  const byName = new Int32Array(n);
  for (let v = 0; v < n; v++) byName[g.rank[v]!] = v;
  const nodes = new Int32Array(n);
  for (const v of byName) nodes[fill[comp[v]!]!++] = v;
  const cyclic = new Uint8Array(count);
  for (let c = 0; c < count; c++) if (start[c + 1]! - start[c]! > 1) cyclic[c] = 1;
  for (let e = 0; e < g.edges.length; e++) if (g.from[e] === g.to[e]) cyclic[comp[g.from[e]!]!] = 1;
  return { comp, count, start, nodes, cyclic };
}

/** A synchronous cycle whose calls retry: each round multiplies the attempts again, without bound. */
export interface RetryCycle {
  /** The cycle, first name repeated at the end: `a → b → a`. Starts at the first caller (code-point order) of a retrying call in it. */
  names: string[];
  /** The calls around it, in order (routes through a gateway on the cycle are not calls); the first one retries. */
  calls: Call[];
  /** Π(retry+1) over one round (Infinity above AMPLIFICATION_CAP). */
  factorPerRound: number;
  /** Every element of the strongly connected component the cycle lies in, in code-point order. */
  members: string[];
}

export interface AmplifiedCall {
  call: Call;
  /** Π(retry+1) from the worst entry point through this call (Infinity above AMPLIFICATION_CAP). */
  factor: number;
  chain: CallChain;
}

export interface WorstChain {
  /** Σ worst-case time of the calls along the slowest chain from the element; Infinity above MAX_WORST_CASE_MS. */
  ms: number;
  /** The chain, shortened for messages (see chainText). */
  text: string;
  /** How many elements the chain has (the element itself included). */
  length: number;
}

export interface CallGraphAnalysis {
  /** Highest Π(retry+1) with which a request from an entry point reaches the element; undefined if none reaches it. */
  amplificationOf(element: string): number | undefined;
  /** Highest Π(retry+1) from an entry point up to and including this sync call, with the chain that gives it. */
  amplificationAt(call: Call): { factor: number; chain: CallChain; inCycle: boolean } | undefined;
  /**
   * Retrying calls where a product above `limit` lands: the call can be the last retrying one of a chain (its
   * target has a way down to a leaf with no further retrying call). Calls inside cycles are left to `cycles`.
   */
  amplifiedCalls(limit: number): AmplifiedCall[];
  /** Synchronous cycles reached from an entry point whose calls retry, one per strongly connected component. */
  cycles: RetryCycle[];
  /**
   * The slowest chain of calls from the element — from one of its operations, when `operation` names one that
   * lists its calls; undefined for an unknown name.
   */
  worstChain(element: string, operation?: string): WorstChain | undefined;
}

/** The call graph analysis of a model, computed once per model. */
export function callGraph(model: ArchModel): CallGraphAnalysis {
  return memo(model, 'call-graph', () => analyzeCallGraph(model));
}

/** The same, computed afresh (not memoized): for benchmarks. */
export function analyzeCallGraph(model: ArchModel): CallGraphAnalysis {
  const g = buildGraph(model);
  const { n, rank, from, to, factor, cost, outStart, inStart, inEdges, edges } = g;
  const cc = components(g);
  const { comp, count, start, nodes, cyclic } = cc;
  const index = new Map<string, number>();
  g.names.forEach((name, i) => index.set(name, i));

  // ---- forward: amplification from the entry points --------------------------------------------------
  // Per component, the best way in: its product, and the chain (parent node, first member, edge) it comes by.
  const value = new Float64Array(count); // 0: not reached from an entry point
  const inParent = new Int32Array(count).fill(-1);
  const inNode = new Int32Array(count).fill(-1);
  const inEdge = new Int32Array(count).fill(-1);
  // Per node, the chain it is reached by: a forest of parent pointers with depths and binary lifting.
  let levels = 1;
  while (1 << levels <= n) levels++;
  const parent = new Int32Array(n).fill(-1);
  const parentEdge = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n); // 0: not reached
  const up = new Int32Array(Math.max(1, n * levels));

  const attach = (v: number, p: number, e: number) => {
    parent[v] = p;
    parentEdge[v] = e;
    depth[v] = p < 0 ? 1 : depth[p]! + 1;
    up[v] = p < 0 ? v : p;
    for (let k = 1; k < levels; k++) up[k * n + v] = up[(k - 1) * n + up[(k - 1) * n + v]!]!;
  };
  const ancestorAt = (v: number, d: number) => {
    for (let diff = depth[v]! - d, k = 0; diff > 0; diff >>= 1, k++) if (diff & 1) v = up[k * n + v]!;
    return v;
  };
  /** Code-point order of the name sequences chain(pa) + [a] and chain(pb) + [b] (pa, pb: attached nodes or −1). */
  const compareChains = (pa: number, a: number, pb: number, b: number): number => {
    const da = pa < 0 ? 0 : depth[pa]!;
    const db = pb < 0 ? 0 : depth[pb]!;
    const m = Math.min(da, db);
    if (m > 0) {
      let x = ancestorAt(pa, m);
      let y = ancestorAt(pb, m);
      if (x !== y) {
        // Climb to the first names that differ: just below the common ancestor, or the two roots.
        for (let k = levels - 1; k >= 0; k--) {
          if (up[k * n + x] !== up[k * n + y]) {
            x = up[k * n + x]!;
            y = up[k * n + y]!;
          }
        }
        return rank[x]! - rank[y]!;
      }
    }
    const xm = da > m ? ancestorAt(pa, m + 1) : a;
    const ym = db > m ? ancestorAt(pb, m + 1) : b;
    if (xm !== ym) return rank[xm]! - rank[ym]!;
    return da - db; // one is a prefix of the other (or they are equal)
  };
  const offer = (c: number, v: number, p: number, w: number, e: number) => {
    const cur = value[c]!;
    if (v < cur) return;
    if (v === cur) {
      const order = compareChains(p, w, inParent[c]!, inNode[c]!);
      if (order > 0 || (order === 0 && e >= inEdge[c]!)) return;
    }
    value[c] = v;
    inParent[c] = p;
    inNode[c] = w;
    inEdge[c] = e;
  };
  const queue = new Int32Array(n);
  for (let c = 0; c < count; c++) {
    for (let i = start[c]!; i < start[c + 1]!; i++) if (g.entry[nodes[i]!]) offer(c, 1, -1, nodes[i]!, -1);
    if (value[c] === 0) continue;
    attach(inNode[c]!, inParent[c]!, inEdge[c]!);
    if (cyclic[c]) {
      // Across the cycle: breadth-first from the way in, neighbours in name order (edges are sorted so).
      let head = 0;
      let tail = 0;
      queue[tail++] = inNode[c]!;
      while (head < tail) {
        const z = queue[head++]!;
        for (let e = outStart[z]!; e < outStart[z + 1]!; e++) {
          const y = to[e]!;
          if (comp[y] === c && depth[y] === 0) {
            attach(y, z, e);
            queue[tail++] = y;
          }
        }
      }
    }
    for (let i = start[c]!; i < start[c + 1]!; i++) {
      const x = nodes[i]!;
      for (let e = outStart[x]!; e < outStart[x + 1]!; e++) {
        const t = comp[to[e]!]!;
        if (t !== c) offer(t, timesCapped(value[c]!, factor[e]!), x, to[e]!, e);
      }
    }
  }

  // ---- backward: worst-case time below each element, and retry-free ways down --------------------------
  const worst = new Float64Array(count);
  const retryFreeDown = new Uint8Array(count);
  const nextEdge = new Int32Array(n).fill(-1);
  const chainLength = new Int32Array(n);
  const chainEnd = new Int32Array(n);
  for (let c = count - 1; c >= 0; c--) {
    let best = -1;
    let bestValue = 0;
    let exits = false;
    let free = false;
    for (let i = start[c]!; i < start[c + 1]!; i++) {
      const x = nodes[i]!;
      for (let e = outStart[x]!; e < outStart[x + 1]!; e++) {
        const t = comp[to[e]!]!;
        if (t === c) continue;
        exits = true;
        if (factor[e] === 1 && retryFreeDown[t]) free = true;
        const v = plusCapped(cost[e]!, worst[t]!);
        if (best < 0 || v > bestValue) {
          best = e;
          bestValue = v;
        }
      }
    }
    retryFreeDown[c] = !exits || free ? 1 : 0;
    worst[c] = bestValue;
    // The chain from every member: to the member the best exit leaves from (backwards breadth-first), then out.
    const exitNode = best >= 0 ? from[best]! : nodes[start[c]!]!;
    nextEdge[exitNode] = best;
    chainLength[exitNode] = best >= 0 ? 1 + chainLength[to[best]!]! : 1;
    chainEnd[exitNode] = best >= 0 ? chainEnd[to[best]!]! : exitNode;
    if (cyclic[c]) {
      let head = 0;
      let tail = 0;
      queue[tail++] = exitNode;
      const seen = new Set<number>([exitNode]);
      while (head < tail) {
        const z = queue[head++]!;
        for (let i = inStart[z]!; i < inStart[z + 1]!; i++) {
          const e = inEdges[i]!;
          const u = from[e]!;
          if (comp[u] !== c || seen.has(u)) continue;
          seen.add(u);
          nextEdge[u] = e;
          chainLength[u] = 1 + chainLength[z]!;
          chainEnd[u] = chainEnd[z]!;
          queue[tail++] = u;
        }
      }
    }
  }

  // ---- cycles that retry ------------------------------------------------------------------------------
  const cycles: RetryCycle[] = [];
  const unbounded = new Uint8Array(count);
  for (let c = 0; c < count; c++) {
    if (!cyclic[c] || value[c] === 0) continue;
    // The representative: the first retrying call inside the component, by (caller, target, factor, label).
    let rep = -1;
    for (let i = start[c]!; i < start[c + 1]! && rep < 0; i++) {
      const x = nodes[i]!;
      for (let e = outStart[x]!; e < outStart[x + 1]!; e++) {
        if (comp[to[e]!] === c && factor[e]! > 1) {
          rep = e;
          break;
        }
      }
    }
    if (rep < 0) continue;
    unbounded[c] = 1;
    const round = [rep, ...pathWithin(g, comp, c, to[rep]!, from[rep]!)];
    cycles.push({
      names: [g.names[from[rep]!]!, ...round.map((e) => g.names[to[e]!]!)],
      calls: round.flatMap((e) => (edges[e]!.call ? [edges[e]!.call!] : [])),
      factorPerRound: round.reduce((f, e) => timesCapped(f, factor[e]!), 1),
      // Elements, not nodes: a service and one of its operations' nodes are one member.
      members: [...new Set(Array.from(nodes.subarray(start[c]!, start[c + 1]!), (v) => g.elementOf[v]!))].sort(compareStrings),
    });
  }

  // ---- queries ----------------------------------------------------------------------------------------
  const chainThrough = (e: number): CallChain => {
    const path: number[] = [e];
    for (let v = from[e]!; parentEdge[v]! >= 0; v = parent[v]!) path.push(parentEdge[v]!);
    path.reverse();
    const entryNode = from[path[0]!]!;
    const chainEdges = path.map((i) => edges[i]!);
    let f = 1;
    const retrying: Call[] = [];
    for (const i of path) {
      if (comp[from[i]!] === comp[to[i]!] || factor[i] === 1) continue;
      f = timesCapped(f, factor[i]!);
      retrying.push(edges[i]!.call!);
    }
    return { entry: g.names[entryNode]!, edges: chainEdges, factor: f, names: [g.names[entryNode]!, ...path.map((i) => g.names[to[i]!]!)], retrying };
  };
  /** Of two candidate chains for one call: the higher factor, then the first in code-point order of the names. */
  const better = (f: number, chain: CallChain, best: { factor: number; chain: CallChain } | undefined) =>
    !best || f > best.factor || (f === best.factor && compareNameLists(chain.names, best.chain.names) < 0);
  const amplificationAt = (call: Call) => {
    // A call is an edge from its service's node and from each operation node that makes it: the worst one counts.
    let best: { factor: number; chain: CallChain; inCycle: boolean } | undefined;
    for (const e of g.edgeOfCall.get(call) ?? []) {
      if (depth[from[e]!] === 0) continue;
      const chain = chainThrough(e);
      const inCycle = comp[from[e]!] === comp[to[e]!];
      const f = inCycle && unbounded[comp[from[e]!]!] ? Infinity : chain.factor;
      if (better(f, chain, best)) best = { factor: f, chain, inCycle };
    }
    return best;
  };
  return {
    amplificationOf(element) {
      let best: number | undefined;
      for (const v of g.nodesOf.get(element) ?? []) if (value[comp[v]!] !== 0 && (best === undefined || value[comp[v]!]! > best)) best = value[comp[v]!];
      return best;
    },
    amplificationAt,
    amplifiedCalls(limit) {
      const byCall = new Map<Call, AmplifiedCall>();
      const order: Call[] = [];
      for (let e = 0; e < edges.length; e++) {
        const c = comp[from[e]!]!;
        const t = comp[to[e]!]!;
        if (factor[e]! <= 1 || c === t || value[c] === 0 || !retryFreeDown[t]) continue;
        const f = timesCapped(value[c]!, factor[e]!);
        if (f <= limit) continue;
        const call = edges[e]!.call!;
        const chain = chainThrough(e);
        const seen = byCall.get(call);
        if (!seen) order.push(call);
        if (better(f, chain, seen)) byCall.set(call, { call, factor: f, chain });
      }
      return order.map((call) => byCall.get(call)!);
    },
    cycles,
    worstChain(element, operation) {
      const v = (operation !== undefined ? g.operationNode.get(`${element}.${operation}`) : undefined) ?? index.get(element);
      if (v === undefined) return undefined;
      const head: string[] = [];
      for (let x = v, k = 0; k < MAX_CHAIN_NAMES && x >= 0; k++) {
        head.push(g.names[x]!);
        x = nextEdge[x]! >= 0 ? to[nextEdge[x]!]! : -1;
      }
      const length = chainLength[v]!;
      const text = length <= MAX_CHAIN_NAMES ? head.join(' → ') : shortChain(head.slice(0, MAX_CHAIN_NAMES - 2), length, g.names[chainEnd[v]!]!);
      return { ms: worst[comp[v]!]!, text, length };
    },
  };
}

/** Code-point order of two name sequences, name by name, a prefix first. */
function compareNameLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareStrings(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Edges of the shortest path from `a` to `b` inside component c (neighbours in name order); empty when a = b. */
function pathWithin(g: Graph, comp: Int32Array, c: number, a: number, b: number): number[] {
  if (a === b) return [];
  const via = new Map<number, number>([[a, -1]]);
  const queue = [a];
  for (let head = 0; head < queue.length; head++) {
    const z = queue[head]!;
    for (let e = g.outStart[z]!; e < g.outStart[z + 1]!; e++) {
      const y = g.to[e]!;
      if (comp[y] !== c || via.has(y)) continue;
      via.set(y, e);
      if (y === b) {
        const path: number[] = [];
        for (let x = b; x !== a; x = g.from[via.get(x)!]!) path.push(via.get(x)!);
        return path.reverse();
      }
      queue.push(y);
    }
  }
  return []; // unreachable: a and b are in one component
}

/** The highest Π(retry+1) from any entry point up to and including this call, with the chain that gives it. */
export function amplificationAt(model: ArchModel, call: Call): { factor: number; chain: CallChain; inCycle: boolean } | undefined {
  return callGraph(model).amplificationAt(call);
}

// ---------------------------------------------------------------------------------------------------------

export interface CallFacts {
  /** Undefined when the call has no declared timeout (no finite worst case). */
  worstCase: WorstCase | undefined;
  worstCaseMs: number | undefined;
  attempts: number;
  /**
   * Highest Π(retry+1) from an entry point through this call; 1 when it is on no chain from an entry. Infinity
   * above AMPLIFICATION_CAP or on a synchronous cycle that retries (see amplificationText).
   */
  amplificationFromEntries: number;
  /** amplificationFromEntries for people: `16`, `more than 10^15`, `unbounded (cycle a → b → a)`. */
  amplificationText: string;
}

/** What the editor's hover shows on a call. */
export function callFacts(model: ArchModel, call: Call): CallFacts {
  const worstCase = worstCaseMs(call);
  const amp = amplificationAt(model, call);
  const factor = amp?.factor ?? 1;
  let text = formatFactor(factor);
  if (amp?.inCycle && factor === Infinity) {
    const cycle = callGraph(model).cycles.find((c) => c.members.includes(call.caller));
    if (cycle) text = `unbounded (cycle ${chainText(cycle)})`;
  }
  return {
    worstCase,
    worstCaseMs: worstCase?.ms,
    attempts: Math.max(0, call.retry) + 1,
    amplificationFromEntries: factor,
    amplificationText: text,
  };
}

/** Every call of every service and client (SPEC §5.1: a client's calls take the service call block), for rules that look at each call. */
export function allCalls(model: ArchModel): { service: Caller; call: Call }[] {
  const out: { service: Caller; call: Call }[] = [];
  for (const e of callersOf(model)) for (const call of e.calls) out.push({ service: e, call });
  return out;
}
