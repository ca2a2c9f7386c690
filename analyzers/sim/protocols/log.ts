/*
 * A replicated log as plain, immutable data, in three levels: a tail of fewer than LEAF entries, fewer than FANOUT
 * full leaves of LEAF entries, and full chunks of FANOUT leaves. Appending an entry copies the tail (LEAF/2 entries
 * on average), once every LEAF appends the list of leaves, once every LEAF·FANOUT appends the list of chunks — never
 * the whole log, which a pure step would otherwise do on every client write, and never much of it even when it is
 * long. Full leaves and chunks are shared by every log that holds them. The form is canonical (each level is as full
 * as it can be), so two logs with the same entries are deep-equal. Indices are 1-based as in the Raft paper; index 0
 * is "before the first entry", with term 0.
 */

export interface Entry {
  readonly term: number;
  /** The client write id; 0 for a leader's no-op. */
  readonly id: number;
}

/** LEAF entries. */
export type Leaf = readonly Entry[];

export interface Log {
  /** Full chunks of FANOUT full leaves, oldest first. */
  readonly chunks: readonly (readonly Leaf[])[];
  /** Full leaves after them: fewer than FANOUT. */
  readonly leaves: readonly Leaf[];
  /** The entries after those: fewer than LEAF. */
  readonly tail: readonly Entry[];
}

export const LEAF = 16;
const LEAF_SHIFT = 4; // LEAF = 2^LEAF_SHIFT
export const FANOUT = 64;
const CHUNK = LEAF * FANOUT;
const CHUNK_SHIFT = 10; // CHUNK = 2^CHUNK_SHIFT

/** No entries: what a heartbeat carries (shared, frozen). */
export const NO_ENTRIES: readonly Entry[] = Object.freeze([]);
const NO_LEAVES: readonly Leaf[] = Object.freeze([]);

export const EMPTY_LOG: Log = Object.freeze({ chunks: Object.freeze([]) as readonly (readonly Leaf[])[], leaves: NO_LEAVES, tail: NO_ENTRIES });

export function lastIndex(log: Log): number {
  return log.chunks.length * CHUNK + log.leaves.length * LEAF + log.tail.length;
}

/** Entries held in full leaves (in chunks or not): the ones that never change in this log's descendants. */
function inLeaves(log: Log): number {
  return log.chunks.length * CHUNK + log.leaves.length * LEAF;
}

export function entryAt(log: Log, index: number): Entry | undefined {
  let i = index - 1;
  if (i < 0 || (i | 0) !== i) return undefined;
  const chunks = log.chunks;
  const c = i >> CHUNK_SHIFT;
  if (c < chunks.length) return chunks[c]![(i >> LEAF_SHIFT) & (FANOUT - 1)]![i & (LEAF - 1)];
  i -= chunks.length * CHUNK;
  const leaves = log.leaves;
  const l = i >> LEAF_SHIFT;
  if (l < leaves.length) return leaves[l]![i & (LEAF - 1)];
  return log.tail[i - leaves.length * LEAF];
}

export function termAt(log: Log, index: number): number {
  return entryAt(log, index)?.term ?? 0;
}

export function lastTerm(log: Log): number {
  return termAt(log, lastIndex(log));
}

/** `list` with one more item, in an array of exactly the size needed (slice + push would allocate twice). */
function plus<T>(list: readonly T[], item: T): T[] {
  const n = list.length;
  const out = new Array<T>(n + 1);
  for (let i = 0; i < n; i++) out[i] = list[i]!;
  out[n] = item;
  return out;
}

/** The log with one entry added at the end. */
export function appendOne(log: Log, entry: Entry): Log {
  const tail = plus(log.tail, entry);
  if (tail.length < LEAF) return { chunks: log.chunks, leaves: log.leaves, tail };
  const leaves = plus(log.leaves, tail);
  if (leaves.length < FANOUT) return { chunks: log.chunks, leaves, tail: NO_ENTRIES };
  return { chunks: plus(log.chunks, leaves), leaves: NO_LEAVES, tail: NO_ENTRIES };
}

/** The log with `entries` added at the end. */
export function append(log: Log, entries: readonly Entry[]): Log {
  const k = entries.length;
  if (k === 0) return log;
  if (k === 1) return appendOne(log, entries[0]!);
  const old = log.tail;
  if (old.length + k < LEAF) {
    // They all fit in the tail: one array of the right size.
    const tail = new Array<Entry>(old.length + k);
    for (let i = 0; i < old.length; i++) tail[i] = old[i]!;
    for (let i = 0; i < k; i++) tail[old.length + i] = entries[i]!;
    return { chunks: log.chunks, leaves: log.leaves, tail };
  }
  let chunks: (readonly Leaf[])[] | null = null;
  let leaves: Leaf[] | null = null;
  let tail: Entry[] = old.slice();
  for (const e of entries) {
    tail.push(e);
    if (tail.length < LEAF) continue;
    (leaves ??= log.leaves.slice()).push(tail);
    tail = [];
    if (leaves.length < FANOUT) continue;
    (chunks ??= log.chunks.slice()).push(leaves);
    leaves = [];
  }
  return { chunks: chunks ?? log.chunks, leaves: leaves === null ? log.leaves : leaves.length ? leaves : NO_LEAVES, tail: tail.length ? tail : NO_ENTRIES };
}

