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

/**
 * The leadership that "follows" everything else: the one of the highest term (the newest election — a leader cut
 * off in a minority keeps an older term), preferring, within that term, one still leading at the end, then the
 * lowest node. It may have crashed since: its persisted log is what a recovery starts from.
 */
export function finalLeader(history: History, endMs: number): Interval | undefined {
  let best: Interval | undefined;
  for (const i of leadershipIntervals(history, endMs)) {
    if (!best || i.term > best.term) best = i;
    else if (i.term === best.term) {
      const open = i.endMs >= endMs;
      const bestOpen = best.endMs >= endMs;
      if ((open && !bestOpen) || (open === bestOpen && (i.startMs > best.startMs || (i.startMs === best.startMs && i.node < best.node)))) best = i;
    }
  }
  return best;
}
