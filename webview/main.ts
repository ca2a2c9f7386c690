import './zod-config';
import { collapsedStandIns, type DiagramLayout, type LayoutDirection } from '../diagram/layout';
import type { DiagramModel } from '../diagram/model';
import { parseHostMessage, WebviewStateSchema, type ExportFormat, type HostMessage, type Viewport, type WebviewMessage, type WebviewState } from '../diagram/protocol';
import { defaultStylesheet, renderSvg } from '../diagram/render-svg';
import type { SimOverlay } from '../diagram/timeline';
import { currentColors, svgToPng } from './export';
import { measureInPanelFont } from './measure';
import { Minimap } from './minimap';
import { statusLine } from './status';
import { arrange } from './arrange';
import { layoutRunner } from './layout-runner';
import { button, el } from './dom';
import { attachPointer } from './pointer';
import { anchoredViewport, boxOf, chooseDirection, diagramFits, fitViewport, focusDiagram, nodeAtCentre, withoutContainersOf } from './view';
import { vscode } from './vscode-api';

/*
 * The diagram webview. It receives the diagram model from the extension host, lays it out with elkjs (here, in
 * the webview, so the host stays responsive; in a worker, so this page stays responsive too), draws it with the same renderer the CLI uses, and handles
 * pan (drag, arrow keys, the overview map), zoom (wheel), fit, click-to-reveal, highlight, focus mode, collapsing
 * regions and zones, the zone-loss view, the simulation overlay and export.
 *
 * Layout direction follows the panel's shape (top-down in a tall panel, left to right in a wide one, re-laid out,
 * debounced, when a resize crosses over). A fit never goes below the readable zoom (MIN_FIT_ZOOM in
 * diagram/layout.ts); a diagram larger than that is panned, with the overview map in the corner.
 *
 * Safety: every arriving message is validated (diagram/protocol.ts) and dropped if invalid; the SVG string escapes every
 * user string; the only other text that reaches the DOM goes through `textContent`.
 */


measureInPanelFont();

const MIN_ZOOM = 0.1;
const MAX_ZOOM = 4;
/** A resize settles for this long before the layout direction is reconsidered (a re-layout is not free). */
const RELAYOUT_DEBOUNCE_MS = 150;

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

const restored = WebviewStateSchema.safeParse(vscode.getState() ?? {});
const state: WebviewState = restored.success ? restored.data : {};
const uri = document.body.dataset.uri;
// elkjs in a worker kept for the panel's lifetime (layout-runner.ts); the page's thread only draws.
const lay = layoutRunner(document.body.dataset.layoutWorker, getComputedStyle(document.body).fontFamily || 'sans-serif', (where) => (document.body.dataset.layoutIn = where));
if (uri !== undefined) state.uri = uri;

/** The host's diagram, and what is drawn of it (all of it, or the focused element's neighbourhood). */
let diagram: DiagramModel | undefined;
let shown: DiagramModel | undefined;
let layout: DiagramLayout | undefined;
/** The direction the panel's shape asks for (undefined until the panel has a size), and the one drawn. */
let shape: LayoutDirection | undefined;
let direction: LayoutDirection | undefined;
let viewport: Viewport | undefined = state.viewport;
/** Whether the user panned or zoomed; until then every redraw and resize fits the diagram to the panel. */
let adjusted = state.adjusted ?? false;
let shownDocument: string | undefined = state.document;
let zoneLoss: string | null = state.zoneLoss ?? null;
let collapsed = new Set<string>(state.collapsed ?? []);
let focus: string | null = state.focus ?? null;
/** The viewport before focus mode, restored when it ends. */
let beforeFocus: { viewport: Viewport | undefined; adjusted: boolean } | undefined;
let highlight: string | null = null;
/** The last node clicked: what the Focus button acts on. */
let selected: string | null = null;
let sim: SimOverlay | null = null;
/** Bumped for each layout so a slow layout of an old model never overwrites a newer one. */
let generation = 0;

// ---- DOM ---------------------------------------------------------------------------------------------------

