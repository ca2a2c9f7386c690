import './zod-config';
import { layoutDiagram, type DiagramLayout } from '../diagram/layout';
import type { DiagramModel } from '../diagram/model';
import { parseHostMessage, WebviewStateSchema, type ExportFormat, type HostMessage, type Viewport, type WebviewMessage, type WebviewState } from '../diagram/protocol';
import { DEFAULT_COLORS, defaultStylesheet, renderSvg, type StylesheetColors } from '../diagram/render-svg';

/*
 * The diagram webview. It receives the diagram model from the extension host, lays it out with elkjs (here, in
 * the webview, so the host stays responsive), draws it with the same renderer the CLI uses, and handles
 * pan (drag), zoom (wheel), fit, click-to-reveal, highlight, zone-loss view and export.
 *
 * Safety: every arriving message is validated (diagram/protocol.ts) and dropped if invalid; the SVG string escapes every
 * user string; the only other text that reaches the DOM goes through `textContent`.
 */

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

const MIN_ZOOM = 0.1;
const MAX_ZOOM = 4;
/** A pointer that moves less than this between down and up is a click, not a drag. */
const CLICK_SLOP_PX = 4;

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

const restored = WebviewStateSchema.safeParse(vscode.getState() ?? {});
const state: WebviewState = restored.success ? restored.data : {};
const uri = document.body.dataset.uri;
if (uri !== undefined) state.uri = uri;

let diagram: DiagramModel | undefined;
let layout: DiagramLayout | undefined;
let viewport: Viewport | undefined = state.viewport;
/** Whether the user panned or zoomed; until then every redraw and resize fits the diagram to the panel. */
let adjusted = state.adjusted ?? false;
let shownDocument: string | undefined = state.document;
let zoneLoss: string | null = state.zoneLoss ?? null;
let highlight: string | null = null;
/** Bumped for each model so a slow layout of an old model never overwrites a newer one. */
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
const status = el('div', 'fl-status');
status.setAttribute('role', 'status');
toolbar.append(fitButton, zoomOut, zoomIn, status);
const canvas = el('div', 'fl-canvas');
canvas.tabIndex = -1;
const empty = el('div', 'fl-empty');
empty.textContent = 'Waiting for the diagram…';
canvas.append(empty);
app.append(toolbar, canvas);

function el(tag: string, className: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}

function button(label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'fl-button';
  b.textContent = label;
  b.title = title;
  b.setAttribute('aria-label', title);
  b.addEventListener('click', onClick);
  return b;
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
        // Another document in the same panel: its viewport starts fitted, not where the last one was left.
        shownDocument = message.document;
        adjusted = false;
      }
      await showModel(message.diagram);
      break;
    case 'highlight':
      highlight = message.name;
      applyHighlight();
      break;
    case 'zoneLoss':
      zoneLoss = message.zone;
      saveState();
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
  layout = undefined;
  const note = el('div', 'fl-empty');
  note.textContent = text; // text, never markup
  canvas.replaceChildren(note);
}

async function showModel(next: DiagramModel): Promise<void> {
  const mine = ++generation;
  try {
    const laid = await layoutDiagram(next);
    if (mine !== generation) return;
    diagram = next;
    layout = laid;
    if (zoneLoss !== null && !next.zones.includes(zoneLoss)) zoneLoss = null;
    draw();
  } catch (error) {
    post({ type: 'error', message: `layout failed: ${String(error)}`.slice(0, 4000) });
  }
}

// ---- Drawing -----------------------------------------------------------------------------------------------

function draw(): void {
  if (!diagram || !layout) return;
  // renderSvg escapes every user string: the markup holds no text from the model that is not escaped.
  canvas.innerHTML = renderSvg(diagram, layout, { zoneLoss, highlight });
  canvas.classList.toggle('fl-is-empty', diagram.nodes.length === 0);
  if (diagram.nodes.length === 0) {
    const note = el('div', 'fl-empty');
    note.textContent = 'No elements to draw yet.';
    canvas.append(note);
  }
  if (viewport && adjusted) applyViewport();
  else fit();
  updateStatus();
}

function svgViewport(): SVGGElement | null {
  return canvas.querySelector<SVGGElement>('g.fl-viewport');
}

