import type { Record, RecordKind } from '../history';
import { connected, type Topology } from '../network';

/*
 * Who can serve writes when, replayed from a group's history (leadership, crashes, pauses, partitions only): the
 * group's *writable* leader is one that shows leadership, is up (not crashed, not paused) and reaches, through the
 * current partition, `need − 1` other up members. Read by `leader-within` (failover.ts) and by the lock service
 * that serves from its backend's leader (locks/timeline.ts).
 */

const RELEVANT = new Set<RecordKind>(['leader', 'step-down', 'crash', 'restart', 'pause', 'resume', 'partition', 'heal']);

/**
 * Replays `history` and calls `settle(t, leader)` once per instant that has a relevant record, after every record of
 * that instant is in (a crash and a takeover at the same instant are no gap): `leader` is the writable leader of the
 * highest term then (the lowest index on a tie), or null when there is none.
 */
export function replayWritableLeader(history: readonly Record[], topology: Topology, need: number, settle: (t: number, leader: number | null) => void): void {
  const n = topology.n;
  const crashed = new Array<boolean>(n).fill(false);
  const paused = new Array<boolean>(n).fill(false);
  const term = new Array<number | null>(n).fill(null);
  let sides: readonly (readonly string[])[] | null = null;
  const up = (i: number) => !crashed[i] && !paused[i];
  const writable = (): number | null => {
    let best: number | null = null;
    for (let i = 0; i < n; i++) {
      if (term[i] === null || !up(i)) continue;
      let reach = 1;
      for (let j = 0; j < n; j++) if (j !== i && up(j) && connected(topology, sides, i, j)) reach++;
      if (reach >= need && (best === null || term[i]! > term[best]!)) best = i;
    }
    return best;
  };
  let pending: number | null = null;
  for (const r of history) {
    if (!RELEVANT.has(r.kind)) continue;
    if (pending !== null && r.t !== pending) settle(pending, writable());
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
  if (pending !== null) settle(pending, writable());
}
