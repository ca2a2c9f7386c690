import { at, duration } from '../format';
import type { RecordKind } from '../history';
import { connected } from '../network';
import type { CheckContext, History, Verdict } from './types';

/*
 * `leader-within D` and the failover_ms metric (SPEC §4): an outage runs from the moment the group has no writable
 * leader to the moment it has one again. A leader is writable when it is up (not crashed, not paused) and can reach,
 * through the current partition, enough other members that are up to make a write: `need − 1` of them (a majority
 * for a consensus group; the leader and its `sync-followers` for a leader-follower store). Computed from the
 * history's leadership, crashes, pauses and partitions only.
 *
 * The election at start-up is not a failover and is left out — unless it never succeeds: then the whole run is one
 * outage. An outage still open when the run ends counts with the time it lasted so far (`open`).
 */

const RELEVANT = new Set<RecordKind>(['leader', 'step-down', 'crash', 'restart', 'pause', 'resume', 'partition', 'heal']);

export interface Outage {
  startMs: number;
  endMs: number;
  /** No writable leader by the end of the run. */
  open: boolean;
}

export function outages(history: History, ctx: CheckContext): Outage[] {
  const n = ctx.topology.n;
  const crashed = new Array<boolean>(n).fill(false);
  const paused = new Array<boolean>(n).fill(false);
  const leading = new Array<boolean>(n).fill(false);
  let sides: readonly (readonly string[])[] | null = null;
  const up = (i: number) => !crashed[i] && !paused[i];
  const writable = () => {
    for (let i = 0; i < n; i++) {
      if (!leading[i] || !up(i)) continue;
      let reach = 1;
      for (let j = 0; j < n; j++) if (j !== i && up(j) && connected(ctx.topology, sides, i, j)) reach++;
      if (reach >= ctx.need) return true;
    }
    return false;
  };

  const out: Outage[] = [];
  let since: number | null = 0; // start of the current outage; the run starts without a leader
  let everWritable = false;
  const settle = (t: number) => {
    const ok = writable();
    if (ok && since !== null) {
      if (everWritable && t > since) out.push({ startMs: since, endMs: t, open: false });
      since = null;
      everWritable = true;
    } else if (!ok && since === null) since = t;
  };
  // Judge once every record of an instant is in: a crash and a takeover at the same instant are no outage.
  let pending: number | null = null;
  for (const r of history) {
    if (!RELEVANT.has(r.kind)) continue;
    if (pending !== null && r.t !== pending) settle(pending);
    pending = r.t;
    switch (r.kind) {
      case 'leader':
        leading[r.node] = true;
        break;
      case 'step-down':
        leading[r.node] = false;
        break;
      case 'crash':
        crashed[r.node] = true;
        leading[r.node] = false;
        paused[r.node] = false;
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
  if (since !== null && ctx.endMs > since) out.push({ startMs: since, endMs: ctx.endMs, open: true });
  return out;
}

export function describeOutage(o: Outage): string {
  const len = duration(o.endMs - o.startMs);
  if (o.open) return `no writable leader from ${at(o.startMs)} to the end of the run (${at(o.endMs)}, ${len})`;
  return `no writable leader from ${at(o.startMs)} to ${at(o.endMs)} (${len})`;
}

/** One seed's verdict: every outage within D. (The scenario's verdict is the p99 over seeds: run.ts.) */
export function checkLeaderWithin(list: readonly Outage[], withinMs: number): Verdict {
  let worst: Outage | undefined;
  for (const o of list) if (!worst || o.endMs - o.startMs > worst.endMs - worst.startMs) worst = o;
  if (!worst) return { passed: true, detail: 'no failover' };
  const len = worst.endMs - worst.startMs;
  const passed = len <= withinMs;
  return { passed, detail: `${passed ? 'longest' : 'over ' + duration(withinMs) + ':'} ${describeOutage(worst)}`, atMs: worst.startMs };
}