function applyViewport(): void {
  const g = svgViewport();
  if (g && viewport) g.setAttribute('transform', `translate(${viewport.x},${viewport.y}) scale(${viewport.k})`);
}

function setViewport(next: Viewport): void {
  viewport = next;
  applyViewport();
  saveState();
}

function saveState(): void {
  const next: WebviewState = { zoneLoss, adjusted };
  if (shownDocument !== undefined) next.document = shownDocument;
  if (state.uri !== undefined) next.uri = state.uri;
  if (viewport) next.viewport = viewport;
  vscode.setState(next);
}

function fit(): void {
  if (!layout) return;
  const { width, height } = canvas.getBoundingClientRect();
  if (width === 0 || height === 0 || layout.width === 0 || layout.height === 0) return;
  // Never blow a small diagram up past 1.5×; never shrink a huge one below MIN_ZOOM.
  const k = Math.max(MIN_ZOOM, Math.min(1.5, Math.min(width / layout.width, height / layout.height) * 0.96));
  setViewport({ k, x: (width - layout.width * k) / 2, y: (height - layout.height * k) / 2 });
}

function zoomAt(factor: number, cx?: number, cy?: number): void {
  if (!viewport) return;
  adjusted = true;
  const rect = canvas.getBoundingClientRect();
  const px = cx ?? rect.width / 2;
  const py = cy ?? rect.height / 2;
  const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, viewport.k * factor));
  const ratio = k / viewport.k;
  setViewport({ k, x: px - (px - viewport.x) * ratio, y: py - (py - viewport.y) * ratio });
}

function applyHighlight(): void {
  for (const node of canvas.querySelectorAll<SVGGElement>('g.fl-node')) {
    node.classList.toggle('fl-highlight', highlight !== null && node.dataset.name === highlight);
  }
  const target = highlight === null ? undefined : layout?.nodes.find((n) => n.id === `n:${highlight}`);
  if (!target || !viewport) return;
  // Bring the highlighted element into view when it is off screen; leave the viewport alone otherwise.
  const rect = canvas.getBoundingClientRect();
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
  if (!diagram) return;
  const view = zoneLoss === null ? undefined : diagram.zoneLoss.find((z) => z.zone === zoneLoss);
  app.classList.toggle('fl-zone-loss-active', view !== undefined);
  if (!view) {
    status.textContent = `${diagram.nodes.length} elements · ${diagram.edges.length} relations`;
    return;
  }
  const down = view.down.map((d) => d.name).join(', ') || 'nothing';
  const entries = view.affectedEntryPoints.map((a) => a.entry).join(', ') || 'none';
  const overloaded = view.overloaded?.length ? `; over capacity: ${view.overloaded.map((o) => o.name).join(', ')}` : '';
  status.textContent = `If zone ${view.zone} fails — down: ${down}; entry points affected: ${entries}${overloaded}`;
  status.title = [
    ...view.down.map((d) => `${d.name}: ${d.reason}`),
    ...(view.overloaded ?? []).map((o) => `${o.name}: ${Math.round(o.capacity)} req/s left, below its peak load of ${Math.round(o.load)} req/s`),
  ].join('\n');
}

// ---- Pointer: pan, click, wheel zoom -----------------------------------------------------------------------

let drag: { id: number; startX: number; startY: number; origin: Viewport; moved: boolean } | undefined;

canvas.addEventListener('pointerdown', (event) => {
  if (event.button !== 0 || !viewport) return;
  drag = { id: event.pointerId, startX: event.clientX, startY: event.clientY, origin: viewport, moved: false };
});

canvas.addEventListener('pointermove', (event) => {
  if (!drag || event.pointerId !== drag.id) return;
  const dx = event.clientX - drag.startX;
  const dy = event.clientY - drag.startY;
  if (!drag.moved && Math.hypot(dx, dy) < CLICK_SLOP_PX) return;
  if (!drag.moved) {
    drag.moved = true;
    canvas.setPointerCapture(event.pointerId);
    canvas.classList.add('fl-panning');
  }
  adjusted = true;
  setViewport({ k: drag.origin.k, x: drag.origin.x + dx, y: drag.origin.y + dy });
});

