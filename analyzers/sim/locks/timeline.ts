import type { Record, RecordKind } from '../history';
import { connected, type Topology } from '../network';
import type { Place } from '../actors/host';

/*
 * Where a lock service served from, read from its backend group's run: at each instant the group's *writable*
 * leader — up, not paused, reaching `need − 1` other up members through the partition (the definition of
 * checkers/failover.ts) — or nobody. A lock service that runs on that group (etcd, ZooKeeper, Consul) grants and
 * renews leases only through it: while there is none, the lock service does not answer.
 */

const RELEVANT = new Set<RecordKind>(['leader', 'step-down', 'crash', 'restart', 'pause', 'resume', 'partition', 'heal']);

export interface Serving {
  startMs: number;
  /** The member serving from `startMs` on, or null: no writable leader. */
  node: number | null;
}

export function servingLeaders(history: readonly Record[], topology: Topology, need: number): Serving[] {
  const n = topology.n;
  const crashed = new Array<boolean>(n).fill(false);
  const paused = new Array<boolean>(n).fill(false);
  const term = new Array<number | null>(n).fill(null);
  let sides: readonly (readonly string[])[] | null = null;
  const up = (i: number) => !crashed[i] && !paused[i];
  const serving = (): number | null => {
    let best: number | null = null;
    for (let i = 0; i < n; i++) {
      if (term[i] === null || !up(i)) continue;
      let reach = 1;
      for (let j = 0; j < n; j++) if (j !== i && up(j) && connected(topology, sides, i, j)) reach++;
      if (reach >= need && (best === null || term[i]! > term[best]!)) best = i;
    }
    return best;
  };
  const out: Serving[] = [{ startMs: 0, node: null }];
  // Judged once every record of an instant is in (a crash and a takeover at the same instant are no gap).
  const settle = (t: number) => {
    const node = serving();
    if (out[out.length - 1]!.node === node) return;
    if (out[out.length - 1]!.startMs === t) {
      out.pop();
      if (out.length > 0 && out[out.length - 1]!.node === node) return;
    }
    out.push({ startMs: t, node });
  };
  let pending: number | null = null;
  for (const r of history) {
    if (!RELEVANT.has(r.kind)) continue;
    if (pending !== null && r.t !== pending) settle(pending);
    pending = r.t;
    switch (r.kind) {
      case 'leader':
        term[r.node] = r.term;
        break;
      case 'step-down':
        term[r.node] = null;
        break;
      case 'crash':
        crashed[r.node] = true;
        paused[r.node] = false;
        term[r.node] = null;
        break;
      case 'restart':
        crashed[r.node] = false;
        break;
      case 'pause':
        paused[r.node] = true;
        break;
      case 'resume':
        paused[r.node] = false;
        break;
      case 'partition':
        sides = r.sides;
        break;
      case 'heal':
        sides = null;
        break;
    }
  }
  if (pending !== null) settle(pending);
  return out;
}

/** The place of the serving leader at an instant (null: none), for the lock service's node. */
export function placeAt(timeline: readonly Serving[], topology: Topology): (nowMs: number) => Place | null {
  return (nowMs) => {
    let lo = 0;
    let hi = timeline.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (timeline[mid]!.startMs <= nowMs) lo = mid;
      else hi = mid - 1;
    }
    const node = timeline[lo]!.node;
    if (node === null) return null;
    const region = topology.region[node];
    return region !== undefined ? { zone: topology.zone[node]!, region } : { zone: topology.zone[node]! };
  };
}

/** Milliseconds without a serving leader in [0, endMs). */
export function unavailableMs(timeline: readonly Serving[], endMs: number): number {
  let total = 0;
  timeline.forEach((s, i) => {
    const end = Math.min(endMs, timeline[i + 1]?.startMs ?? endMs);
    if (s.node === null && end > s.startMs) total += end - s.startMs;
  });
  return total;
}
