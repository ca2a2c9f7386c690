import type { Record } from '../history';
import type { Topology } from '../network';
import type { Place } from '../actors/host';
import { replayWritableLeader } from '../checkers/writable';

/*
 * Where a lock service served from, read from its backend group's run: at each instant the group's *writable*
 * leader — up, not paused, reaching `need − 1` other up members through the partition (the definition of
 * checkers/failover.ts) — or nobody. A lock service that runs on that group (etcd, ZooKeeper, Consul) grants and
 * renews leases only through it: while there is none, the lock service does not answer.
 */

export interface Serving {
  startMs: number;
  /** The member serving from `startMs` on, or null: no writable leader. */
  node: number | null;
}

export function servingLeaders(history: readonly Record[], topology: Topology, need: number): Serving[] {
  const out: Serving[] = [{ startMs: 0, node: null }];
  replayWritableLeader(history, topology, need, (t, node) => {
    if (out[out.length - 1]!.node === node) return;
    if (out[out.length - 1]!.startMs === t) {
      out.pop();
      if (out.length > 0 && out[out.length - 1]!.node === node) return;
    }
    out.push({ startMs: t, node });
  });
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
