import './zod-config';
import * as z from 'zod';
import { overlayAt, parseTimelineHostMessage, type Timeline, type TimelineEvent, type TimelineHostMessage, type TimelineWebviewMessage } from '../diagram/timeline';
import { drawHistogram } from './timeline-histogram';
import { drawOverview, overviewTime } from './timeline-overview';
import { delays, drawPlot } from './timeline-plot';
import { at, clampWindow, duration, focusWindow, panWindow, reveal, wholeRun, zoomWindow, type TimeWindow } from './timeline-scale';
import { htmlEl, svgEl } from './timeline-svg';
import { vscode } from './vscode-api';

/*
 * The timeline webview (issue 11): one simulated seed, a lane per node, stepped through event by event — the
 * decisive ones (faults, leadership changes, crashes, the failing check) by default, every one with a toggle — with
 * the buttons, ←/→ (j/k), Home/End, and Enter or a click to reveal an event's line in the editor. Each step posts
 * the diagram's state at that instant (`overlayAt`), so the diagram steps with it. Below, the histogram of failover
 * times over every seed of the sweep.
 *
 * Safety as in main.ts: every message is validated on arrival (diagram/timeline.ts) and dropped if invalid; all
 * text reaches the page through textContent (timeline-svg.ts), never markup. Theme: --vscode-* variables only.
 */


/** What survives the panel being hidden: the step and the window, for the same scenario and seed. */
const StateSchema = z.object({
  scenario: z.string().max(1000).optional(),
  seed: z.number().int().optional(),
  index: z.number().int().min(0).nullable().optional(),
  all: z.boolean().optional(),
  window: z.object({ fromMs: z.number(), toMs: z.number() }).optional(),
});
type State = z.infer<typeof StateSchema>;

const restored = StateSchema.safeParse(vscode.getState() ?? {});
let saved: State = restored.success ? restored.data : {};

const ZOOM_STEP = 1.6;
/** A pointer that moves less than this between down and up is a click, not a drag. */
const CLICK_SLOP_PX = 4;

let timeline: Timeline | undefined;
let current: number | null = null;
let all = saved.all ?? false;
let view: TimeWindow = { fromMs: 0, toMs: 1 };
let decisive: number[] = [];
let timing = { typicalDelayMs: 1, maxDelayMs: 0 };

function post(message: TimelineWebviewMessage): void {
  vscode.postMessage(message);
}

// ---- DOM ---------------------------------------------------------------------------------------------------

const app = document.getElementById('app') ?? document.body;
app.classList.add('fl-tl-app');

const header = htmlEl('div', 'fl-tl-header');
const toolbar = htmlEl('div', 'fl-tl-toolbar');
toolbar.setAttribute('role', 'toolbar');
toolbar.setAttribute('aria-label', 'Timeline controls');
const prevButton = button('◀ Prev', 'Previous event (← or k)', () => step(-1));
const nextButton = button('Next ▶', 'Next event (→ or j)', () => step(1));
const counter = htmlEl('span', 'fl-tl-counter');
const allLabel = htmlEl('label', 'fl-tl-toggle');
const allBox = htmlEl('input', '');
allBox.type = 'checkbox';
allBox.checked = all;
allBox.title = 'Step through every event, not only the decisive ones';
allBox.setAttribute('aria-label', allBox.title);
allBox.addEventListener('change', () => {
  all = allBox.checked;
  render();
});
allLabel.append(allBox, document.createTextNode(' all events'));
const zoomGroup = htmlEl('span', 'fl-tl-group');
zoomGroup.append(
  button('Failure', 'Zoom to the failure (the first failing check)', () => setWindow(timeline ? focusWindow(timeline) : view)),
  button('Whole run', 'Show the whole run', () => setWindow(timeline ? wholeRun(timeline) : view)),
  button('−', 'Zoom out', () => zoomBy(1 / ZOOM_STEP)),
  button('+', 'Zoom in', () => zoomBy(ZOOM_STEP)),
);
const seedGroup = htmlEl('span', 'fl-tl-group fl-tl-seed');
const seedText = htmlEl('span', 'fl-tl-seed-text');
const copyButton = button('Copy', 'Copy the seed', () => timeline && post({ type: 'copySeed', seed: timeline.seed }));
seedGroup.append(seedText, copyButton);
const stepGroup = htmlEl('span', 'fl-tl-group');
stepGroup.append(prevButton, nextButton, counter, allLabel);
toolbar.append(stepGroup, zoomGroup, seedGroup);

