import { SIM_DEFAULTS } from './defaults';
import { at } from './format';

/*
 * Which trace-only records a traced run keeps (world.ts, quorum/world.ts): those the checkers never read —
 * messages, redirects, discards — are kept only within the window the trace will print (when the instant it
 * focuses on is known beforehand, as when a sweep replays its counterexample) and only up to
 * SIM_DEFAULTS.maxTraceRecords in all. A limit on everything: the records the checkers read are never dropped, so
 * verdicts do not depend on tracing.
 */

export interface TraceWindow {
  fromMs: number;
  toMs: number;
}

export class TraceBudget {
  private room: number;
  /** The instant of the first trace-only record dropped for want of room (none dropped: undefined). */
  cutAtMs: number | undefined;

  constructor(
    private readonly window: TraceWindow | undefined,
    readonly max: number = SIM_DEFAULTS.maxTraceRecords,
  ) {
    this.room = max;
  }

  /** Whether a trace-only record at `t` is kept (called only when tracing). */
  keep(t: number): boolean {
    const w = this.window;
    if (w && (t < w.fromMs || t > w.toMs)) return false;
    if (this.room <= 0) {
      this.cutAtMs ??= t;
      return false;
    }
    this.room--;
    return true;
  }
}

/** The window `formatTrace` prints around `focusMs` (trace.ts), when only the lines near it will be shown. */
export function traceWindowOf(focusMs: number | undefined, fullTrace: boolean | undefined): TraceWindow | undefined {
  if (focusMs === undefined || fullTrace) return undefined;
  return { fromMs: focusMs - SIM_DEFAULTS.traceBeforeMs, toMs: focusMs + SIM_DEFAULTS.traceAfterMs };
}

/** For a World's config: the window of a traced run that will print only the lines near a known instant. */
export function traceWindowOption(options: { trace?: boolean; focusMs?: number; fullTrace?: boolean }): { traceWindow?: TraceWindow } {
  const window = options.trace === false ? undefined : traceWindowOf(options.focusMs, options.fullTrace);
  return window ? { traceWindow: window } : {};
}

/** The trace's last line when its messages stopped at the limit: a reader must not take the silence for quiet. */
export function traceCutLines(cutAtMs: number | undefined): string[] {
  if (cutAtMs === undefined) return [];
  return [`… messages from ${at(cutAtMs)} on are not in this trace: a traced run keeps at most ${SIM_DEFAULTS.maxTraceRecords} of them`];
}
