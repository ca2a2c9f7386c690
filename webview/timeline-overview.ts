import type { Timeline } from '../diagram/timeline';
import type { TimeWindow } from './timeline-scale';
import { svgEl } from './timeline-svg';

/*
 * The whole run in one thin strip above the lanes: partitions, down stretches, faults and failed checks, and the
 * window the lanes show as a frame. It is the range control of a long run: a click or drag on it moves the window.
 */

export const OVERVIEW_PX = 22;

export function drawOverview(svg: SVGSVGElement, t: Timeline, w: TimeWindow, widthPx: number): void {
  const width = Math.max(40, widthPx);
  svg.replaceChildren();
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(OVERVIEW_PX));
  svg.setAttribute('viewBox', `0 0 ${width} ${OVERVIEW_PX}`);
  const end = Math.max(t.endMs, 1);
  const x = (ms: number) => (Math.min(Math.max(ms, 0), end) / end) * width;
  svg.append(svgEl('rect', { x: 0, y: 0, width, height: OVERVIEW_PX, class: 'fl-tl-ov-bg' }));
  for (const p of t.partitions) svg.append(svgEl('rect', { x: x(p.fromMs), y: 0, width: Math.max(1, x(p.toMs) - x(p.fromMs)), height: OVERVIEW_PX, class: 'fl-tl-partition' }));
  for (const d of t.down) svg.append(svgEl('rect', { x: x(d.fromMs), y: OVERVIEW_PX - 5, width: Math.max(1, x(d.toMs) - x(d.fromMs)), height: 4, class: 'fl-tl-ov-down' }));
  for (const e of t.events) {
    if (e.kind !== 'fault' && e.kind !== 'check') continue;
    svg.append(svgEl('line', { x1: x(e.t), x2: x(e.t), y1: 2, y2: OVERVIEW_PX - 2, class: e.kind === 'fault' ? 'fl-tl-ov-fault' : 'fl-tl-ov-check' }));
  }
  const x0 = x(w.fromMs);
  svg.append(svgEl('rect', { x: x0, y: 1, width: Math.max(3, x(w.toMs) - x0), height: OVERVIEW_PX - 2, class: 'fl-tl-ov-window' }));
}

/** The instant under a point of the strip. */
export function overviewTime(t: Timeline, offsetX: number, widthPx: number): number {
  return (Math.min(Math.max(offsetX, 0), widthPx) / Math.max(1, widthPx)) * t.endMs;
}