const details = htmlEl('div', 'fl-tl-details');
details.setAttribute('role', 'status');
details.setAttribute('aria-live', 'polite');
const overview = svgEl('svg', { class: 'fl-tl-overview', role: 'img', 'aria-label': 'The whole run, its faults and the window shown: click or drag to move the window (the Failure and Whole run buttons do it from the keyboard)' });
const info = htmlEl('div', 'fl-tl-info');
const main = htmlEl('div', 'fl-tl-main');
const labels = htmlEl('div', 'fl-tl-labels');
const plotWrap = htmlEl('div', 'fl-tl-plotwrap');
plotWrap.tabIndex = 0;
plotWrap.setAttribute('aria-label', 'Lanes of the run: ← and → step through events, Enter reveals the current one, the wheel zooms, a drag pans');
const plot = svgEl('svg', { class: 'fl-tl-plot' });
plotWrap.append(plot);
main.append(labels, plotWrap);
const hist = svgEl('svg', { class: 'fl-tl-hist', role: 'img', 'aria-label': 'Histogram of failover times over all seeds' });
const notice = htmlEl('div', 'fl-tl-notice', 'Waiting for the timeline…');
const body = htmlEl('div', 'fl-tl-body');
body.append(header, toolbar, details, overview, info, main, hist);
body.hidden = true;
app.append(notice, body);

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = htmlEl('button', 'fl-button', label);
  b.type = 'button';
  b.title = title;
  b.setAttribute('aria-label', title);
  b.addEventListener('click', onClick);
  return b;
}

// ---- Messages ----------------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseTimelineHostMessage(event.data);
  if (!message) return;
  try {
    handle(message);
  } catch (error) {
    post({ type: 'error', message: String(error instanceof Error ? error.message : error).slice(0, 4000) });
  }
});

function handle(message: TimelineHostMessage): void {
  if (message.type === 'notice') {
    timeline = undefined;
    notice.textContent = message.text;
    notice.hidden = false;
    body.hidden = true;
    return;
  }
  show(message.timeline);
}

function show(t: Timeline): void {
  const same = saved.scenario === t.scenario && saved.seed === t.seed;
  timeline = t;
  decisive = t.events.flatMap((e, i) => (e.decisive ? [i] : []));
  timing = delays(t);
  current = same && saved.index !== undefined && saved.index !== null && saved.index < t.events.length ? saved.index : null;
  view = same && saved.window ? clampWindow(saved.window, t.endMs) : focusWindow(t);
  notice.hidden = true;
  body.hidden = false;
  const failed = t.checks.filter((c) => !c.passed).length;
  header.replaceChildren(
    htmlEl('strong', '', `${t.scenario} → ${t.target}`),
    htmlEl('span', failed ? 'fl-tl-fail' : 'fl-tl-pass', failed ? ` failed (${failed} of ${t.checks.length} checks)` : ' passed'),
    ...t.checks.map((c) => {
      const s = htmlEl('span', `fl-tl-check-chip ${c.passed ? 'fl-tl-pass' : 'fl-tl-fail'}`, `${c.passed ? '✓' : '✗'} ${c.expect}`);
      s.title = c.detail;
      return s;
    }),
    ...(t.truncated ? [htmlEl('span', 'fl-tl-muted', ` · ${t.truncated} events left out`)] : []),
  );
  seedText.textContent = `seed ${t.seed}`;
  labels.replaceChildren(
    htmlEl('div', 'fl-tl-lane-axis'),
    ...t.lanes.map((l, i) => {
      const row = htmlEl('div', `fl-tl-lane${i % 2 ? ' fl-tl-row-odd' : ''}`);
      row.title = `${l.name}${l.zone ? ` (zone ${l.zone})` : ''}${l.element ? ` — ${l.element}` : ''}`;
      // `orders-db#2`: when the label is cut short, the `#2` that tells the lanes apart stays.
      const hash = l.name.lastIndexOf('#');
      const name = htmlEl('span', 'fl-tl-lane-name');
      name.append(htmlEl('span', 'fl-tl-lane-base', hash > 0 ? l.name.slice(0, hash) : l.name), ...(hash > 0 ? [htmlEl('span', 'fl-tl-lane-index', l.name.slice(hash))] : []));
      row.append(name, ...(l.zone ? [htmlEl('span', 'fl-tl-lane-zone', l.zone)] : []));
      return row;
    }),
  );
  render();
}