/** The first `length` entries. */
export function truncate(log: Log, length: number): Log {
  if (length >= lastIndex(log)) return log;
  if (length <= 0) return EMPTY_LOG;
  const c = Math.floor(length / CHUNK);
  const rest = length - c * CHUNK;
  const l = Math.floor(rest / LEAF);
  const t = rest - l * LEAF;
  // The level the cut falls in: a chunk (then the leaves and tail come from it) or the log's own leaves and tail.
  const cutChunk = c < log.chunks.length;
  const chunks = cutChunk ? log.chunks.slice(0, c) : log.chunks;
  const from = cutChunk ? log.chunks[c]! : log.leaves;
  const leaves = l === 0 ? NO_LEAVES : !cutChunk && l === from.length ? from : from.slice(0, l);
  const tailFrom = l < from.length ? from[l]! : log.tail;
  return { chunks, leaves, tail: t ? tailFrom.slice(0, t) : NO_ENTRIES };
}

/**
 * entriesFrom's last answer that lay wholly within full leaves. A leaf, once full, never changes, and a log that
 * holds a leaf at some position holds the very leaves before it too (logs are only ever extended and cut by these
 * functions). So the same range asked of a later log with the same leaf at its end is the same entries: the leader
 * sending a dead follower its maxBatch entries on every heartbeat builds that array once. Entries are immutable data,
 * so messages may share the array.
 */
const memo: { leaf: Leaf | null; start: number; end: number; entries: readonly Entry[] } = { leaf: null, start: 0, end: 0, entries: NO_ENTRIES };

/** The full leaf holding index `index` (≤ inLeaves(log)). */
function leafAt(log: Log, index: number): Leaf {
  let i = index - 1;
  const c = i >> CHUNK_SHIFT;
  if (c < log.chunks.length) return log.chunks[c]![(i >> LEAF_SHIFT) & (FANOUT - 1)]!;
  i -= log.chunks.length * CHUNK;
  return log.leaves[i >> LEAF_SHIFT]!;
}

/** Up to `max` entries from index `from` on (NO_ENTRIES when there are none). */
export function entriesFrom(log: Log, from: number, max: number): readonly Entry[] {
  const end = Math.min(lastIndex(log), from + max - 1);
  const start = Math.max(1, from);
  if (!(end >= start)) return NO_ENTRIES;
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    const out: Entry[] = [];
    for (let i = start; i <= end; i++) out.push(entryAt(log, i)!);
    return out;
  }
  const leaf = end <= inLeaves(log) ? leafAt(log, end) : null;
  if (leaf !== null && leaf === memo.leaf && start === memo.start && end === memo.end) return memo.entries;
  // One allocation of the right size: a follower far behind gets maxBatch entries on every heartbeat.
  const out = new Array<Entry>(end - start + 1);
  for (let i = start, k = 0; i <= end; i++, k++) out[k] = entryAt(log, i)!;
  if (leaf !== null) {
    memo.leaf = leaf;
    memo.start = start;
    memo.end = end;
    memo.entries = out;
  }
  return out;
}

/** Client write ids in log order. */
export function logIds(log: Log): number[] {
  const out: number[] = [];
  const leaf = (entries: readonly Entry[]) => {
    for (let i = 0; i < entries.length; i++) if (entries[i]!.id !== 0) out.push(entries[i]!.id);
  };
  for (const chunk of log.chunks) for (const l of chunk) leaf(l);
  for (const l of log.leaves) leaf(l);
  leaf(log.tail);
  return out;
}

/** (term, index) of the last entry compares ≥: Raft's "at least as up-to-date" (§5.4.1). */
export function upToDate(term: number, index: number, thanTerm: number, thanIndex: number): boolean {
  return term > thanTerm || (term === thanTerm && index >= thanIndex);
}

export type AppendResult = { ok: true; log: Log; match: number } | { ok: false; hint: number };

/**
 * A follower takes `entries` that follow (prevIndex, prevTerm) in the leader's log (Raft's AppendEntries
 * consistency check). Entries it already holds with the same term are kept — a stale or repeated message never cuts
 * off what a newer one appended — and the first conflicting entry drops everything from there. When the follower
 * has no matching entry at prevIndex, `hint` is the index the leader should retry after.
 */
export function appendFrom(log: Log, prevIndex: number, prevTerm: number, entries: readonly Entry[]): AppendResult {
  const last = lastIndex(log);
  if (prevIndex > last) return { ok: false, hint: last };
  const conflict = termAt(log, prevIndex);
  if (conflict !== prevTerm) {
    // Skip the follower's whole conflicting term at once (Raft §5.3's optimisation), not one entry per round trip.
    let first = prevIndex;
    while (first > 1 && termAt(log, first - 1) === conflict) first--;
    return { ok: false, hint: first - 1 };
  }
  if (entries.length === 0) return { ok: true, log, match: prevIndex };
  let out = log;
  for (let k = 0; k < entries.length; k++) {
    const index = prevIndex + 1 + k;
    if (index <= lastIndex(out)) {
      if (termAt(out, index) === entries[k]!.term) continue;
      out = truncate(out, index - 1);
    }
    return { ok: true, log: append(out, k === 0 ? entries : entries.slice(k)), match: prevIndex + entries.length };
  }
  return { ok: true, log: out, match: prevIndex + entries.length };
}
