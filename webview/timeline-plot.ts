import type { Timeline, TimelineEvent } from '../diagram/timeline';
import { firstAtOrAfter, ticks, type TimeWindow } from './timeline-scale';
import { svgEl } from './timeline-svg';

/*
 * The lanes of a timeline as SVG, for one window of the run: rows per node, the time axis, leadership shaded with
 * its term, down stretches hatched, partitions as bands, faults and failed checks as lines across every lane,
 * messages as thin arrows from (sent, sender) to (arrived, receiver) — dashed and ending in × when lost. Only what
 * falls in the window is drawn, and at most MAX_DRAWN ordinary events (the decisive ones always), so a long run
 * stays quick to redraw on every step. Each event's mark carries `data-index` (its index in `timeline.events`).
 */

export const ROW_PX = 22;
export const AXIS_PX = 24;
/** Ordinary (not decisive) events drawn at most per window: beyond that, the view asks to zoom in. */
const MAX_DRAWN = 1500;

export interface PlotView {
  timeline: Timeline;
  window: TimeWindow;
  widthPx: number;
  /** The event stepped to, if any. */
  current: number | null;
  /** Where a lost message's arrow ends: its receiver, this long after it was sent (the run's median delay). */
  typicalDelayMs: number;
  /** The longest delay of any message: an arrow may start before the window and still cross it. */
  maxDelayMs: number;
}

export interface Drawn {
  /** Events in the window, and how many were drawn. */
  inView: number;
  drawn: number;
}

/** The median and the largest delay of the timeline's delivered messages. */
export function delays(t: Timeline): { typicalDelayMs: number; maxDelayMs: number } {
  const d: number[] = [];
  for (const e of t.events) if (e.kind === 'message' && e.arriveMs !== undefined) d.push(e.arriveMs - e.t);
  d.sort((a, b) => a - b);
  return { typicalDelayMs: d[Math.floor(d.length / 2)] ?? 1, maxDelayMs: d[d.length - 1] ?? 0 };
}

export function plotHeight(t: Timeline): number {
  return AXIS_PX + Math.max(1, t.lanes.length) * ROW_PX + 4;
}