function endDrag(event: PointerEvent): void {
  if (!drag || event.pointerId !== drag.id) return;
  const wasDrag = drag.moved;
  drag = undefined;
  canvas.classList.remove('fl-panning');
  if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
  if (!wasDrag && event.type === 'pointerup') revealAt(event.target);
}
canvas.addEventListener('pointerup', endDrag);
canvas.addEventListener('pointercancel', endDrag);

function revealAt(target: EventTarget | null): void {
  const node = target instanceof Element ? target.closest<SVGGElement>('g.fl-node') : null;
  const name = node?.dataset.name;
  if (name !== undefined) post({ type: 'reveal', name });
}

canvas.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' || event.key === ' ') {
    revealAt(event.target);
    event.preventDefault();
  }
});

canvas.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    const rect = canvas.getBoundingClientRect();
    const scale = event.deltaMode === 1 ? 16 : 1;
    zoomAt(Math.exp(-event.deltaY * scale * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
  },
  { passive: false },
);

// The panel is often sized after the first draw (opened beside the editor, then laid out): follow it until
// the user takes the viewport over.
new ResizeObserver(() => {
  if (!adjusted) fit();
}).observe(canvas);

// ---- Export ------------------------------------------------------------------------------------------------

/** The stylesheet of an exported file: the default classes with the colours the panel shows right now. */
const THEME_VARIABLES: Partial<Record<keyof typeof DEFAULT_COLORS, string>> = {
  font: '--vscode-font-family',
  background: '--vscode-editor-background',
  foreground: '--vscode-editor-foreground',
  muted: '--vscode-descriptionForeground',
  containerFill: '--vscode-editorWidget-background',
  containerStroke: '--vscode-widget-border',
  zoneFill: '--vscode-editor-background',
  nodeFill: '--vscode-editor-background',
  nodeStroke: '--vscode-editorWidget-border',
  accent: '--vscode-charts-blue',
  store: '--vscode-charts-purple',
  queue: '--vscode-charts-yellow',
  cluster: '--vscode-charts-green',
  flow: '--vscode-charts-orange',
  edge: '--vscode-descriptionForeground',
  error: '--vscode-editorError-foreground',
  warning: '--vscode-editorWarning-foreground',
  info: '--vscode-editorInfo-foreground',
  focus: '--vscode-focusBorder',
};

/** Colour values may only be plain CSS tokens: anything with markup or rule-breaking characters is ignored. */
const SAFE_CSS_VALUE = /^[#\w\s.,%()'"-]{1,200}$/;

function currentColors(): StylesheetColors {
  const style = getComputedStyle(document.body);
  const colors: StylesheetColors = {};
  for (const [key, variable] of Object.entries(THEME_VARIABLES) as [keyof typeof DEFAULT_COLORS, string][]) {
    const value = style.getPropertyValue(variable).trim();
    if (value && SAFE_CSS_VALUE.test(value)) colors[key] = value;
  }
  return colors;
}

async function exportAs(format: ExportFormat): Promise<void> {
  if (!diagram || !layout) {
    post({ type: 'error', message: 'Nothing to export yet: the diagram has not been drawn.' });
    return;
  }
  try {
    const svg = renderSvg(diagram, layout, { standalone: true, zoneLoss, stylesheet: defaultStylesheet(currentColors()) });
    if (format === 'svg') {
      post({ type: 'exported', format, data: svg });
      return;
    }
    post({ type: 'exported', format, data: await svgToPng(svg, layout.width, layout.height) });
  } catch (error) {
    post({ type: 'error', message: `export failed: ${String(error)}`.slice(0, 4000) });
  }
}

/** Draws the standalone SVG on a canvas at 2× and returns a PNG data URL. */
function svgToPng(svg: string, width: number, height: number): Promise<string> {
  const scale = 2;
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => {
      const c = document.createElement('canvas');
      c.width = Math.ceil(width * scale);
      c.height = Math.ceil(height * scale);
      const ctx = c.getContext('2d');
      if (!ctx) {
        reject(new Error('no 2d canvas'));
        return;
      }
      ctx.scale(scale, scale);
      ctx.drawImage(image, 0, 0, width, height);
      resolve(c.toDataURL('image/png'));
    };
    image.onerror = () => reject(new Error('the SVG could not be drawn'));
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  });
}

window.addEventListener('error', (event) => {
  post({ type: 'error', message: String(event.message).slice(0, 4000) });
});

saveState();
post({ type: 'ready' });