// ---- Steps -------------------------------------------------------------------------------------------------

/** The events the buttons and keys step through. */
function steps(): readonly number[] {
  return all && timeline ? timeline.events.map((_, i) => i) : decisive;
}

function step(direction: 1 | -1): void {
  const list = steps();
  if (!list.length) return;
  let next: number | undefined;
  if (current === null) next = direction > 0 ? list[0] : list[list.length - 1];
  else if (direction > 0) next = list.find((i) => i > current!);
  else next = [...list].reverse().find((i) => i < current!);
  if (next !== undefined) go(next);
}

function go(index: number | null): void {
  if (!timeline) return;
  current = index;
  const e = index === null ? undefined : timeline.events[index];
  if (e) view = reveal(view, e.t, timeline.endMs);
  render();
  post({ type: 'step', index, overlay: e ? overlayAt(timeline, e.t) : null });
}

function revealCurrent(): void {
  const e = current === null ? undefined : timeline?.events[current];
  if (e?.declaration !== undefined) post({ type: 'reveal', declaration: e.declaration });
}

function setWindow(w: TimeWindow): void {
  if (!timeline) return;
  view = clampWindow(w, timeline.endMs);
  render();
}

function zoomBy(factor: number, atMs?: number): void {
  if (!timeline) return;
  const centre = atMs ?? (current !== null ? timeline.events[current]!.t : (view.fromMs + view.toMs) / 2);
  setWindow(zoomWindow(view, factor, centre, timeline.endMs));
}

// ---- Drawing -----------------------------------------------------------------------------------------------

function render(): void {
  const t = timeline;
  if (!t) return;
  const list = steps();
  const position = current === null ? -1 : list.indexOf(current);
  counter.textContent = current === null ? `${list.length} ${all ? 'events' : 'decisive'}` : position >= 0 ? `${position + 1} / ${list.length}` : `– / ${list.length}`;
  prevButton.disabled = list.length === 0 || (current !== null && !list.some((i) => i < current!));
  nextButton.disabled = list.length === 0 || (current !== null && !list.some((i) => i > current!));
  details.textContent = describe(t, current);
  const width = Math.max(40, plotWrap.clientWidth);
  const drawn = drawPlot(plot, { timeline: t, window: view, widthPx: width, current, ...timing });
  drawOverview(overview, t, view, Math.max(40, body.clientWidth));
  info.textContent = `${at(view.fromMs)} – ${at(view.toMs)} (${duration(view.toMs - view.fromMs)})${drawn.drawn < drawn.inView ? ` · ${drawn.drawn} of ${drawn.inView} events drawn: zoom in for all` : ''}`;
  const e = current === null ? undefined : t.events[current];
  labels.querySelectorAll('.fl-tl-lane').forEach((row, i) => row.classList.toggle('fl-tl-lane-current', e !== undefined && (e.lane === i || e.to === i)));
  drawHistogram(hist, t.failoverMs, t.seeds, Math.max(120, body.clientWidth));
  saved = { scenario: t.scenario, seed: t.seed, index: current, all, window: view };
  vscode.setState(saved);
}

function describe(t: Timeline, index: number | null): string {
  if (index === null) {
    return `${decisive.length} decisive event${decisive.length === 1 ? '' : 's'} of ${t.events.length}: Next ▶ (→) steps through them, Enter reveals an event's line.`;
  }
  const e = t.events[index]!;
  const lane = (k: number | undefined) => (k === undefined ? undefined : t.lanes[k]?.name);
  const where = e.kind === 'message' ? `${lane(e.lane) ?? '?'} → ${lane(e.to) ?? '?'}` : (lane(e.lane) ?? 'all');
  const fate = e.kind !== 'message' ? '' : e.lost !== undefined ? ` · lost (${e.lost})` : e.arriveMs !== undefined ? ` · arrives ${at(e.arriveMs)}` : '';
  const line = e.declaration !== undefined ? ` · Enter: ${t.declarations[e.declaration]?.label ?? ''}` : '';
  return `${at(e.t)} · ${kindLabel(e)} · ${where} · ${e.text}${fate}${line}`;
}

