import { at, duration, plural } from '../../format';
import type { History, Verdict } from '../../checkers/types';

/*
 * `stale-reads below P%` and the stale_read_rate metric, as PBS measures staleness (Bailis et al., "Probabilistically
 * Bounded Staleness for Practical Partial Quorums", VLDB 2012): a read is judged against the last write to the same
 * key that was acknowledged before the read was issued.
 *
 * For each read the client issued and got an answer to: let V be the highest version among the writes to its key
 * whose acknowledgement reached the client at or before the instant the read was issued (`acked` records before
 * the `get`, the same instant included: t = 0). A read with no such write is not counted (nothing to be stale
 * against). A counted read is stale when the version it returned is lower than V. A write not yet acknowledged when
 * the read is issued sets no bar: a read concurrent with it may return it or not, and is stale for neither. The lag
 * t of a counted read is its issue instant minus the acknowledgement instant of that version-V write.
 *
 * Read only from the history's `put` (id → key, version), `acked`, `get` and `got` records: never a node's state.
 */

export interface JudgedRead {
  id: number;
  key: number;
  issuedMs: number;
  answeredMs: number;
  /** The version acknowledged before the read was issued (the bar). */
  expected: number;
  returned: number;
  /** issuedMs − the bar write's acknowledgement instant: PBS's t. */
  lagMs: number;
  stale: boolean;
}

export interface ReadCounts {
  /** Reads the client issued. */
  issued: number;
  /** Reads answered with a value. */
  answered: number;
  /** Reads that got no value (fewer than R answers, or no answer in time). */
  failed: number;
  /** Answered reads issued after an acknowledged write to their key: the reads the rate is over. */
  counted: number;
  stale: number;
}

export function judgeReads(history: History): { reads: JudgedRead[]; counts: ReadCounts } {
  const puts = new Map<number, { key: number; version: number }>();
  /** Per key: the highest acknowledged version and when it was acknowledged. */
  const bar = new Map<number, { version: number; t: number }>();
  const open = new Map<number, { key: number; t: number; expected: number; ackMs: number }>();
  const reads: JudgedRead[] = [];
  const counts: ReadCounts = { issued: 0, answered: 0, failed: 0, counted: 0, stale: 0 };
  const ackedIds = new Set<number>();
  for (const r of history) {
    switch (r.kind) {
      case 'put':
        puts.set(r.id, { key: r.key, version: r.version });
        break;
      case 'acked': {
        const p = puts.get(r.id);
        if (!p || ackedIds.has(r.id)) break;
        ackedIds.add(r.id);
        const b = bar.get(p.key);
        if (!b || p.version > b.version) bar.set(p.key, { version: p.version, t: r.t });
        break;
      }
      case 'get': {
        counts.issued++;
        const b = bar.get(r.key);
        open.set(r.id, { key: r.key, t: r.t, expected: b?.version ?? 0, ackMs: b?.t ?? r.t });
        break;
      }
      case 'got': {
        const o = open.get(r.id);
        if (!o) break;
        open.delete(r.id);
        counts.answered++;
        if (o.expected === 0) break;
        const stale = r.version < o.expected;
        counts.counted++;
        if (stale) counts.stale++;
        reads.push({ id: r.id, key: o.key, issuedMs: o.t, answeredMs: r.t, expected: o.expected, returned: r.version, lagMs: o.t - o.ackMs, stale });
        break;
      }
      case 'get-failed':
        if (open.delete(r.id)) counts.failed++;
        break;
    }
  }
  return { reads, counts };
}

/** The share of counted reads that were stale (0 when none was counted). */
export function staleRate(c: Pick<ReadCounts, 'counted' | 'stale'>): number {
  return c.counted > 0 ? c.stale / c.counted : 0;
}

/** `0.52%`, `100%`: a rate as a percentage, two decimals. */
export function percent(rate: number): string {
  return `${(rate * 100).toFixed(2)}%`;
}

/** A lag in ms to the microsecond below a second (`0.412ms`), else as a duration (`2.5s`). */
function lag(ms: number): string {
  return ms < 1000 ? `${Number(ms.toFixed(3))}ms` : duration(ms);
}

export interface StaleReads extends Verdict {
  counts: ReadCounts;
}

/** One seed's verdict: its own stale-read rate below `belowPercent`. (The scenario's verdict is over all seeds: run.ts.) */
export function checkStaleReads(history: History, belowPercent: number): StaleReads {
  const { reads, counts } = judgeReads(history);
  if (counts.counted === 0) return { passed: false, detail: `no read to judge: ${plural(counts.issued, 'read')} issued, none answered after an acknowledged write to its key`, counts };
  const rate = staleRate(counts);
  const passed = rate < belowPercent / 100;
  const summary = `${percent(rate)} of ${plural(counts.counted, 'read')} stale (${counts.stale}) ${passed ? '<' : '≥'} ${belowPercent}%`;
  const first = reads.find((r) => r.stale);
  if (!first) return { passed, detail: summary, counts };
  const v: StaleReads = { passed, detail: `${summary}; first: read #${first.id} of k${first.key} issued at ${at(first.issuedMs)} returned ${first.returned ? `v${first.returned}` : 'nothing'}, v${first.expected} acknowledged ${lag(first.lagMs)} before`, counts };
  if (!passed) v.atMs = first.issuedMs;
  return v;
}