export function drawPlot(svg: SVGSVGElement, v: PlotView): Drawn {
  const t = v.timeline;
  const w = Math.max(40, v.widthPx);
  const h = plotHeight(t);
  svg.replaceChildren();
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  const span = v.window.toMs - v.window.fromMs;
  const x = (ms: number) => ((ms - v.window.fromMs) / span) * w;
  const y = (lane: number) => AXIS_PX + lane * ROW_PX + ROW_PX / 2;
  const bottom = AXIS_PX + t.lanes.length * ROW_PX;
  const inWindow = (from: number, to: number) => to >= v.window.fromMs && from <= v.window.toMs;
  const clipX = (ms: number) => Math.min(w + 2, Math.max(-2, x(ms)));

  svg.append(defs());
  // Rows first (zebra, for reading across), then the shading, then the events on top.
  const rows = svgEl('g', { class: 'fl-tl-rows' });
  t.lanes.forEach((_, i) => rows.append(svgEl('rect', { x: 0, y: AXIS_PX + i * ROW_PX, width: w, height: ROW_PX, class: i % 2 ? 'fl-tl-row fl-tl-row-odd' : 'fl-tl-row' })));
  svg.append(rows, axis(v, w, bottom));

  const shade = svgEl('g', { class: 'fl-tl-shading' });
  for (const p of t.partitions) {
    if (!inWindow(p.fromMs, p.toMs)) continue;
    const x0 = clipX(p.fromMs);
    const band = svgEl('rect', { x: x0, y: AXIS_PX, width: Math.max(1, clipX(p.toMs) - x0), height: bottom - AXIS_PX, class: 'fl-tl-partition' });
    band.append(svgEl('title', {}, `partition ${p.sides.map((s) => s.join(', ')).join(' | ')}`));
    shade.append(band);
  }
  for (const l of t.leaders) {
    if (!inWindow(l.fromMs, l.toMs)) continue;
    const x0 = clipX(l.fromMs);
    const width = Math.max(1, clipX(l.toMs) - x0);
    const top = AXIS_PX + l.lane * ROW_PX + 2;
    const label = l.label ?? `term ${l.term}`;
    const rect = svgEl('rect', { x: x0, y: top, width, height: ROW_PX - 4, rx: 2, class: 'fl-tl-leader' });
    rect.append(svgEl('title', {}, `${t.lanes[l.lane]?.name ?? ''} leads: ${label}`));
    shade.append(rect);
    if (width > 44) shade.append(svgEl('text', { x: Math.max(x0, 0) + 3, y: top + ROW_PX - 9, class: 'fl-tl-term' }, label));
  }
  for (const d of t.down) {
    if (!inWindow(d.fromMs, d.toMs)) continue;
    const x0 = clipX(d.fromMs);
    const rect = svgEl('rect', { x: x0, y: AXIS_PX + d.lane * ROW_PX + 1, width: Math.max(1, clipX(d.toMs) - x0), height: ROW_PX - 2, class: `fl-tl-down fl-tl-${d.why}` });
    rect.append(svgEl('title', {}, `${t.lanes[d.lane]?.name ?? ''} ${d.why}`));
    shade.append(rect);
  }
  svg.append(shade);

  // Events in the window (and messages sent just before it that arrive inside it), decisive ones always drawn.
  const start = firstAtOrAfter(t.events, v.window.fromMs - v.maxDelayMs);
  const end = firstAtOrAfter(t.events, v.window.toMs + 1e-9);
  const ordinary: number[] = [];
  const decisive: number[] = [];
  for (let i = start; i < end; i++) {
    const e = t.events[i]!;
    if (e.t < v.window.fromMs && !(e.arriveMs !== undefined && e.arriveMs >= v.window.fromMs)) continue;
    (e.decisive ? decisive : ordinary).push(i);
  }
  let kept = ordinary;
  if (ordinary.length > MAX_DRAWN) {
    // Evenly through the window, so its density still shows; the step's own event is kept.
    const every = ordinary.length / MAX_DRAWN;
    kept = Array.from({ length: MAX_DRAWN }, (_, k) => ordinary[Math.floor(k * every)]!);
    if (v.current !== null && !t.events[v.current]!.decisive && !kept.includes(v.current) && ordinary.includes(v.current)) kept.push(v.current);
  }
  const layer = svgEl('g', { class: 'fl-tl-events' });
  for (const i of kept) layer.append(mark(t.events[i]!, i, x, y, bottom, v.typicalDelayMs));
  for (const i of decisive) layer.append(mark(t.events[i]!, i, x, y, bottom, v.typicalDelayMs));
  svg.append(layer);

  if (v.current !== null) {
    const e = t.events[v.current];
    if (e && e.t >= v.window.fromMs && e.t <= v.window.toMs) {
      svg.append(svgEl('line', { x1: x(e.t), x2: x(e.t), y1: AXIS_PX - 4, y2: bottom, class: 'fl-tl-cursor' }));
      const again = layer.querySelector(`[data-index="${v.current}"]`);
      if (again) layer.append(again); // on top of its neighbours
    }
  }
  return { inView: ordinary.length + decisive.length, drawn: kept.length + decisive.length };
}

function defs(): SVGDefsElement {
  const d = svgEl('defs');
  const hatch = svgEl('pattern', { id: 'fl-tl-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  hatch.append(svgEl('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'fl-tl-hatch-line' }));
  const arrow = svgEl('marker', { id: 'fl-tl-arrow', viewBox: '0 0 6 6', refX: 6, refY: 3, markerWidth: 5, markerHeight: 5, orient: 'auto' });
  arrow.append(svgEl('path', { d: 'M0,0 L6,3 L0,6 z', class: 'fl-tl-arrowhead' }));
  d.append(hatch, arrow);
  return d;
}

function axis(v: PlotView, w: number, bottom: number): SVGGElement {
  const g = svgEl('g', { class: 'fl-tl-axis' });
  const span = v.window.toMs - v.window.fromMs;
  g.append(svgEl('line', { x1: 0, x2: w, y1: AXIS_PX - 0.5, y2: AXIS_PX - 0.5, class: 'fl-tl-axis-line' }));
  for (const tick of ticks(v.window, w)) {
    const px = ((tick.t - v.window.fromMs) / span) * w;
    g.append(svgEl('line', { x1: px, x2: px, y1: AXIS_PX - 5, y2: bottom, class: 'fl-tl-grid' }));
    g.append(svgEl('text', { x: px + 2, y: AXIS_PX - 8, class: 'fl-tl-tick-label' }, tick.label));
  }
  return g;
}

