import type { DiagramLayout } from '../diagram/layout';
import type { Viewport } from '../diagram/protocol';

/*
 * The overview map: a small scaled copy of the laid-out diagram (boxes only, no text) in the panel's corner, with a
 * rectangle for what the panel shows. Clicking or dragging in it moves the view there. It is shown only while the
 * diagram does not fit in the panel. It draws from coordinates alone: no user string ever reaches it.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The map's largest size in CSS px; it keeps the diagram's aspect within that. */
const MAP_WIDTH_MAX = 200;
const MAP_HEIGHT_MAX = 150;
/** The map's share of the panel's width and height, and the size below which it would be too small to aim at. */
const MAP_SHARE = 0.25;
const MAP_MIN = 64;
/** At most this many boxes are drawn in the map (the diagram is capped far below; this keeps the map cheap anyway). */
const MAP_BOXES_MAX = 3000;

export class Minimap {
  readonly element: HTMLDivElement;
  private readonly svg: SVGSVGElement;
  private readonly content: SVGGElement;
  private readonly frame: SVGRectElement;
  private scale = 1;
  private layoutSize = { width: 1, height: 1 };
  private dragging: number | undefined;

  /** `moveTo(x, y)` centres the view on the diagram point (x, y). */
  constructor(private readonly moveTo: (x: number, y: number) => void) {
    this.element = document.createElement('div');
    this.element.className = 'fl-minimap';
    this.element.hidden = true;
    this.element.setAttribute('role', 'navigation');
    this.element.setAttribute('aria-label', 'Overview: click or drag to move the view');
    this.element.title = 'Overview: click or drag to move the view';
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.content = document.createElementNS(SVG_NS, 'g');
    this.frame = document.createElementNS(SVG_NS, 'rect');
    this.frame.setAttribute('class', 'fl-minimap-frame');
    this.svg.append(this.content, this.frame);
    this.element.append(this.svg);
    this.element.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      // The map is inside the canvas: its pointer must not also start a pan of the canvas.
      event.stopPropagation();
      event.preventDefault();
      this.dragging = event.pointerId;
      this.element.setPointerCapture(event.pointerId);
      this.follow(event);
    });
    this.element.addEventListener('pointermove', (event) => {
      if (this.dragging === event.pointerId) this.follow(event);
    });
    const end = (event: PointerEvent) => {
      if (this.dragging !== event.pointerId) return;
      this.dragging = undefined;
      if (this.element.hasPointerCapture(event.pointerId)) this.element.releasePointerCapture(event.pointerId);
    };
    this.element.addEventListener('pointerup', end);
    this.element.addEventListener('pointercancel', end);
  }

  /** Redraws the map's boxes for a new layout. */
  setLayout(layout: DiagramLayout): void {
    this.layoutSize = { width: Math.max(1, layout.width), height: Math.max(1, layout.height) };
    this.resize(MAP_WIDTH_MAX, MAP_HEIGHT_MAX);
    this.svg.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height}`);
    const boxes: SVGRectElement[] = [];
    const add = (className: string, box: { x: number; y: number; width: number; height: number }) => {
      if (boxes.length >= MAP_BOXES_MAX) return;
      const r = document.createElementNS(SVG_NS, 'rect');
      r.setAttribute('class', className);
      r.setAttribute('x', String(box.x));
      r.setAttribute('y', String(box.y));
      r.setAttribute('width', String(box.width));
      r.setAttribute('height', String(box.height));
      boxes.push(r);
    };
    for (const c of layout.containers) if (!c.chip) add('fl-minimap-container', c.box);
    for (const n of layout.nodes) add('fl-minimap-node', n.box);
    this.content.replaceChildren(...boxes);
  }

  /** Shows the map while the diagram does not fit, with the panel's rectangle at `viewport`. */
  update(viewport: Viewport, panelWidth: number, panelHeight: number, fits: boolean): void {
    this.element.hidden = fits;
    if (fits) return;
    // A map the size of a narrow panel hides what it maps: at most ~a quarter of the panel each way.
    this.resize(Math.min(MAP_WIDTH_MAX, Math.max(MAP_MIN, panelWidth * MAP_SHARE)), Math.min(MAP_HEIGHT_MAX, Math.max(MAP_MIN, panelHeight * MAP_SHARE)));
    this.frame.setAttribute('x', String(-viewport.x / viewport.k));
    this.frame.setAttribute('y', String(-viewport.y / viewport.k));
    this.frame.setAttribute('width', String(panelWidth / viewport.k));
    this.frame.setAttribute('height', String(panelHeight / viewport.k));
  }

  private resize(maxWidth: number, maxHeight: number): void {
    this.scale = Math.min(maxWidth / this.layoutSize.width, maxHeight / this.layoutSize.height);
    this.svg.setAttribute('width', String(Math.max(1, Math.round(this.layoutSize.width * this.scale))));
    this.svg.setAttribute('height', String(Math.max(1, Math.round(this.layoutSize.height * this.scale))));
  }

  hide(): void {
    this.element.hidden = true;
  }

  private follow(event: PointerEvent): void {
    const rect = this.svg.getBoundingClientRect();
    this.moveTo((event.clientX - rect.left) / this.scale, (event.clientY - rect.top) / this.scale);
  }
}
