import { upToDate } from './log';

/*
 * Naive automatic failover (SPEC §4, for `election none` with `failover automatic`): every node tells every other
 * it is alive once per heartbeat; a follower that has not heard from its leader for an election timeout promotes
 * itself if it is the highest-index node it can reach — the ones it heard from within the last election timeout —
 * and a leader never steps down. Nothing counts votes, so each side of a partition promotes its own leader: the
 * split brain this protocol exists to show.
 *
 * `promote in-sync` (SPEC §5.1, the default when `sync-followers` ≥ 1): only the reachable nodes with the most
 * up-to-date log (as they last reported it) are candidates, so a node that lacks acknowledged writes its peer holds
 * waits for that peer to take over. With `promote any` (the default with `sync-followers 0`) the log is ignored.
 *
 * Pure functions over the bookkeeping a leader-follower node keeps; leader-follower.ts wires them into its steps.
 */

export type Promote = 'in-sync' | 'any';

export interface Position {
  readonly term: number;
  readonly index: number;
}

export interface Peers {
  /** When each member was last heard from (null: never, since this node started). */
  readonly heard: readonly (number | null)[];
  /** Each member's log position as it last reported it. */
  readonly seen: readonly (Position | null)[];
}

export function emptyPeers(n: number): Peers {
  return { heard: new Array<number | null>(n).fill(null), seen: new Array<Position | null>(n).fill(null) };
}

/** Peers after hearing from `from` at `now` (with its log position, when the message carries it). */
export function heardFrom(p: Peers, from: number, now: number, position?: Position): Peers {
  const heard = p.heard.slice();
  heard[from] = now;
  if (!position) return { heard, seen: p.seen };
  const seen = p.seen.slice();
  seen[from] = position;
  return { heard, seen };
}

/** Members heard from within `windowMs` of now, and self. */
export function reachable(p: Peers, self: number, now: number, windowMs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.heard.length; i++) {
    const t = p.heard[i];
    if (i === self || (t !== null && t !== undefined && now - t <= windowMs)) out.push(i);
  }
  return out;
}

/** Whether `self` promotes itself now (its leader has been silent for an election timeout). */
export function shouldPromote(p: Peers, self: number, own: Position, now: number, windowMs: number, promote: Promote): boolean {
  let candidates = reachable(p, self, now, windowMs);
  if (promote === 'in-sync') {
    const pos = (i: number): Position => (i === self ? own : (p.seen[i] ?? { term: 0, index: 0 }));
    let best = own;
    for (const i of candidates) {
      const q = pos(i);
      if (upToDate(q.term, q.index, best.term, best.index)) best = q;
    }
    candidates = candidates.filter((i) => {
      const q = pos(i);
      return q.term === best.term && q.index === best.index;
    });
  }
  return candidates.length > 0 && Math.max(...candidates) === self;
}
