import { at, plural } from '../format';
import { finalLeader } from './leadership';
import type { History, Verdict } from './types';

/*
 * `no-lost-writes` (SPEC §4): every write whose acknowledgement reached the client is in the log of the leader
 * that follows — the leader of the highest term seen in the run (after its settle phase), leading at the end or,
 * if it crashed, through the log it persisted. Not merely a node still leading at the end: a Raft leader cut off
 * in a minority keeps leading an older term and never holds what the majority committed after it. Logs are read
 * from the history's end-of-run `log` records, acknowledgements from its `acked` records.
 */

export interface LostWrites extends Verdict {
  lost: number;
  acked: number;
}

const SHOWN = 5;

export function checkLostWrites(history: History, endMs: number): LostWrites {
  const acked = new Map<number, { node: number; t: number }>();
  const logs = new Map<number, readonly number[]>();
  for (const r of history) {
    if (r.kind === 'acked' && !acked.has(r.id)) acked.set(r.id, { node: r.node, t: r.t });
    if (r.kind === 'log') logs.set(r.node, r.ids);
  }
  if (acked.size === 0) return { passed: true, detail: 'no acknowledged writes', lost: 0, acked: 0 };
  const leader = finalLeader(history, endMs);
  if (!leader) return { passed: false, detail: `${plural(acked.size, 'acknowledged write')} but no node ever led`, lost: acked.size, acked: acked.size };
  const held = new Set(logs.get(leader.node) ?? []);
  const lost: { id: number; node: number; t: number }[] = [];
  for (const [id, a] of acked) if (!held.has(id)) lost.push({ id, ...a });
  const role = leader.endMs >= endMs ? 'the leader at the end' : 'the last leader (down at the end)';
  if (lost.length === 0) return { passed: true, detail: `all ${plural(acked.size, 'acknowledged write')} are on node ${leader.node}, ${role}`, lost: 0, acked: acked.size };
  lost.sort((a, b) => a.t - b.t || a.id - b.id);
  const first = lost[0]!;
  const shown = lost.slice(0, SHOWN).map((w) => `#${w.id}`).join(', ');
  const more = lost.length > SHOWN ? ', …' : '';
  return {
    passed: false,
    detail: `${plural(lost.length, 'acknowledged write')} missing on node ${leader.node}, ${role} (term ${leader.term}): ${shown}${more}; #${first.id} was acknowledged by node ${first.node} at ${at(first.t)}`,
    atMs: first.t,
    lost: lost.length,
    acked: acked.size,
  };
}