const KIND_CLASS: Readonly<Record<TimelineEvent['kind'], string>> = {
  message: 'fl-tl-msg',
  fault: 'fl-tl-fault',
  leader: 'fl-tl-leader-mark',
  'step-down': 'fl-tl-stepdown',
  crash: 'fl-tl-crash',
  restart: 'fl-tl-restart',
  pause: 'fl-tl-pause',
  resume: 'fl-tl-resume',
  client: 'fl-tl-client',
  check: 'fl-tl-check',
  note: 'fl-tl-note',
};

/** One event's mark: its shape by kind, and a wider transparent twin to click on. */
function mark(e: TimelineEvent, index: number, x: (ms: number) => number, y: (lane: number) => number, bottom: number, typicalDelayMs: number): SVGGElement {
  const cls = ['fl-tl-event', KIND_CLASS[e.kind], e.decisive ? 'fl-tl-decisive' : '', e.lost !== undefined ? 'fl-tl-lost' : ''].filter(Boolean).join(' ');
  const g = svgEl('g', { class: cls, 'data-index': index });
  g.append(svgEl('title', {}, e.text));
  const px = x(e.t);
  if (e.kind === 'message' && e.lane !== undefined && e.to !== undefined) {
    const endMs = e.arriveMs ?? e.t + typicalDelayMs;
    const x2 = x(endMs);
    const y1 = y(e.lane);
    const y2 = y(e.to);
    g.append(svgEl('line', { x1: px, y1, x2, y2, class: 'fl-tl-hit' }));
    if (e.lost !== undefined) {
      g.append(svgEl('line', { x1: px, y1, x2, y2, class: 'fl-tl-arrow' }));
      g.append(svgEl('path', { d: `M${x2 - 3},${y2 - 3} L${x2 + 3},${y2 + 3} M${x2 - 3},${y2 + 3} L${x2 + 3},${y2 - 3}`, class: 'fl-tl-x' }));
    } else g.append(svgEl('line', { x1: px, y1, x2, y2, class: 'fl-tl-arrow', 'marker-end': 'url(#fl-tl-arrow)' }));
    return g;
  }
  if (e.kind === 'fault' || e.kind === 'check') {
    // Across every lane: what the network (or the checker) did at that instant concerns them all.
    g.append(svgEl('line', { x1: px, x2: px, y1: AXIS_PX - 6, y2: bottom, class: 'fl-tl-hit' }));
    g.append(svgEl('line', { x1: px, x2: px, y1: AXIS_PX - 6, y2: bottom, class: 'fl-tl-vline' }));
    g.append(svgEl('path', { d: `M${px - 4},${AXIS_PX - 10} L${px + 4},${AXIS_PX - 10} L${px},${AXIS_PX - 3} z`, class: 'fl-tl-flag' }));
    if (e.lane !== undefined) g.append(svgEl('circle', { cx: px, cy: y(e.lane), r: 4, class: 'fl-tl-dot' }));
    return g;
  }
  const cy = e.lane !== undefined ? y(e.lane) : AXIS_PX - 4;
  g.append(svgEl('circle', { cx: px, cy, r: 7, class: 'fl-tl-hit' }));
  if (e.kind === 'crash') g.append(svgEl('path', { d: `M${px - 4},${cy - 4} L${px + 4},${cy + 4} M${px - 4},${cy + 4} L${px + 4},${cy - 4}`, class: 'fl-tl-x' }));
  else if (e.kind === 'client' || e.kind === 'note') g.append(svgEl('line', { x1: px, x2: px, y1: cy - 4, y2: cy + 4, class: 'fl-tl-tick' }));
  else g.append(svgEl('circle', { cx: px, cy, r: e.decisive ? 4 : 3, class: 'fl-tl-dot' }));
  return g;
}
