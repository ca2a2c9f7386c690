import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import { nodeId, type DiagramContainer, type DiagramModel, type DiagramNode } from './model';

/*
 * Layout with elkjs' layered algorithm, hierarchical: regions and zones are compound nodes, elements their
 * children, every edge declared at the root (INCLUDE_CHILDREN routes across containers). Coordinates come back
 * absolute (`elk.json.*Coords: ROOT`), so the renderer needs no parent arithmetic.
 *
 * Node sizes are computed here from the text they show (an estimate of glyph widths: the same numbers in Node,
 * where nothing can measure text, and in the browser, so the CLI's SVG and the webview's agree).
 * Pure and deterministic: the same diagram gives the same layout.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface LaidOutEdge {
  id: string;
  points: Point[];
  label?: Box;
}

export interface DiagramLayout {
  width: number;
  height: number;
  /** `chip`: an empty zone drawn in its region's header. */
  containers: { id: string; box: Box; chip?: boolean }[];
  nodes: { id: string; box: Box }[];
  edges: LaidOutEdge[];
}

/* Type metrics shared with the renderer. */
export const FONT = {
  kind: 10,
  name: 13,
  title: 11,
  detail: 10,
  edgeLabel: 10,
  container: 12,
} as const;

export const NODE_PADDING = 10;
export const NODE_MIN_WIDTH = 130;
/** Longest title / detail shown in full; longer ones are cut with an ellipsis (the tooltip keeps all of it). */
export const MAX_LINE_CHARS = 44;
export const REPLICA_SIZE = 8;
export const REPLICA_GAP = 3;
export const ZONE_GAP = 7;
const CONTAINER_PADDING = { top: 30, left: 14, bottom: 14, right: 14 };
const EDGE_LABEL_HEIGHT = 14;

/** Approximate advance width of a string in a sans-serif face: good enough to size boxes the same everywhere. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if ('iljtf.,:;\'|!I()[] '.includes(ch)) em += 0.3;
    else if ('mwMW@%'.includes(ch)) em += 0.88;
    else if (ch >= 'A' && ch <= 'Z') em += 0.66;
    else if (ch >= '0' && ch <= '9') em += 0.56;
    else if (ch.charCodeAt(0) > 0x2e80) em += 1;
    else em += 0.55;
  }
  return Math.ceil(em * fontSize * (bold ? 1.08 : 1));
}

export function truncate(text: string, max = MAX_LINE_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The lines a node shows, top to bottom, with their baselines relative to the node's top. */
export interface NodeLine {
  role: 'kind' | 'name' | 'title' | 'detail' | 'replicas';
  text: string;
  baseline: number;
  fontSize: number;
}

export interface NodeGeometry {
  width: number;
  height: number;
  lines: NodeLine[];
  /** Width of the badge row in the top right corner. */
  badgesWidth: number;
}

export function kindLabel(node: DiagramNode): string {
  return node.entry && node.kind !== 'gateway' ? `${node.kind} · entry` : node.kind;
}

export function replicasWidth(node: DiagramNode): number {
  if (node.placement.length === 0) return 0;
  const squares = node.placement.reduce((n, m) => n + m.count, 0);
  return squares * (REPLICA_SIZE + REPLICA_GAP) + (node.placement.length - 1) * ZONE_GAP + textWidth(`×${node.replicas ?? squares}`, FONT.detail) + 4;
}

export function badgeList(node: { badges: { error: number; warning: number; info: number } }): { severity: 'error' | 'warning' | 'info'; count: number }[] {
  return (['error', 'warning', 'info'] as const).filter((s) => node.badges[s] > 0).map((s) => ({ severity: s, count: node.badges[s] }));
}

export function badgeWidth(count: number): number {
  return Math.max(16, textWidth(String(count), 10) + 10);
}

export function nodeGeometry(node: DiagramNode): NodeGeometry {
  const lines: NodeLine[] = [];
  let y = NODE_PADDING;
  const push = (role: NodeLine['role'], text: string, fontSize: number, lineHeight: number) => {
    y += lineHeight;
    lines.push({ role, text, fontSize, baseline: y - Math.round(lineHeight - fontSize) / 2 - 1 });
  };
  push('kind', kindLabel(node), FONT.kind, 13);
  push('name', node.name, FONT.name, 18);
  if (node.title) push('title', truncate(node.title), FONT.title, 15);
  if (node.detail) push('detail', truncate(node.detail), FONT.detail, 14);
  if (node.placement.length > 0) push('replicas', '', FONT.detail, 15);
  const badgesWidth = badgeList(node).reduce((w, b) => w + badgeWidth(b.count) + 3, 0);
  let width = NODE_MIN_WIDTH;
  for (const line of lines) {
    const w =
      line.role === 'replicas'
        ? replicasWidth(node)
        : textWidth(line.text, line.fontSize, line.role === 'name') + (line.role === 'kind' ? badgesWidth + 6 : 0);
    width = Math.max(width, w + 2 * NODE_PADDING);
  }
  return { width, height: y + NODE_PADDING - 2, lines, badgesWidth };
}