const app = document.getElementById('app') ?? document.body;
app.classList.add('fl-app');
const toolbar = el('div', 'fl-toolbar');
const fitButton = button('Fit', 'Fit the diagram to the panel', () => {
  adjusted = false;
  fit();
});
const zoomIn = button('+', 'Zoom in', () => zoomAt(1.25));
const zoomOut = button('−', 'Zoom out', () => zoomAt(0.8));
const focusButton = button('Focus', 'Show the selected element with its direct neighbours only (Alt+click a node)', () => {
  const target = selected ?? highlight;
  if (target !== null) setFocus(target);
});
const showAllButton = button('Show all', 'Leave focus mode and show the whole design (Esc)', () => setFocus(null));
const simulateButton = button('Simulate…', 'Run a scenario of this design and show it on the diagram', () => post({ type: 'simulate' }));
const status = el('div', 'fl-status');
status.setAttribute('role', 'status');
toolbar.append(fitButton, zoomOut, zoomIn, el('span', 'fl-separator'), focusButton, showAllButton, el('span', 'fl-separator'), simulateButton, status);
const canvas = el('div', 'fl-canvas');
canvas.tabIndex = -1;
const empty = el('div', 'fl-empty');
empty.textContent = 'Waiting for the diagram…';
canvas.append(empty);
app.append(toolbar, canvas);
const minimap = new Minimap((x, y) => {
  if (!viewport) return;
  adjusted = true;
  const { width, height } = canvasSize();
  setViewport({ k: viewport.k, x: width / 2 - x * viewport.k, y: height / 2 - y * viewport.k });
});
updateToolbar();

function canvasSize(): { width: number; height: number } {
  const { width, height } = canvas.getBoundingClientRect();
  return { width, height };
}

// ---- Messages ----------------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseHostMessage(event.data);
  if (message) void handle(message);
});

async function handle(message: HostMessage): Promise<void> {
  switch (message.type) {
    case 'model':
      if (message.document !== undefined && message.document !== shownDocument) {
        // Another document in the same panel: it starts fitted, whole and expanded, not as the last one was left.
        shownDocument = message.document;
        adjusted = false;
        collapsed = new Set();
        focus = null;
        beforeFocus = undefined;
        direction = undefined;
      }
      diagram = message.diagram;
      if (zoneLoss !== null && !diagram.zones.includes(zoneLoss)) zoneLoss = null;
      // Edits keep the direction (a design must not flip while it is typed); a new document chooses afresh.
      await relayout({ kind: 'keep' }, direction === undefined);
      break;
    case 'highlight':
      highlight = message.name;
      applyHighlight();
      updateToolbar();
      break;
    case 'zoneLoss':
      zoneLoss = message.zone;
      saveState();
      draw();
      break;
    case 'focus':
      setFocus(message.name);
      break;
    case 'simState':
      sim = message.overlay;
      draw();
      break;
    case 'requestExport':
      await exportAs(message.format);
      break;
    case 'notice':
      showNotice(message.text);
      break;
  }
}

function showNotice(text: string): void {
  ++generation; // a layout still running must not draw over the notice
  diagram = undefined;
  shown = undefined;
  layout = undefined;
  const note = el('div', 'fl-empty');
  note.textContent = text; // text, never markup
  canvas.replaceChildren(note);
  minimap.hide();
  updateToolbar();
}

// ---- Layout ------------------------------------------------------------------------------------------------

/**
 * What a re-layout does to the viewport once the user has adjusted it (until then it always fits): keep it, or
 * keep one element where it was on screen (the container just collapsed, the node at the centre when the
 * direction changes), or fit.
 */
type Anchor = { kind: 'keep' } | { kind: 'fit' } | { kind: 'element'; id: string; corner: 'centre' | 'top-left' };

/** Lays out what is shown; `choose`: pick the direction afresh (webview/arrange.ts), otherwise keep it. */
async function relayout(anchor: Anchor, choose = false): Promise<void> {
  if (!diagram) return;
  const mine = ++generation;
  const source = diagram;
  const containerIds = new Set(source.containers.map((c) => c.id));
  collapsed = new Set([...collapsed].filter((id) => containerIds.has(id)));
  let next = source;
  let folded: Iterable<string> = collapsed;
  if (focus !== null) {
    const subset = focusDiagram(source, focus);
    if (subset) {
      next = subset;
      // The focused element is never folded away: its own containers stay open while it is focused.
      folded = withoutContainersOf(source, focus, collapsed);
    } else focus = null; // the focused element is gone from the design
  }
  const before = anchor.kind === 'element' && layout ? boxOf(layout, anchor.id) : undefined;
  try {
    const arranged = await arrange(next, { ...canvasSize(), shape, direction, choose, collapsed: folded }, () => mine !== generation, lay);
    if (!arranged) return;
    const laid = arranged.layout;
    shape = arranged.shape;
    direction = arranged.direction;
    shown = next;
    layout = laid;
    minimap.setLayout(laid);
    draw();
    if (!adjusted || anchor.kind === 'fit') {
      adjusted = false;
      fit();
      return;
    }
    const after = anchor.kind === 'element' ? boxOf(laid, anchor.id) : undefined;
    if (viewport && before && after) setViewport(anchoredViewport(viewport, before, after, anchor.kind === 'element' ? anchor.corner : 'centre'));
  } catch (error) {
    post({ type: 'error', message: `layout failed: ${String(error)}`.slice(0, 4000) });
  }
}

