import { SIM_DEFAULTS } from '../defaults';
import { at, plural } from '../format';
import type { TraceOptions } from '../trace';
import type { HostRecord } from './host';

/*
 * Trace lines for the lock and saga models, read like trace.ts's: `t=20.412s replenisher#1 paused until t=50.412s`.
 * Major lines (faults, grants, a saga's start and end…) are always shown, minor ones (messages, renewals) only near
 * the focus or with `all`; the count is capped and what is left out is counted in a last line.
 */

export interface Line {
  t: number;
  text: string;
  major: boolean;
}

function sidesText(sides: readonly (readonly string[])[]): string {
  return sides.map((s) => s.join(', ')).join(' | ');
}

/** A host record as a line; `name` names a node. */
export function hostLine(r: HostRecord, name: (node: number) => string): Line {
  const t = r.t;
  switch (r.kind) {
    case 'crash':
      return { t, text: `${name(r.node)} crashed`, major: true };
    case 'restart':
      return { t, text: `${name(r.node)} restarted`, major: true };
    case 'pause':
      return { t, text: `${name(r.node)} paused until ${at(r.untilMs)}`, major: true };
    case 'resume':
      return { t, text: `${name(r.node)} resumed`, major: true };
    case 'partition':
      return { t, text: `partition ${sidesText(r.sides)}`, major: true };
    case 'heal':
      return { t, text: 'partition healed', major: true };
    case 'drop':
      return { t, text: `messages lost at ${r.percent}% from now on`, major: true };
    case 'fault-skipped':
      return { t, text: `fault skipped: ${r.what}`, major: true };
    case 'settle':
      return { t, text: `scenario over: ${r.what}`, major: true };
    case 'send':
      return { t, text: `${name(r.from)} → ${name(r.to)} ${r.what}${r.lost ? ` — lost (${r.lost})` : ''}`, major: false };
    case 'discard':
      return { t, text: `${name(r.from)} → ${name(r.to)} ${r.what} — discarded (${r.why})`, major: false };
  }
}

export function isHostRecord(r: { readonly kind: string }): r is HostRecord {
  switch (r.kind) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'partition':
    case 'heal':
    case 'drop':
    case 'fault-skipped':
    case 'settle':
    case 'send':
    case 'discard':
      return true;
    default:
      return false;
  }
}

/** The lines to print, in order: major ones, and minor ones near the focus (or all), capped. */
export function pickLines(lines: readonly Line[], options: TraceOptions = {}): string[] {
  const before = options.beforeMs ?? SIM_DEFAULTS.traceBeforeMs;
  const after = options.afterMs ?? SIM_DEFAULTS.traceAfterMs;
  const max = Math.max(1, options.maxLines ?? SIM_DEFAULTS.maxTraceLines);
  const focus = options.focusMs;
  const picked: { index: number; text: string; major: boolean; t: number }[] = [];
  lines.forEach((l, index) => {
    const near = options.all === true || (focus !== undefined && l.t >= focus - before && l.t <= focus + after);
    if (l.major || near) picked.push({ index, text: `${at(l.t)} ${l.text}`, major: l.major, t: l.t });
  });
  if (picked.length <= max) return picked.map((p) => p.text);
  const ranked = picked.slice().sort((a, b) => Number(b.major) - Number(a.major) || Math.abs(a.t - (focus ?? 0)) - Math.abs(b.t - (focus ?? 0)) || a.index - b.index);
  const kept = ranked.slice(0, max - 1).sort((a, b) => a.index - b.index);
  return [...kept.map((p) => p.text), `… ${plural(picked.length - kept.length, 'more line')} left out`];
}

const TIME = /^t=(\d+(?:\.\d+)?)s /;

/** Two traces merged by instant (the first's line first on a tie); lines without an instant go last. */
export function mergeTraces(a: readonly string[], b: readonly string[]): string[] {
  const timed = (lines: readonly string[]) => lines.filter((l) => TIME.test(l));
  const rest = [...a, ...b].filter((l) => !TIME.test(l));
  const x = timed(a);
  const y = timed(b);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  const time = (l: string) => Number(TIME.exec(l)![1]);
  while (i < x.length || j < y.length) {
    if (j >= y.length || (i < x.length && time(x[i]!) <= time(y[j]!))) out.push(x[i++]!);
    else out.push(y[j++]!);
  }
  return [...out, ...rest];
}