export function containerLabel(c: DiagramContainer): string {
  return c.kind === 'region' ? `region ${c.name}${c.title ? ` — ${truncate(c.title)}` : ''}` : `zone ${c.name}`;
}

function containerLabelWidth(c: DiagramContainer): number {
  return textWidth(containerLabel(c), FONT.container, true) + 2 * CONTAINER_PADDING.left + badgeList(c).reduce((w, b) => w + badgeWidth(b.count) + 3, 0);
}

/*
 * A zone with no element of its own (everything in it spans several zones) is drawn as a chip in its region's
 * header instead of an empty box: the layout stays compact and the zone stays visible (and clickable in the
 * zone-loss view).
 */
export const CHIP_HEIGHT = 17;
const CHIP_GAP = 5;

export function chipWidth(zone: string): number {
  return textWidth(zone, FONT.detail) + 14;
}

/** Empty zones of each region, drawn as header chips. */
function chipZones(diagram: DiagramModel): Map<string, DiagramContainer[]> {
  const occupied = new Set(diagram.nodes.flatMap((n) => (n.parent !== undefined ? [n.parent] : [])));
  const regions = new Set(diagram.containers.filter((c) => c.kind === 'region').map((c) => c.id));
  const chips = new Map<string, DiagramContainer[]>();
  for (const c of diagram.containers) {
    if (c.kind !== 'zone' || occupied.has(c.id) || c.parent === undefined || !regions.has(c.parent)) continue;
    const list = chips.get(c.parent) ?? [];
    list.push(c);
    chips.set(c.parent, list);
  }
  return chips;
}

function chipsWidth(chips: DiagramContainer[] | undefined): number {
  return (chips ?? []).reduce((w, c) => w + chipWidth(c.name) + CHIP_GAP, 0);
}

export function edgeLabelSize(label: string): { width: number; height: number } {
  return { width: textWidth(label, FONT.edgeLabel) + 8, height: EDGE_LABEL_HEIGHT };
}

/** The ELK graph of a diagram (exported for tests). */
/**
 * Above these sizes the layout trades a little polish for time (measured in bench/diagram.bench.ts): the
 * faster Brandes–Köpf node placement with one pass of crossing minimisation, and edge labels placed by us at
 * each edge's longest segment instead of as label nodes inside ELK (which doubles the graph it lays out).
 */
export const FAST_LAYOUT_NODES = 60;
export const OWN_LABELS_EDGES = 120;