/** After a resize settles: choose the direction again when the panel's shape crossed over (tall ↔ wide) or was unknown. */
function reconsiderDirection(): void {
  if (!diagram || !layout) return;
  const { width, height } = canvasSize();
  if (!(width > 0 && height > 0)) return;
  if (shape !== undefined && chooseDirection(width, height, shape) === shape) return;
  const centre = adjusted && viewport ? nodeAtCentre(layout, viewport, width, height) : undefined;
  void relayout(centre !== undefined ? { kind: 'element', id: centre, corner: 'centre' } : { kind: 'fit' }, true);
}

function setFocus(name: string | null): void {
  if (name === focus) return;
  if (name !== null && !diagram?.nodes.some((n) => n.name === name)) return;
  if (focus === null) beforeFocus = { viewport, adjusted };
  const restore = name === null ? beforeFocus : undefined;
  focus = name;
  if (name === null) beforeFocus = undefined;
  // A focused neighbourhood starts fitted; leaving it puts the view back where the user had it.
  adjusted = restore?.adjusted ?? false;
  if (restore?.viewport) viewport = restore.viewport;
  saveState();
  void relayout(adjusted ? { kind: 'keep' } : { kind: 'fit' });
}

function toggleCollapsed(id: string): void {
  if (collapsed.has(id)) collapsed.delete(id);
  else collapsed.add(id);
  saveState();
  void relayout({ kind: 'element', id, corner: 'top-left' });
}

// ---- Drawing -----------------------------------------------------------------------------------------------

function draw(): void {
  if (!shown || !layout) return;
  // renderSvg escapes every user string: the markup holds no text from the model that is not escaped.
  canvas.innerHTML = renderSvg(shown, layout, { zoneLoss, highlight, sim });
  canvas.append(minimap.element);
  canvas.classList.toggle('fl-is-empty', shown.nodes.length === 0);
  if (shown.nodes.length === 0) {
    const note = el('div', 'fl-empty');
    note.textContent = 'No elements to draw yet.';
    canvas.append(note);
  }
  markSelected();
  if (viewport && adjusted) applyViewport();
  else fit();
  updateStatus();
  updateToolbar();
}

function svgViewport(): SVGGElement | null {
  return canvas.querySelector<SVGGElement>('g.fl-viewport');
}

function applyViewport(): void {
  const g = svgViewport();
  if (g && viewport) g.setAttribute('transform', `translate(${viewport.x},${viewport.y}) scale(${viewport.k})`);
  updateMinimap();
}

function updateMinimap(): void {
  if (!layout || !viewport || !shown || shown.nodes.length === 0) {
    minimap.hide();
    return;
  }
  const { width, height } = canvasSize();
  minimap.update(viewport, width, height, width === 0 || height === 0 || diagramFits(viewport, width, height, layout));
}

function setViewport(next: Viewport): void {
  viewport = next;
  applyViewport();
  saveState();
}

function saveState(): void {
  const next: WebviewState = { zoneLoss, adjusted, focus };
  if (collapsed.size > 0) next.collapsed = [...collapsed];
  if (shownDocument !== undefined) next.document = shownDocument;
  if (state.uri !== undefined) next.uri = state.uri;
  if (viewport) next.viewport = viewport;
  vscode.setState(next);
}

function fit(): void {
  if (!layout) return;
  const { width, height } = canvasSize();
  const next = fitViewport(width, height, layout);
  if (next) setViewport(next);
}

function zoomAt(factor: number, cx?: number, cy?: number): void {
  if (!viewport) return;
  adjusted = true;
  const rect = canvasSize();
  const px = cx ?? rect.width / 2;
  const py = cy ?? rect.height / 2;
  const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, viewport.k * factor));
  const ratio = k / viewport.k;
  setViewport({ k, x: px - (px - viewport.x) * ratio, y: py - (py - viewport.y) * ratio });
}

function markSelected(): void {
  for (const node of canvas.querySelectorAll<SVGGElement>('g.fl-node')) node.classList.toggle('fl-selected', selected !== null && node.dataset.name === selected);
}

