import { at } from '../format';
import { leadershipIntervals, type Interval } from './leadership';
import type { History, Verdict } from './types';

/*
 * `no-split-brain` (SPEC §4: "never two nodes acknowledging client writes as leader at one instant"), precisely:
 * it fails when two distinct nodes A and B, during leadership intervals that overlap, each acknowledge a client
 * write that they accepted — handled as leader — inside the overlap. "Accepted" is when the node handled the
 * client's request (the `write` record; for a paused node, when it resumed and handled it).
 *
 * Why acceptance and not the acknowledgement's own instant: a Raft leader paused just after replicating a write
 * may, on resuming, learn that the write committed and acknowledge it while a newer leader already serves. That
 * write was accepted and committed before the new leader existed and is in its log: no two leaders ever accepted
 * writes side by side. A naive leader cut off by a partition, by contrast, keeps accepting and acknowledging
 * writes while the other side's new leader does the same: each accepted its writes inside the overlap.
 */

interface Leading extends Interval {
  /** When this interval's acknowledged writes were accepted, ascending. */
  accepted: number[];
}

function firstIn(sorted: readonly number[], from: number, to: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  const t = sorted[lo];
  return t !== undefined && t < to ? t : undefined;
}

export function checkSplitBrain(history: History, endMs: number): Verdict {
  const intervals: Leading[] = leadershipIntervals(history, endMs).map((i) => ({ ...i, accepted: [] }));
  const byNode = new Map<number, Leading[]>();
  for (const i of intervals) byNode.set(i.node, [...(byNode.get(i.node) ?? []), i]);
  const handled = new Map<string, number>();
  for (const r of history) {
    if (r.kind === 'write') handled.set(`${r.node}:${r.id}`, r.t);
    if (r.kind !== 'ack') continue;
    const accepted = handled.get(`${r.node}:${r.id}`) ?? r.t;
    const lead = byNode.get(r.node)?.find((i) => i.startMs <= r.t && r.t < i.endMs);
    // A write handled before this leadership began was not accepted as this leader.
    if (lead && accepted >= lead.startMs) lead.accepted.push(accepted);
  }
  for (const i of intervals) i.accepted.sort((a, b) => a - b);

  let worst: { t: number; a: Leading; b: Leading } | undefined;
  for (let x = 0; x < intervals.length; x++) {
    const a = intervals[x]!;
    if (!a.accepted.length) continue;
    for (let y = x + 1; y < intervals.length; y++) {
      const b = intervals[y]!;
      if (a.node === b.node || !b.accepted.length) continue;
      const from = Math.max(a.startMs, b.startMs);
      const to = Math.min(a.endMs, b.endMs);
      if (from >= to) continue;
      const ta = firstIn(a.accepted, from, to);
      const tb = firstIn(b.accepted, from, to);
      if (ta === undefined || tb === undefined) continue;
      const t = Math.max(ta, tb);
      if (!worst || t < worst.t) worst = { t, a, b };
    }
  }
  if (!worst) return { passed: true, detail: 'never two leaders accepting writes at once' };
  const [p, q] = worst.a.node < worst.b.node ? [worst.a, worst.b] : [worst.b, worst.a];
  return { passed: false, detail: `two leaders accepting writes at ${at(worst.t)} (node ${p.node} term ${p.term}, node ${q.node} term ${q.term})`, atMs: worst.t };
}
