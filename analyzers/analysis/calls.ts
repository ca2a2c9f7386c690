import type { ArchModel, Call, Element, Service } from '../../language/model/types';
import { formatDuration } from '../../language/values';
import { entryPoints, syncEdges, type SyncEdge } from './graph';

/*
 * Arithmetic on calls: how long a call can take in the worst case (retries, timeouts, backoff) and how retries
 * multiply along synchronous call chains (retry amplification). Whether a target is safe to retry is
 * idempotency.ts.
 */

/** Worst cases above this are reported as "more than" it: a retry 1000000 typo must not loop for ever. */
export const MAX_WORST_CASE_MS = 3_600_000;
/** Delay assumed when a backoff names no base (`backoff constant` / `backoff exponential`). */
export const DEFAULT_BACKOFF_BASE_MS = 100;

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
  const base = b.baseMs ?? DEFAULT_BACKOFF_BASE_MS;
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
// Retry amplification

/** Bounds on the chain search: a large or densely connected design must not explode the DFS. */
export const MAX_CHAINS = 5_000;
export const MAX_DEPTH = 64;

export interface CallChain {
  entry: string;
  /** Route and call edges from the entry, in order. */
  edges: SyncEdge[];
  /** Π(retry+1) over the call edges. */
  factor: number;
  /** entry, then each edge's target. */
  names: string[];
}

/** A call's amplification factor: every attempt of the caller makes up to retry+1 attempts downstream. */
function edgeFactor(edge: SyncEdge): number {
  return edge.call ? Math.max(0, edge.call.retry) + 1 : 1;
}

function chainOf(entry: string, edges: SyncEdge[]): CallChain {
  const factor = edges.reduce((f, e) => Math.min(f * edgeFactor(e), Number.MAX_SAFE_INTEGER), 1);
  return { entry, edges: [...edges], factor, names: [entry, ...edges.map((e) => e.to)] };
}

/**
 * Every maximal synchronous route/call chain from an entry point (reads and writes end at stores, which call
 * nothing, so they never multiply). Depth-first with the elements of the current path as the visited set, so a
 * cycle ends the chain; at most MAX_CHAINS chains and MAX_DEPTH edges each.
 */
export function callChains(model: ArchModel): CallChain[] {
  const chains: CallChain[] = [];
  const walk = (entry: string, at: Element, path: SyncEdge[], onPath: Set<string>) => {
    if (chains.length >= MAX_CHAINS) return;
    const next = path.length >= MAX_DEPTH ? [] : syncEdges(model, at).filter((e) => (e.kind === 'route' || e.kind === 'call') && !onPath.has(e.to));
    if (next.length === 0) {
      if (path.length > 0) chains.push(chainOf(entry, path));
      return;
    }
    for (const edge of next) {
      const target = model.elements.get(edge.to)!;
      onPath.add(edge.to);
      path.push(edge);
      walk(entry, target, path, onPath);
      path.pop();
      onPath.delete(edge.to);
    }
  };
  for (const entry of entryPoints(model)) walk(entry.name, entry, [], new Set([entry.name]));
  return chains;
}

/** A chain written for messages: `edge → front → middle → back`. */
export function chainText(chain: Pick<CallChain, 'names'>): string {
  return chain.names.join(' → ');
}

/** The highest Π(retry+1) from any entry point up to and including this call, with the chain that gives it. */
export function amplificationAt(model: ArchModel, call: Call, chains = callChains(model)): { factor: number; chain: CallChain } | undefined {
  let best: { factor: number; chain: CallChain } | undefined;
  for (const chain of chains) {
    const i = chain.edges.findIndex((e) => e.call === call);
    if (i < 0) continue;
    const prefix = chainOf(chain.entry, chain.edges.slice(0, i + 1));
    if (!best || prefix.factor > best.factor) best = { factor: prefix.factor, chain: prefix };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------

export interface CallFacts {
  /** Undefined when the call has no declared timeout (no finite worst case). */
  worstCase: WorstCase | undefined;
  worstCaseMs: number | undefined;
  attempts: number;
  /** Highest Π(retry+1) from an entry point through this call; 1 when it is on no chain from an entry. */
  amplificationFromEntries: number;
}

/** What the editor's hover shows on a call. */
export function callFacts(model: ArchModel, call: Call): CallFacts {
  const worstCase = worstCaseMs(call);
  return {
    worstCase,
    worstCaseMs: worstCase?.ms,
    attempts: Math.max(0, call.retry) + 1,
    amplificationFromEntries: amplificationAt(model, call)?.factor ?? 1,
  };
}

/** Every service's calls, for rules that look at each call. */
export function allCalls(model: ArchModel): { service: Service; call: Call }[] {
  const out: { service: Service; call: Call }[] = [];
  for (const e of model.elements.values()) if (e.kind === 'service') for (const call of e.calls) out.push({ service: e, call });
  return out;
}
