import type { Timeline } from '../diagram/timeline';

/*
 * The timeline view's time axis: which stretch of the run is shown (the window), how the window zooms and pans, the
 * ticks, and how instants read. Pure functions, so the webview's state is just a window and a step.
 */

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** The narrowest window: a hundred microseconds across, enough to pull apart messages of the same instant. */
const MIN_SPAN_MS = 0.1;
/** The default window around a failure: what leads up to it, and a little of what follows. */
const BEFORE_MS = 1500;
const AFTER_MS = 1000;

/** A window inside the run, at least MIN_SPAN_MS wide (the run's whole length at most). */
export function clampWindow(w: TimeWindow, endMs: number): TimeWindow {
  const end = Math.max(endMs, MIN_SPAN_MS);
  const span = Math.min(end, Math.max(MIN_SPAN_MS, w.toMs - w.fromMs));
  const from = Math.min(Math.max(0, w.fromMs), end - span);
  return { fromMs: from, toMs: from + span };
}

export function wholeRun(t: Pick<Timeline, 'endMs'>): TimeWindow {
  return clampWindow({ fromMs: 0, toMs: t.endMs }, t.endMs);
}

/** Zoom by `factor` (> 1: in) around instant `atMs`, which stays where it is on screen. */
export function zoomWindow(w: TimeWindow, factor: number, atMs: number, endMs: number): TimeWindow {
  const span = (w.toMs - w.fromMs) / factor;
  const k = w.toMs > w.fromMs ? (atMs - w.fromMs) / (w.toMs - w.fromMs) : 0.5;
  return clampWindow({ fromMs: atMs - k * span, toMs: atMs - k * span + span }, endMs);
}

export function panWindow(w: TimeWindow, deltaMs: number, endMs: number): TimeWindow {
  return clampWindow({ fromMs: w.fromMs + deltaMs, toMs: w.toMs + deltaMs }, endMs);
}

/** The same window moved so that `t` is inside it (unchanged when it is, with a margin of a tenth of its width). */
export function reveal(w: TimeWindow, t: number, endMs: number): TimeWindow {
  const span = w.toMs - w.fromMs;
  const margin = span / 10;
  if (t >= w.fromMs + margin && t <= w.toMs - margin) return w;
  return clampWindow({ fromMs: t - span / 2, toMs: t + span / 2 }, endMs);
}

/** The instant the view opens on: the first failing check's (as the CLI's trace), else the first fault's. */
export function focusOf(t: Timeline): number | undefined {
  const failing = t.checks.find((c) => !c.passed && c.atMs !== undefined);
  if (failing) return failing.atMs;
  return t.events.find((e) => e.kind === 'fault')?.t;
}

/** The default window: around the failure when there is one, else the whole run. */
export function focusWindow(t: Timeline): TimeWindow {
  const focus = focusOf(t);
  if (focus === undefined || !t.checks.some((c) => !c.passed)) return wholeRun(t);
  return clampWindow({ fromMs: focus - BEFORE_MS, toMs: focus + AFTER_MS }, t.endMs);
}

/** Ticks about every `everyPx` pixels, at 1, 2 or 5 × a power of ten milliseconds. */
export function ticks(w: TimeWindow, widthPx: number, everyPx = 90): { t: number; label: string }[] {
  const span = w.toMs - w.fromMs;
  if (!(span > 0) || widthPx <= 0) return [];
  const rough = (span * everyPx) / widthPx;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const decimals = Math.max(0, -Math.floor(Math.log10(step / 1000) + 1e-9));
  const out: { t: number; label: string }[] = [];
  for (let t = Math.ceil(w.fromMs / step) * step; t <= w.toMs && out.length < 200; t += step) out.push({ t, label: `${(t / 1000).toFixed(Math.min(decimals, 4))}s` });
  return out;
}

/** An instant as the CLI's trace prints it: `t=14.783s`. */
export function at(ms: number): string {
  return `t=${(ms / 1000).toFixed(3)}s`;
}

/** A duration: `310ms`, `1.84s` (as the CLI's report prints it). */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/** The index of the first event at or after `t` (events are sorted by instant). */
export function firstAtOrAfter(events: readonly { t: number }[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