export function toElkGraph(diagram: DiagramModel): ElkNode {
  const fast = diagram.nodes.length > FAST_LAYOUT_NODES;
  const ownLabels = diagram.edges.length > OWN_LABELS_EDGES;
  const elkNodes = new Map<string, ElkNode>();
  const containerIds = new Set(diagram.containers.map((c) => c.id));
  const chips = chipZones(diagram);
  const chipIds = new Set([...chips.values()].flat().map((c) => c.id));
  const padding = `[top=${CONTAINER_PADDING.top},left=${CONTAINER_PADDING.left},bottom=${CONTAINER_PADDING.bottom},right=${CONTAINER_PADDING.right}]`;
  for (const c of diagram.containers) {
    if (chipIds.has(c.id)) continue;
    const minWidth = containerLabelWidth(c) + chipsWidth(chips.get(c.id));
    elkNodes.set(c.id, {
      id: c.id,
      children: [],
      layoutOptions: {
        'elk.padding': padding,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${minWidth}, 44)`,
      },
    });
  }
  for (const n of diagram.nodes) {
    const g = nodeGeometry(n);
    elkNodes.set(n.id, { id: n.id, width: g.width, height: g.height });
  }
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.randomSeed': '1',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeNode': '16',
      'elk.spacing.edgeEdge': '10',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.componentComponent': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.layered.spacing.edgeNodeBetweenLayers': '20',
      'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
      'elk.layered.nodePlacement.strategy': fast ? 'BRANDES_KOEPF' : 'NETWORK_SIMPLEX',
      ...(fast ? { 'elk.layered.thoroughness': '1' } : {}),
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children: [],
    edges: [],
  };
  const attach = (id: string, parent: string | undefined) => {
    const child = elkNodes.get(id)!;
    const holder = parent !== undefined && containerIds.has(parent) ? elkNodes.get(parent)! : root;
    holder.children!.push(child);
  };
  for (const c of diagram.containers) if (!chipIds.has(c.id)) attach(c.id, c.parent);
  for (const n of diagram.nodes) attach(n.id, n.parent);
  // A container without children is drawn at its minimum size: give it that size explicitly.
  for (const c of diagram.containers) {
    const elk = elkNodes.get(c.id);
    if (elk && elk.children!.length === 0) {
      delete elk.children;
      elk.width = containerLabelWidth(c) + chipsWidth(chips.get(c.id));
      elk.height = 44;
    }
  }
  const nodeIds = new Set(diagram.nodes.map((n) => n.id));
  for (const e of diagram.edges) {
    const from = nodeId(e.from);
    const to = nodeId(e.to);
    if (!nodeIds.has(from) || !nodeIds.has(to)) continue;
    const edge: ElkExtendedEdge = { id: e.id, sources: [from], targets: [to] };
    if (e.label && !ownLabels) edge.labels = [{ id: `${e.id}:label`, text: e.label, ...edgeLabelSize(e.label) }];
    root.edges!.push(edge);
  }
  return root;
}

type ElkInstance = InstanceType<typeof ELK>;
let elk: ElkInstance | undefined;

function round(n: number | undefined): number {
  return Math.round((n ?? 0) * 10) / 10;
}

/** Lays out a diagram: absolute boxes for containers and nodes, polylines for edges. */
export async function layoutDiagram(diagram: DiagramModel): Promise<DiagramLayout> {
  elk ??= new ELK();
  const out = await elk.layout(toElkGraph(diagram));
  const labels = new Map(diagram.edges.flatMap((e) => (e.label ? [[e.id, e.label] as const] : [])));
  const containerIds = new Set(diagram.containers.map((c) => c.id));
  const layout: DiagramLayout = { width: round(out.width), height: round(out.height), containers: [], nodes: [], edges: [] };
  const walk = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      const box = { x: round(child.x), y: round(child.y), width: round(child.width), height: round(child.height) };
      (containerIds.has(child.id) ? layout.containers : layout.nodes).push({ id: child.id, box });
      walk(child);
    }
  };
  walk(out);
  for (const [regionKey, zones] of chipZones(diagram)) {
    const region = layout.containers.find((c) => c.id === regionKey);
    const label = diagram.containers.find((c) => c.id === regionKey);
    if (!region || !label) continue;
    let x = region.box.x + 12 + textWidth(containerLabel(label), FONT.container, true) + 10;
    for (const zone of zones) {
      const width = chipWidth(zone.name);
      layout.containers.push({ id: zone.id, box: { x, y: region.box.y + 6, width, height: CHIP_HEIGHT }, chip: true });
      x += width + CHIP_GAP;
    }
  }
  for (const e of (out.edges ?? []) as ElkExtendedEdge[]) {
    const points: Point[] = [];
    for (const s of e.sections ?? []) {
      points.push({ x: round(s.startPoint.x), y: round(s.startPoint.y) });
      for (const b of s.bendPoints ?? []) points.push({ x: round(b.x), y: round(b.y) });
      points.push({ x: round(s.endPoint.x), y: round(s.endPoint.y) });
    }
    const laid: LaidOutEdge = { id: e.id, points };
    const label = e.labels?.[0];
    if (label) laid.label = { x: round(label.x), y: round(label.y), width: round(label.width), height: round(label.height) };
    else {
      const text = labels.get(e.id);
      if (text) laid.label = labelOnLongestSegment(points, edgeLabelSize(text));
    }
    layout.edges.push(laid);
  }
  return layout;
}

/** A label box centred on the longest segment of a polyline, just above it. */
function labelOnLongestSegment(points: Point[], size: { width: number; height: number }): Box | undefined {
  let best: [Point, Point] | undefined;
  let bestLength = -1;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const length = Math.abs(b.x - a.x) + Math.abs(b.y - a.y);
    if (length > bestLength) {
      bestLength = length;
      best = [a, b];
    }
  }
  if (!best) return undefined;
  const cx = (best[0].x + best[1].x) / 2;
  const cy = (best[0].y + best[1].y) / 2;
  return { x: round(cx - size.width / 2), y: round(cy - size.height - 2), width: round(size.width), height: round(size.height) };
}
