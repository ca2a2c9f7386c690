import type { History } from './types';

/*
 * Leadership intervals read from the history: a node leads from its `leader` record until it steps down, crashes,
 * or the run ends. A node that shows a new term while leading starts a new interval.
 */

export interface Interval {
  node: number;
  term: number;
  startMs: number;
  /** Exclusive. */
  endMs: number;
}

export function leadershipIntervals(history: History, endMs: number): Interval[] {
  const open = new Map<number, Interval>();
  const out: Interval[] = [];
  const close = (node: number, t: number) => {
    const i = open.get(node);
    if (!i) return;
    i.endMs = t;
    open.delete(node);
  };
  for (const r of history) {
    if (r.kind === 'leader') {
      close(r.node, r.t);
      const i: Interval = { node: r.node, term: r.term, startMs: r.t, endMs: endMs };
      open.set(r.node, i);
      out.push(i);
    } else if (r.kind === 'step-down' || r.kind === 'crash') close(r.node, r.t);
  }
  return out;
}

/** The node leading at the end of the run in the highest term (lowest index on a tie), else the last to lead. */
export function finalLeader(history: History, endMs: number): Interval | undefined {
  const intervals = leadershipIntervals(history, endMs);
  let best: Interval | undefined;
  for (const i of intervals) if (i.endMs >= endMs && (!best || i.term > best.term || (i.term === best.term && i.node < best.node))) best = i;
  if (best) return best;
  let last: Interval | undefined;
  for (const i of intervals) if (!last || i.startMs >= last.startMs) last = i;
  return last;
}
