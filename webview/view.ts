import { MIN_FIT_ZOOM, type Box, type DiagramLayout, type LayoutDirection } from '../diagram/layout';
import type { DiagramContainer, DiagramModel } from '../diagram/model';
import type { Viewport } from '../diagram/protocol';

/*
 * The webview's view arithmetic, kept free of the DOM so the unit tests run it in Node: which way to lay out for
 * the panel's shape, how to fit, whether the diagram fits, where to anchor the view across a re-layout, and the
 * focus mode's subset of the diagram.
 */

/** A fit never blows a small diagram up past this. */
export const MAX_FIT_ZOOM = 1.5;
/** The share of the panel a fitted diagram fills (a margin all round). */
const FIT_MARGIN = 0.96;
/**
 * The panel must be this much taller than wide to switch to top-down, and this much wider than tall to switch back:
 * a panel near square does not flip its layout at every pixel of a resize.
 */
const DIRECTION_HYSTERESIS = 1.1;
/** The layout's own padding round the drawing (elk.padding at the root, diagram/layout.ts). */
const LAYOUT_PADDING = 16;

/** Top-down in a tall panel, left to right in a wide one; near square, the current direction stays. */
export function chooseDirection(width: number, height: number, current?: LayoutDirection): LayoutDirection {
  if (!(width > 0 && height > 0)) return current ?? 'RIGHT';
  const aspect = height / width;
  if (aspect >= DIRECTION_HYSTERESIS) return 'DOWN';
  if (aspect <= 1 / DIRECTION_HYSTERESIS) return 'RIGHT';
  return current ?? (aspect > 1 ? 'DOWN' : 'RIGHT');
}

/** The zoom at which the whole layout would fit the panel (margin included), whatever its readability. */
export function wholeZoom(width: number, height: number, layout: Pick<DiagramLayout, 'width' | 'height'>): number {
  if (!(width > 0 && height > 0 && layout.width > 0 && layout.height > 0)) return 0;
  return Math.min(width / layout.width, height / layout.height) * FIT_MARGIN;
}

/** Designs up to this many elements are also laid out the other way when the panel's way cannot show them whole. */
export const ALTERNATIVE_LAYOUT_NODES_MAX = 150;
/** The other direction must show the whole design this much larger to be preferred over the panel's shape. */
const ALTERNATIVE_GAIN = 1.25;

/**
 * Whether to draw the other direction's layout instead of the panel's: only when the panel's cannot be shown whole
 * at a readable zoom and the other one shows the whole design clearly larger (a very wide chain in a wide panel
 * reads better top-down, and vice versa).
 */
export function prefersAlternative(width: number, height: number, preferred: Pick<DiagramLayout, 'width' | 'height'>, other: Pick<DiagramLayout, 'width' | 'height'>): boolean {
  const mine = wholeZoom(width, height, preferred);
  return mine > 0 && mine < MIN_FIT_ZOOM && wholeZoom(width, height, other) >= mine * ALTERNATIVE_GAIN;
}

/**
 * The fitted viewport: the whole diagram when it fits at a readable zoom (centred), otherwise the readable zoom
 * (MIN_FIT_ZOOM, diagram/layout.ts) with the top left of the drawing in view: centred across when its width fits,
 * at the top (where the overview map in the bottom corner covers the least) whenever something is out of view.
 */
export function fitViewport(width: number, height: number, layout: Pick<DiagramLayout, 'width' | 'height'>): Viewport | undefined {
  const whole = wholeZoom(width, height, layout);
  if (whole === 0) return undefined;
  const k = Math.max(MIN_FIT_ZOOM, Math.min(MAX_FIT_ZOOM, whole));
  const widthFits = layout.width * k <= width;
  const heightFits = layout.height * k <= height;
  return { k, x: widthFits ? (width - layout.width * k) / 2 : 0, y: widthFits && heightFits ? (height - layout.height * k) / 2 : 0 };
}