function kindLabel(e: TimelineEvent): string {
  return e.kind === 'check' ? 'check failed' : e.kind;
}

// ---- Input -------------------------------------------------------------------------------------------------

window.addEventListener('keydown', (ev) => {
  if (!timeline || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const target = ev.target as HTMLElement | null;
  const control = target?.closest('button, input, select, textarea') !== null && target !== null;
  switch (ev.key) {
    case 'ArrowRight':
    case 'j':
      step(1);
      break;
    case 'ArrowLeft':
    case 'k':
      step(-1);
      break;
    case 'Home':
      if (steps().length) go(steps()[0]!);
      break;
    case 'End':
      if (steps().length) go(steps()[steps().length - 1]!);
      break;
    case 'Enter':
      if (control) return; // a focused button's own Enter
      revealCurrent();
      break;
    case 'Escape':
      go(null);
      break;
    default:
      return;
  }
  ev.preventDefault();
});

/** Drag pans the window; a click on an event steps to it and reveals its line. */
let drag: { x: number; window: TimeWindow; moved: boolean } | undefined;
plotWrap.addEventListener('pointerdown', (ev) => {
  if (ev.button !== 0) return;
  drag = { x: ev.clientX, window: view, moved: false };
  plotWrap.setPointerCapture(ev.pointerId);
});
plotWrap.addEventListener('pointermove', (ev) => {
  if (!drag || !timeline) return;
  const dx = ev.clientX - drag.x;
  if (!drag.moved && Math.abs(dx) < CLICK_SLOP_PX) return;
  drag.moved = true;
  plotWrap.classList.add('fl-tl-panning');
  const msPerPx = (drag.window.toMs - drag.window.fromMs) / Math.max(1, plotWrap.clientWidth);
  setWindow(panWindow(drag.window, -dx * msPerPx, timeline.endMs));
});
plotWrap.addEventListener('pointerup', (ev) => {
  const was = drag;
  drag = undefined;
  plotWrap.classList.remove('fl-tl-panning');
  if (!was || was.moved || !timeline) return;
  // Capture retargets the pointer events to the wrapper: find the mark under the pointer.
  const hit = document.elementFromPoint(ev.clientX, ev.clientY)?.closest('[data-index]');
  const index = hit ? Number(hit.getAttribute('data-index')) : NaN;
  if (!Number.isInteger(index) || !timeline.events[index]) return;
  go(index);
  revealCurrent();
});
plotWrap.addEventListener(
  'wheel',
  (ev) => {
    if (!timeline) return;
    ev.preventDefault();
    const rect = plotWrap.getBoundingClientRect();
    const span = view.toMs - view.fromMs;
    if (ev.shiftKey || Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) {
      setWindow(panWindow(view, ((ev.shiftKey ? ev.deltaY : ev.deltaX) * span) / Math.max(1, rect.width), timeline.endMs));
      return;
    }
    const atMs = view.fromMs + ((ev.clientX - rect.left) / Math.max(1, rect.width)) * span;
    setWindow(zoomWindow(view, Math.exp(-ev.deltaY * 0.002), atMs, timeline.endMs));
  },
  { passive: false },
);

/** The overview strip: press or drag to centre the window there. */
let ovDown = false;
const centreAt = (ev: PointerEvent) => {
  if (!timeline) return;
  const rect = overview.getBoundingClientRect();
  const t = overviewTime(timeline, ev.clientX - rect.left, rect.width);
  const half = (view.toMs - view.fromMs) / 2;
  setWindow({ fromMs: t - half, toMs: t + half });
};
overview.addEventListener('pointerdown', (ev) => {
  ovDown = true;
  overview.setPointerCapture(ev.pointerId);
  centreAt(ev);
});
overview.addEventListener('pointermove', (ev) => ovDown && centreAt(ev));
overview.addEventListener('pointerup', () => (ovDown = false));

new ResizeObserver(() => render()).observe(app);

post({ type: 'ready' });
