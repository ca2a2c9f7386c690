import { SIM_DEFAULTS } from './defaults';
import { at, plural } from './format';
import type { Record } from './history';

/*
 * A run's history as lines a person can follow: `t=20.412s node 2 → node 0 RequestVote term 4 (log 12@3)`.
 * Faults, leadership changes and the end-of-run logs are always shown; messages and client traffic only around the
 * instant a check failed (`focusMs`), since a minute of heartbeats would bury the interesting part. The line count
 * is capped; what is left out is counted in a last line.
 */

export interface TraceOptions {
  /** Every record, not only those near the focus (`faultline simulate --trace`); still capped by `maxLines`. */
  all?: boolean;
  focusMs?: number;
  beforeMs?: number;
  afterMs?: number;
  maxLines?: number;
}

function sidesText(sides: readonly (readonly string[])[]): string {
  return sides.map((s) => s.join(', ')).join(' | ');
}

function logText(ids: readonly number[]): string {
  if (ids.length === 0) return 'an empty log';
  return `${plural(ids.length, 'write')} in its log (last #${ids[ids.length - 1]})`;
}

/** The text of a record, and whether it is always shown. */
export function describeRecord(r: Record): { text: string; major: boolean } {
  switch (r.kind) {
    case 'leader':
      return { text: `node ${r.node} became leader (term ${r.term})`, major: true };
    case 'step-down':
      return { text: `node ${r.node} stepped down (term ${r.term})`, major: true };
    case 'crash':
      return { text: `node ${r.node} crashed`, major: true };
    case 'restart':
      return { text: `node ${r.node} restarted`, major: true };
    case 'pause':
      return { text: `node ${r.node} paused until ${at(r.untilMs)}`, major: true };
    case 'resume':
      return { text: `node ${r.node} resumed`, major: true };
    case 'partition':
      return { text: `partition ${sidesText(r.sides)}`, major: true };
    case 'heal':
      return { text: 'partition healed', major: true };
    case 'drop':
      return { text: `messages lost at ${r.percent}% from now on`, major: true };
    case 'fault-skipped':
      return { text: `fault skipped: ${r.what}`, major: true };
    case 'settle':
      return { text: 'scenario over: no more faults or client writes; settling', major: true };
    case 'log':
      return { text: `end: node ${r.node} has ${logText(r.ids)}`, major: true };
    case 'write':
      return { text: `client → node ${r.node} write #${r.id}`, major: false };
    case 'ack':
      return { text: `node ${r.node} acknowledged write #${r.id}`, major: false };
    case 'acked':
      return { text: `client received the acknowledgement of #${r.id} from node ${r.node}`, major: false };
    case 'redirect':
      return { text: `node ${r.node} → client redirect #${r.id} to ${r.leader === null ? 'no known leader' : `node ${r.leader}`}`, major: false };
    case 'send':
      return { text: `node ${r.from} → node ${r.to} ${r.what}${r.lost ? ` — lost (${r.lost})` : ''}`, major: false };
    case 'discard':
      return { text: `node ${r.from} → node ${r.to} ${r.what} — discarded (${r.why})`, major: false };
    case 'put':
      return { text: `client issues write #${r.id}: k${r.key} v${r.version}`, major: false };
    case 'hinted':
      return { text: `node ${r.node} acknowledged write #${r.id} with hints standing in for ${r.for.map((i) => `node ${i}`).join(', ')}`, major: false };
    case 'get':
      return { text: `client issues read #${r.id} of k${r.key}`, major: false };
    case 'read':
      return { text: `client → node ${r.node} read #${r.id}`, major: false };
    case 'got':
      return { text: `client read #${r.id} → ${r.version ? `v${r.version}` : 'nothing'} (from node ${r.node}; answers of ${r.replicas.map((i) => `node ${i}`).join(', ')})`, major: false };
    case 'get-failed':
      return { text: `client read #${r.id} failed: ${r.why === 'quorum' ? `node ${r.node} had fewer than R answers in time` : 'no answer in time'}`, major: false };
    case 'handoff':
      return { text: `hinted handoff: node ${r.node} → node ${r.to} k${r.key} v${r.version}`, major: false };
    case 'replica':
      return { text: `end: node ${r.node} holds ${r.versions.map((v, k) => `k${k} v${v}`).join(', ')}; ${plural(r.hints, 'hint')} kept for others`, major: true };
  }
}

export function formatTrace(history: readonly Record[], options: TraceOptions = {}): string[] {
  const before = options.beforeMs ?? SIM_DEFAULTS.traceBeforeMs;
  const after = options.afterMs ?? SIM_DEFAULTS.traceAfterMs;
  const max = Math.max(1, options.maxLines ?? SIM_DEFAULTS.maxTraceLines);
  const focus = options.focusMs;
  const picked: { index: number; text: string; major: boolean; t: number }[] = [];
  history.forEach((r, index) => {
    const d = describeRecord(r);
    const near = options.all === true || (focus !== undefined && r.t >= focus - before && r.t <= focus + after);
    if (d.major || near) picked.push({ index, text: `${at(r.t)} ${d.text}`, major: d.major, t: r.t });
  });
  if (picked.length <= max) return picked.map((p) => p.text);
  // Too many: keep the major lines, then the minor ones nearest the focus, and print them in history order.
  const ranked = picked.slice().sort((a, b) => Number(b.major) - Number(a.major) || Math.abs(a.t - (focus ?? 0)) - Math.abs(b.t - (focus ?? 0)) || a.index - b.index);
  const kept = ranked.slice(0, max - 1).sort((a, b) => a.index - b.index);
  return [...kept.map((p) => p.text), `… ${plural(picked.length - kept.length, 'more line')} left out`];
}