/** Whether everything drawn is inside a panel of this size at this viewport (the layout's padding may spill). */
export function diagramFits(viewport: Viewport, width: number, height: number, layout: Pick<DiagramLayout, 'width' | 'height'>): boolean {
  const pad = LAYOUT_PADDING * viewport.k;
  const tolerance = 1;
  const left = viewport.x + pad;
  const top = viewport.y + pad;
  const right = viewport.x + (layout.width * viewport.k - pad);
  const bottom = viewport.y + (layout.height * viewport.k - pad);
  return left >= -tolerance && top >= -tolerance && right <= width + tolerance && bottom <= height + tolerance;
}

/** The box of an element or container of a layout, by id. */
export function boxOf(layout: DiagramLayout, id: string): Box | undefined {
  return layout.nodes.find((n) => n.id === id)?.box ?? layout.containers.find((c) => c.id === id)?.box;
}

/** The node whose centre is nearest the middle of the panel: what a re-layout keeps in place. */
export function nodeAtCentre(layout: DiagramLayout, viewport: Viewport, width: number, height: number): string | undefined {
  const cx = (width / 2 - viewport.x) / viewport.k;
  const cy = (height / 2 - viewport.y) / viewport.k;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const n of layout.nodes) {
    const d = Math.hypot(n.box.x + n.box.width / 2 - cx, n.box.y + n.box.height / 2 - cy);
    if (d < bestDistance) {
      bestDistance = d;
      best = n.id;
    }
  }
  return best;
}

/**
 * The viewport after a re-layout that keeps the user's zoom and puts `after` (the anchor's new box) where `before`
 * (its old box) was on screen: the element the user was looking at stays under their eyes.
 */
export function anchoredViewport(viewport: Viewport, before: Box, after: Box, corner: 'centre' | 'top-left'): Viewport {
  const k = viewport.k;
  if (corner === 'top-left') return { k, x: viewport.x + (before.x - after.x) * k, y: viewport.y + (before.y - after.y) * k };
  const dx = before.x + before.width / 2 - (after.x + after.width / 2);
  const dy = before.y + before.height / 2 - (after.y + after.height / 2);
  return { k, x: viewport.x + dx * k, y: viewport.y + dy * k };
}

/** Parents are at most this deep (region → zone); the walk up stops there whatever the data says. */
const MAX_NESTING = 8;

/**
 * Focus mode: the element named `name`, the elements it has a relation with (either way) and those relations,
 * inside the containers that hold them (a region's element-free zones stay, as header chips). Undefined when the
 * diagram has no such element.
 */
export function focusDiagram(diagram: DiagramModel, name: string): DiagramModel | undefined {
  if (!diagram.nodes.some((n) => n.name === name)) return undefined;
  const edges = diagram.edges.filter((e) => e.from === name || e.to === name);
  const names = new Set([name, ...edges.flatMap((e) => [e.from, e.to])]);
  const nodes = diagram.nodes.filter((n) => names.has(n.name));
  const byId = new Map(diagram.containers.map((c) => [c.id, c] as const));
  const keep = new Set<string>();
  for (const n of nodes) {
    for (let id = n.parent, depth = 0; id !== undefined && depth < MAX_NESTING; id = byId.get(id)?.parent, depth++) keep.add(id);
  }
  const occupied = new Set(diagram.nodes.flatMap((n) => (n.parent !== undefined ? [n.parent] : [])));
  const chip = (c: DiagramContainer) => c.kind === 'zone' && !occupied.has(c.id) && c.parent !== undefined && keep.has(c.parent);
  const containers = diagram.containers.filter((c) => keep.has(c.id) || chip(c));
  return { ...diagram, containers, nodes, edges };
}

/** `collapsed` without the containers that hold the element `name` (so that it stays drawn). */
export function withoutContainersOf(diagram: DiagramModel, name: string, collapsed: Iterable<string>): string[] {
  const byId = new Map(diagram.containers.map((c) => [c.id, c] as const));
  const holders = new Set<string>();
  const node = diagram.nodes.find((n) => n.name === name);
  for (let id = node?.parent, depth = 0; id !== undefined && depth < MAX_NESTING; id = byId.get(id)?.parent, depth++) holders.add(id);
  return [...collapsed].filter((id) => !holders.has(id));
}
