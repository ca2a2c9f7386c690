import { at, duration } from '../format';
import type { CheckContext, History, Verdict } from './types';
import { replayWritableLeader } from './writable';

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

export interface Outage {
  startMs: number;
  endMs: number;
  /** No writable leader by the end of the run. */
  open: boolean;
}

export function outages(history: History, ctx: CheckContext): Outage[] {
  const out: Outage[] = [];
  let since: number | null = 0; // start of the current outage; the run starts without a leader
  let everWritable = false;
  replayWritableLeader(history, ctx.topology, ctx.need, (t, leader) => {
    const ok = leader !== null;
    if (ok && since !== null) {
      if (everWritable && t > since) out.push({ startMs: since, endMs: t, open: false });
      since = null;
      everWritable = true;
    } else if (!ok && since === null) since = t;
  });
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
