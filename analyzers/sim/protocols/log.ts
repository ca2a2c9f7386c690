/*
 * A replicated log as plain, immutable data. Entries are kept in chunks of CHUNK (all full but the last), so
 * appending one entry copies at most one chunk and the list of chunks — not the whole log, which a pure step would
 * otherwise do on every client write. Indices are 1-based as in the Raft paper; index 0 is "before the first
 * entry", with term 0.
 */

export interface Entry {
  readonly term: number;
  /** The client write id; 0 for a leader's no-op. */
  readonly id: number;
}

export type Log = readonly (readonly Entry[])[];

const CHUNK = 64;
const SHIFT = 6; // CHUNK = 2^SHIFT

export const EMPTY_LOG: Log = [];

/** No entries: what a heartbeat carries (shared, frozen). */
export const NO_ENTRIES: readonly Entry[] = Object.freeze([]);

export function lastIndex(log: Log): number {
  if (log.length === 0) return 0;
  return (log.length - 1) * CHUNK + log[log.length - 1]!.length;
}

export function entryAt(log: Log, index: number): Entry | undefined {
  if (index < 1) return undefined;
  const i = index - 1;
  if ((i | 0) === i) return log[i >> SHIFT]?.[i & (CHUNK - 1)];
  return log[Math.floor(i / CHUNK)]?.[i % CHUNK];
}

export function termAt(log: Log, index: number): number {
  return entryAt(log, index)?.term ?? 0;
}

export function lastTerm(log: Log): number {
  return termAt(log, lastIndex(log));
}

/** The log with one entry added at the end. */
export function appendOne(log: Log, entry: Entry): Log {
  const n = log.length;
  const last = n > 0 ? log[n - 1]! : undefined;
  if (last === undefined || last.length === CHUNK) {
    const chunks = log.slice();
    chunks.push([entry]);
    return chunks;
  }
  const chunk = last.slice();
  chunk.push(entry);
  const chunks = log.slice();
  chunks[n - 1] = chunk;
  return chunks;
}

/** The log with `entries` added at the end. */
export function append(log: Log, entries: readonly Entry[]): Log {
  if (entries.length === 0) return log;
  const chunks = log.slice();
  let last = chunks.length && chunks[chunks.length - 1]!.length < CHUNK ? chunks.pop()!.slice() : [];
  for (const e of entries) {
    if (last.length === CHUNK) {
      chunks.push(last);
      last = [];
    }
    last.push(e);
  }
  chunks.push(last);
  return chunks;
}

/** The first `length` entries. */
export function truncate(log: Log, length: number): Log {
  if (length >= lastIndex(log)) return log;
  if (length <= 0) return EMPTY_LOG;
  const full = Math.floor(length / CHUNK);
  const rest = length % CHUNK;
  const chunks = log.slice(0, full);
  if (rest) chunks.push(log[full]!.slice(0, rest));
  return chunks;
}

/** Up to `max` entries from index `from` on (NO_ENTRIES when there are none). */
export function entriesFrom(log: Log, from: number, max: number): readonly Entry[] {
  const end = Math.min(lastIndex(log), from + max - 1);
  const start = Math.max(1, from);
  if (end < start) return NO_ENTRIES;
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    const out: Entry[] = [];
    for (let i = start; i <= end; i++) out.push(entryAt(log, i)!);
    return out;
  }
  // Whole runs of chunks at a time (a follower far behind gets maxBatch entries on every heartbeat).
  let out: Entry[] | null = null;
  for (let i = start - 1; i < end; ) {
    const chunk = log[Math.floor(i / CHUNK)]!;
    const from = i % CHUNK;
    const to = Math.min(CHUNK, from + (end - i));
    const part = chunk.slice(from, to);
    out = out === null ? part : out.concat(part);
    i += to - from;
  }
  return out!;
}

/** Client write ids in log order. */
export function logIds(log: Log): number[] {
  const out: number[] = [];
  for (const chunk of log) for (const e of chunk) if (e.id !== 0) out.push(e.id);
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
    return { ok: true, log: append(out, entries.slice(k)), match: prevIndex + entries.length };
  }
  return { ok: true, log: out, match: prevIndex + entries.length };
}
