/*
 * A simulated process's life cycle (SPEC §4), the same in every host (world.ts, quorum/world.ts, actors/host.ts): a
 * crashed node handles nothing, its queue is dropped and its incarnation bumped (voiding its timers and what it still
 * had on the wire); a pause queues what arrives and what falls due until it ends — a later, longer pause extends it,
 * a shorter one changes nothing — and a resume event that is not the current pause's does nothing. Each host keeps
 * its own timers, records and events; these only move the node's own fields.
 */

export interface Life<Q> {
  crashed: boolean;
  paused: boolean;
  pauseUntil: number;
  /** Bumped by every pause: the resume event of an earlier one is void. */
  pauseGen: number;
  /** Bumped on every crash. */
  inc: number;
  /** What arrived or fell due during a pause, handled in order at resume. */
  queue: Q[];
}

/** Crashes a node that is up (false: it had crashed already, nothing changes). */
export function crashLife(node: Life<unknown>): boolean {
  if (node.crashed) return false;
  node.crashed = true;
  node.paused = false;
  node.inc++;
  node.queue = [];
  return true;
}

/** Pauses a node for `durationMs` from `nowMs`, or extends its pause to then: when it ends, or null if it is paused that long already. */
export function pauseLife(node: Life<unknown>, nowMs: number, durationMs: number): number | null {
  const until = nowMs + Math.max(0, durationMs);
  if (node.paused && node.pauseUntil >= until) return null;
  node.paused = true;
  node.pauseUntil = until;
  node.pauseGen++;
  return until;
}

/** Ends pause `gen` of a node: false when it crashed, is not paused or has paused again since (nothing changes). */
export function resumeLife(node: Life<unknown>, gen: number): boolean {
  if (node.crashed || !node.paused || node.pauseGen !== gen) return false;
  node.paused = false;
  return true;
}