function applyHighlight(): void {
  for (const node of canvas.querySelectorAll<SVGGElement>('g.fl-node')) {
    node.classList.toggle('fl-highlight', highlight !== null && node.dataset.name === highlight);
  }
  // An element folded into a collapsed region or zone: the box it is folded into stands for it.
  const standIn = highlight === null || !diagram || collapsed.size === 0 ? undefined : collapsedStandIns(diagram, collapsed).get(`n:${highlight}`);
  for (const box of canvas.querySelectorAll<SVGGElement>('g.fl-container.fl-collapsed')) box.classList.toggle('fl-highlight', box.dataset.id === standIn);
  const target = highlight === null ? undefined : (layout?.nodes.find((n) => n.id === `n:${highlight}`) ?? layout?.containers.find((c) => c.id === standIn));
  if (!target || !viewport) return;
  // Bring the highlighted element into view when it is off screen; leave the viewport alone otherwise.
  const rect = canvasSize();
  const left = viewport.x + target.box.x * viewport.k;
  const top = viewport.y + target.box.y * viewport.k;
  const right = left + target.box.width * viewport.k;
  const bottom = top + target.box.height * viewport.k;
  if (left >= 0 && top >= 0 && right <= rect.width && bottom <= rect.height) return;
  const cx = target.box.x + target.box.width / 2;
  const cy = target.box.y + target.box.height / 2;
  setViewport({ k: viewport.k, x: rect.width / 2 - cx * viewport.k, y: rect.height / 2 - cy * viewport.k });
}

function updateStatus(): void {
  if (!diagram || !shown) return;
  const line = statusLine(diagram, shown, { zoneLoss, focus, sim });
  app.classList.toggle('fl-zone-loss-active', line.alert);
  app.classList.toggle('fl-focus-active', focus !== null);
  status.textContent = line.text;
  status.title = line.title;
}

function updateToolbar(): void {
  const target = selected ?? highlight;
  focusButton.disabled = target === null || !diagram?.nodes.some((n) => n.name === target) || target === focus;
  showAllButton.hidden = focus === null;
}

// ---- Pointer and keys: pan, click, wheel zoom, collapse, focus ---------------------------------------------

attachPointer(canvas, {
  viewport: () => viewport,
  pan: (next) => {
    adjusted = true;
    setViewport(next);
  },
  zoomAt,
  activate,
});

/** A click (or Enter) on the diagram: a container's header toggles it; a node is selected and revealed (Alt: focused). */
function activate(target: EventTarget | null, alt: boolean): void {
  const element = target instanceof Element ? target : null;
  const toggle = element?.closest<SVGGElement>('g.fl-container-toggle')?.dataset.toggle;
  if (toggle !== undefined) {
    toggleCollapsed(toggle);
    return;
  }
  const name = element?.closest<SVGGElement>('g.fl-node')?.dataset.name;
  if (name === undefined) return;
  selected = name;
  markSelected();
  updateToolbar();
  if (alt) setFocus(name);
  else post({ type: 'reveal', name });
}

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && focus !== null) {
    setFocus(null);
    event.preventDefault();
  }
});

// The panel is often sized after the first draw (opened beside the editor, then laid out): follow it until
// the user takes the viewport over, and lay out again once a resize has settled on another shape.
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  if (!adjusted) fit();
  else updateMinimap();
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(reconsiderDirection, RELAYOUT_DEBOUNCE_MS);
}).observe(canvas);

// ---- Export ------------------------------------------------------------------------------------------------

async function exportAs(format: ExportFormat): Promise<void> {
  if (!shown || !layout) {
    post({ type: 'error', message: 'Nothing to export yet: the diagram has not been drawn.' });
    return;
  }
  try {
    // What the panel shows (focus, collapsed containers, the simulated instant), at full size.
    const svg = renderSvg(shown, layout, { standalone: true, zoneLoss, sim, stylesheet: defaultStylesheet(currentColors()) });
    if (format === 'svg') {
      post({ type: 'exported', format, data: svg });
      return;
    }
    post({ type: 'exported', format, data: await svgToPng(svg, layout.width, layout.height) });
  } catch (error) {
    post({ type: 'error', message: `export failed: ${String(error)}`.slice(0, 4000) });
  }
}

window.addEventListener('error', (event) => {
  post({ type: 'error', message: String(event.message).slice(0, 4000) });
});

saveState();
post({ type: 'ready' });
