import { duration } from './timeline-scale';
import { svgEl } from './timeline-svg';

/*
 * The histogram of failover times over every seed of the sweep (the numbers `failover_ms` summarises): equal-width
 * bins, a count over each bar, and the p50 and p99 marked — nearest rank, as the report computes them.
 */

const HEIGHT = 130;
/** The title's baseline, the percentile labels' baseline, and where the tallest bar starts (its count above it). */
const TITLE_Y = 14;
const LABEL_Y = 29;
const TOP = 46;
const BOTTOM = 18;
const SIDE = 8;

/** Nearest-rank percentile of sorted values (analyzers/sim/stats.ts's definition). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Bins {
  fromMs: number;
  widthMs: number;
  counts: number[];
}

/** `n` equal bins from the smallest value to the largest (failovers cluster far from 0: the range is what matters). */
export function bins(values: readonly number[], n: number): Bins {
  const min = values.reduce((a, v) => Math.min(a, v), Infinity);
  const max = values.reduce((a, v) => Math.max(a, v), -Infinity);
  const fromMs = Number.isFinite(min) ? min : 0;
  const widthMs = max > fromMs ? (max - fromMs) / n : 1;
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.max(0, Math.floor((v - fromMs) / widthMs)))]!++;
  return { fromMs, widthMs, counts };
}

/** Draws the histogram into `svg` at `widthPx`; a sentence instead when there is nothing to show. */
export function drawHistogram(svg: SVGSVGElement, values: readonly number[], seeds: number, widthPx: number): void {
  svg.replaceChildren();
  const w = Math.max(120, widthPx);
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(HEIGHT));
  svg.setAttribute('viewBox', `0 0 ${w} ${HEIGHT}`);
  const title = values.length
    ? `Failover times: ${values.length} failover${values.length === 1 ? '' : 's'} in ${seeds} seed${seeds === 1 ? '' : 's'}`
    : `No failover in ${seeds} seed${seeds === 1 ? '' : 's'}`;
  svg.append(svgEl('text', { x: SIDE, y: TITLE_Y, class: 'fl-tl-hist-title' }, title));
  if (!values.length) return;
  // About 28px a bar, 5 to 24 bars: count labels stay legible at 400px.
  const n = Math.max(5, Math.min(24, Math.floor((w - 2 * SIDE) / 28)));
  const b = bins(values, n);
  const top = Math.max(...b.counts);
  const plotW = w - 2 * SIDE;
  const plotH = HEIGHT - TOP - BOTTOM;
  const barW = plotW / n;
  const x = (ms: number) => SIDE + ((ms - b.fromMs) / (b.widthMs * n)) * plotW;
  b.counts.forEach((count, i) => {
    if (!count) return;
    const h = Math.max(1, (count / top) * plotH);
    const bar = svgEl('rect', { x: SIDE + i * barW + 1, y: TOP + plotH - h, width: Math.max(1, barW - 2), height: h, class: 'fl-tl-bar' });
    bar.append(svgEl('title', {}, `${duration(b.fromMs + i * b.widthMs)}–${duration(b.fromMs + (i + 1) * b.widthMs)}: ${count}`));
    svg.append(bar, svgEl('text', { x: SIDE + (i + 0.5) * barW, y: TOP + plotH - h - 3, class: 'fl-tl-count' }, String(count)));
  });
  svg.append(svgEl('line', { x1: SIDE, x2: w - SIDE, y1: TOP + plotH, y2: TOP + plotH, class: 'fl-tl-hist-axis' }));
  svg.append(svgEl('text', { x: SIDE, y: HEIGHT - 4, class: 'fl-tl-tick-label' }, duration(b.fromMs)));
  svg.append(svgEl('text', { x: w - SIDE, y: HEIGHT - 4, class: 'fl-tl-tick-label fl-tl-end' }, duration(b.fromMs + b.widthMs * n)));
  const sorted = values.slice().sort((a, c) => a - c);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
    for (const [label, v, cls] of [['p50', p50, 'fl-tl-p50'], ['p99', p99, 'fl-tl-p99']] as const) {
    const px = x(v);
    svg.append(svgEl('line', { x1: px, x2: px, y1: LABEL_Y + 3, y2: TOP + plotH, class: `fl-tl-pct ${cls}` }));
    // p50 reads leftwards of its line, p99 rightwards (so two close values do not print over each other), unless
    // that runs off the panel.
    const leftwards = label === 'p50' ? px > 80 : px > w - 80;
    svg.append(svgEl('text', { x: leftwards ? px - 3 : px + 3, y: LABEL_Y, class: `fl-tl-pct-label ${cls}${leftwards ? ' fl-tl-end' : ''}` }, `${label} ${duration(v)}`));
  }
}
