/*
 * A replicated log as plain, immutable data: full chunks of CHUNK entries (shared by every log that holds them)
 * and a tail of fewer than CHUNK entries. Appending an entry copies the tail only — and, once every CHUNK appends,
 * the list of chunks — not the whole log, which a pure step would otherwise do on every client write. The form is
 * canonical (the tail is always shorter than a chunk), so two logs with the same entries are deep-equal. Indices
 * are 1-based as in the Raft paper; index 0 is "before the first entry", with term 0.
 */

export interface Entry {
  readonly term: number;
  /** The client write id; 0 for a leader's no-op. */
  readonly id: number;
}

export interface Log {
  /** Full chunks of CHUNK entries, oldest first. */
  readonly chunks: readonly (readonly Entry[])[];
  /** The entries after them: fewer than CHUNK. */
  readonly tail: readonly Entry[];
}

export const CHUNK = 64;
const SHIFT = 6; // CHUNK = 2^SHIFT

/** No entries: what a heartbeat carries (shared, frozen). */
export const NO_ENTRIES: readonly Entry[] = Object.freeze([]);

export const EMPTY_LOG: Log = Object.freeze({ chunks: Object.freeze([]) as readonly (readonly Entry[])[], tail: NO_ENTRIES });

export function lastIndex(log: Log): number {
  return log.chunks.length * CHUNK + log.tail.length;
}

export function entryAt(log: Log, index: number): Entry | undefined {
  const i = index - 1;
  if (i < 0 || (i | 0) !== i) return undefined;
  const c = i >> SHIFT;
  const chunks = log.chunks;
  return c < chunks.length ? chunks[c]![i & (CHUNK - 1)] : log.tail[i - chunks.length * CHUNK];
}

export function termAt(log: Log, index: number): number {
  return entryAt(log, index)?.term ?? 0;
}

export function lastTerm(log: Log): number {
  const tail = log.tail;
  if (tail.length > 0) return tail[tail.length - 1]!.term;
  const chunks = log.chunks;
  return chunks.length > 0 ? chunks[chunks.length - 1]![CHUNK - 1]!.term : 0;
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
  if (tail.length < CHUNK) return { chunks: log.chunks, tail };
  return { chunks: plus(log.chunks, tail), tail: NO_ENTRIES };
}

/** The log with `entries` added at the end. */
export function append(log: Log, entries: readonly Entry[]): Log {
  if (entries.length === 0) return log;
  if (entries.length === 1) return appendOne(log, entries[0]!);
  let chunks: (readonly Entry[])[] | null = null;
  let k = 0; // entries taken
  let tail: readonly Entry[] = log.tail;
  while (k < entries.length) {
    const room = CHUNK - tail.length;
    const take = Math.min(room, entries.length - k);
    if (take === room) {
      // This fills a chunk: exactly CHUNK entries.
      const full = new Array<Entry>(CHUNK);
      for (let i = 0; i < tail.length; i++) full[i] = tail[i]!;
      for (let i = 0; i < take; i++) full[tail.length + i] = entries[k + i]!;
      (chunks ??= log.chunks.slice()).push(full);
      tail = [];
    } else {
      const rest = new Array<Entry>(tail.length + take);
      for (let i = 0; i < tail.length; i++) rest[i] = tail[i]!;
      for (let i = 0; i < take; i++) rest[tail.length + i] = entries[k + i]!;
      tail = rest;
    }
    k += take;
  }
  return { chunks: chunks ?? log.chunks, tail: tail.length ? tail : NO_ENTRIES };
}

/** The first `length` entries. */
export function truncate(log: Log, length: number): Log {
  if (length >= lastIndex(log)) return log;
  if (length <= 0) return EMPTY_LOG;
  const full = Math.floor(length / CHUNK);
  const rest = length % CHUNK;
  const chunks = full === log.chunks.length ? log.chunks : log.chunks.slice(0, full);
  const from = full < log.chunks.length ? log.chunks[full]! : log.tail;
  return { chunks, tail: rest ? from.slice(0, rest) : NO_ENTRIES };
}

/**
 * entriesFrom's last answer that lay wholly within full chunks. A chunk, once full, never changes, and a log that
 * holds a chunk at some index holds the very chunks before it too (logs are only ever extended and cut by these
 * functions). So the same range asked of a later log with the same last chunk is the same entries: the leader
 * sending a dead follower its maxBatch entries on every heartbeat builds that array once. Entries are immutable data,
 * so messages may share the array.
 */
const memo: { chunk: readonly Entry[] | null; start: number; end: number; entries: readonly Entry[] } = { chunk: null, start: 0, end: 0, entries: NO_ENTRIES };

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
  const chunks = log.chunks;
  const base = chunks.length * CHUNK;
  const lastChunk = end <= base ? chunks[(end - 1) >> SHIFT]! : null;
  if (lastChunk !== null && lastChunk === memo.chunk && start === memo.start && end === memo.end) return memo.entries;
  // One allocation of the right size: a follower far behind gets maxBatch entries on every heartbeat.
  const out = new Array<Entry>(end - start + 1);
  for (let i = start - 1, k = 0; i < end; i++, k++) out[k] = i < base ? chunks[i >> SHIFT]![i & (CHUNK - 1)]! : log.tail[i - base]!;
  if (lastChunk !== null) {
    memo.chunk = lastChunk;
    memo.start = start;
    memo.end = end;
    memo.entries = out;
  }
  return out;
}

/** Client write ids in log order. */
export function logIds(log: Log): number[] {
  const out: number[] = [];
  for (const chunk of log.chunks) for (const e of chunk) if (e.id !== 0) out.push(e.id);
  for (const e of log.tail) if (e.id !== 0) out.push(e.id);
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
