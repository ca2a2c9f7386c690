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
  /** Set when the edge stands for several relations into or out of a collapsed container: its label text. */
  labelText?: string;
}

export interface LaidOutContainer {
  id: string;
  box: Box;
  /** An empty zone drawn in its region's header. */
  chip?: boolean;
  /** Collapsed to one box: its members are not drawn, `members` counts the elements it hides. */
  collapsed?: boolean;
  members?: number;
}

/** `RIGHT`: layers left to right (wide panels, the CLI's default); `DOWN`: top to bottom (tall panels). */
export type LayoutDirection = 'RIGHT' | 'DOWN';

export interface LayoutOptions {
  direction?: LayoutDirection;
  /** Container ids drawn as one box; edges to anything inside end at that box. */
  collapsed?: Iterable<string>;
  /** Headers leave room for a collapse twisty (the webview draws one, a standalone file does not). */
  collapsible?: boolean;
}

export interface DiagramLayout {
  width: number;
  height: number;
  direction: LayoutDirection;
  collapsible?: boolean;
  containers: LaidOutContainer[];
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

/*
 * The smallest zoom a fit may choose. A node's name (FONT.name, 13px) is what identifies it; 10 CSS px is about the
 * smallest text that stays comfortably legible on a standard-density screen (VS Code's own smallest UI text — badges,
 * status bar details — is 10–11px). So a fit never goes below 10 / 13 ≈ 0.77: a design larger than the panel at that
 * zoom is shown at it and panned (with the overview map), not shrunk into an unreadable strip. The kind and detail
 * lines (10px) are secondary and repeat in the tooltip; at this zoom they are 7.7px.
 */
export const MIN_LABEL_PX = 10;
export const MIN_FIT_ZOOM = MIN_LABEL_PX / FONT.name;

export const NODE_PADDING = 10;
export const NODE_MIN_WIDTH = 130;
/** Longest title / detail shown in full; longer ones are cut with an ellipsis (the tooltip keeps all of it). */
export const MAX_LINE_CHARS = 44;
export const REPLICA_SIZE = 8;
export const REPLICA_GAP = 3;
export const ZONE_GAP = 7;
const CONTAINER_PADDING = { top: 30, left: 14, bottom: 14, right: 14 };
const EDGE_LABEL_HEIGHT = 14;

export type MeasureText = (text: string, fontSize: number, bold: boolean) => number;
let measureText: MeasureText | undefined;

/**
 * Where text can be measured in the face it is drawn in (the webview: a canvas with the editor's font), boxes are
 * sized from the real widths, so a long name never runs past its box whatever the user's font. The webview sets
 * this once at start; the CLI, which draws for fonts it cannot know, keeps the estimate below.
 */
export function useTextMeasure(measure: MeasureText | undefined): void {
  measureText = measure;
}

/** Advance width of a string: measured where `useTextMeasure` was given a measure, else estimated for a sans-serif face. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  if (measureText) return Math.ceil(measureText(text, fontSize, bold));
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

/** Room for the collapse twisty before a container's label, when the layout is collapsible. */
export const TWISTY_WIDTH = 14;
/** The left edge of a container's label, relative to the container. */
export function containerLabelX(collapsible: boolean | undefined): number {
  return 12 + (collapsible ? TWISTY_WIDTH : 0);
}

/** The second line of a collapsed container: what it hides. */
export function collapsedLabel(members: number): string {
  return `${members} element${members === 1 ? '' : 's'} · collapsed`;
}
export const COLLAPSED_HEIGHT = 48;

function containerLabelWidth(c: DiagramContainer, collapsible = false): number {
  return textWidth(containerLabel(c), FONT.container, true) + 2 * CONTAINER_PADDING.left + (collapsible ? TWISTY_WIDTH : 0) + badgeList(c).reduce((w, b) => w + badgeWidth(b.count) + 3, 0);
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

/**
 * Above these sizes the layout trades a little polish for time (measured in bench/diagram.bench.ts): the
 * faster Brandes–Köpf node placement with one pass of crossing minimisation, and edge labels placed by us at
 * each edge's longest segment instead of as label nodes inside ELK (which doubles the graph it lays out).
 */
export const FAST_LAYOUT_NODES = 60;
export const OWN_LABELS_EDGES = 120;
/**
 * Between MID_LAYOUT_NODES and FAST_LAYOUT_NODES, fewer crossing-minimisation passes than ELK's default 7: on
 * generated designs of 30–60 nodes the passes after the fourth changed the layout of one in four (a crossing more
 * or less, shorter or longer edges) and cost a fifth of a 50-node layout. Smaller designs (every sample) keep
 * ELK's default, so their layouts stay as they were.
 */
export const MID_LAYOUT_NODES = 30;
export const MID_THOROUGHNESS = 4;

/** Parents are at most this deep (region → zone); the walk up stops there whatever the data says. */
const MAX_NESTING = 8;

/**
 * For every node and container hidden inside a collapsed container, the collapsed container drawn in its place
 * (the outermost collapsed ancestor). Ids of collapsed containers that do not exist are ignored.
 */
export function collapsedStandIns(diagram: DiagramModel, collapsed: Iterable<string>): Map<string, string> {
  const parents = new Map(diagram.containers.map((c) => [c.id, c.parent] as const));
  const wanted = new Set([...collapsed].filter((id) => parents.has(id)));
  const standIns = new Map<string, string>();
  if (wanted.size === 0) return standIns;
  const standInOf = (parent: string | undefined): string | undefined => {
    let found: string | undefined;
    for (let id = parent, depth = 0; id !== undefined && depth < MAX_NESTING; id = parents.get(id), depth++) if (wanted.has(id)) found = id;
    return found;
  };
  for (const c of diagram.containers) {
    const s = standInOf(c.parent);
    if (s !== undefined) standIns.set(c.id, s);
  }
  for (const n of diagram.nodes) {
    const s = standInOf(n.parent);
    if (s !== undefined) standIns.set(n.id, s);
  }
  return standIns;
}

interface ElkBuild {
  graph: ElkNode;
  /** Label text of edges that stand for several relations (merged at a collapsed container). */
  mergedLabels: Map<string, string>;
  collapsed: Map<string, number>;
  hidden: Map<string, string>;
}

/** The ELK graph of a diagram (exported for tests). */
export function toElkGraph(diagram: DiagramModel, options: LayoutOptions = {}): ElkNode {
  return buildElk(diagram, options).graph;
}

function buildElk(diagram: DiagramModel, options: LayoutOptions): ElkBuild {
  const fast = diagram.nodes.length > FAST_LAYOUT_NODES;
  const thoroughness = fast ? '1' : diagram.nodes.length > MID_LAYOUT_NODES ? String(MID_THOROUGHNESS) : undefined;
  const ownLabels = diagram.edges.length > OWN_LABELS_EDGES;
  const collapsible = options.collapsible ?? false;
  const asked = [...(options.collapsed ?? [])];
  const hidden = collapsedStandIns(diagram, asked);
  const collapsedIds = new Set(hidden.values());
  for (const id of asked) if (!hidden.has(id) && diagram.containers.some((c) => c.id === id)) collapsedIds.add(id);
  const members = new Map<string, number>([...collapsedIds].map((id) => [id, 0]));
  for (const n of diagram.nodes) {
    const s = hidden.get(n.id);
    if (s !== undefined) members.set(s, (members.get(s) ?? 0) + 1);
  }
  const elkNodes = new Map<string, ElkNode>();
  const containerIds = new Set(diagram.containers.map((c) => c.id));
  const chips = chipZones(diagram);
  const chipIds = new Set([...chips.values()].flat().map((c) => c.id));
  const padding = `[top=${CONTAINER_PADDING.top},left=${CONTAINER_PADDING.left},bottom=${CONTAINER_PADDING.bottom},right=${CONTAINER_PADDING.right}]`;
  const headerWidth = (c: DiagramContainer) => containerLabelWidth(c, collapsible) + (collapsedIds.has(c.id) ? 0 : chipsWidth(chips.get(c.id)));
  for (const c of diagram.containers) {
    if (chipIds.has(c.id) || hidden.has(c.id)) continue;
    if (collapsedIds.has(c.id)) {
      const width = Math.max(headerWidth(c), textWidth(collapsedLabel(members.get(c.id) ?? 0), FONT.detail) + containerLabelX(collapsible) + CONTAINER_PADDING.right);
      elkNodes.set(c.id, { id: c.id, width, height: COLLAPSED_HEIGHT });
      continue;
    }
    elkNodes.set(c.id, {
      id: c.id,
      children: [],
      layoutOptions: {
        'elk.padding': padding,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${headerWidth(c)}, 44)`,
        // With INCLUDE_CHILDREN the root's options do not reach inside a container: a large design's fast
        // settings are repeated here, or a design with regions would still get the slow placement (-10–20% CPU).
        ...(fast ? { 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF' } : {}),
        ...(thoroughness ? { 'elk.layered.thoroughness': thoroughness } : {}),
      },
    });
  }
  for (const n of diagram.nodes) {
    if (hidden.has(n.id)) continue;
    const g = nodeGeometry(n);
    elkNodes.set(n.id, { id: n.id, width: g.width, height: g.height });
  }
  const root: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': options.direction ?? 'RIGHT',
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
      ...(thoroughness ? { 'elk.layered.thoroughness': thoroughness } : {}),
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.padding': '[top=16,left=16,bottom=16,right=16]',
    },
    children: [],
    edges: [],
  };
  const attach = (id: string, parent: string | undefined) => {
    const child = elkNodes.get(id);
    if (!child) return;
    const holder = parent !== undefined && containerIds.has(parent) ? elkNodes.get(parent)! : root;
    holder.children!.push(child);
  };
  for (const c of diagram.containers) if (!chipIds.has(c.id)) attach(c.id, c.parent);
  for (const n of diagram.nodes) attach(n.id, n.parent);
  // A container without children is drawn at its minimum size: give it that size explicitly.
  for (const c of diagram.containers) {
    const elk = elkNodes.get(c.id);
    if (elk && elk.children?.length === 0) {
      delete elk.children;
      elk.width = headerWidth(c);
      elk.height = 44;
    }
  }
  const mergedLabels = new Map<string, string>();
  // Relations into or out of a collapsed container become one edge per (source, target) pair.
  const merged = new Map<string, { edge: ElkExtendedEdge; count: number; label: string | undefined }>();
  for (const e of diagram.edges) {
    const fromId = nodeId(e.from);
    const toId = nodeId(e.to);
    const from = hidden.get(fromId) ?? fromId;
    const to = hidden.get(toId) ?? toId;
    if (!elkNodes.has(from) || !elkNodes.has(to)) continue;
    const redirected = from !== fromId || to !== toId;
    if (redirected && from === to) continue; // inside one collapsed box
    const key = `${from}\u0000${to}`;
    const earlier = redirected ? merged.get(key) : undefined;
    if (earlier) {
      earlier.count++;
      continue;
    }
    const edge: ElkExtendedEdge = { id: e.id, sources: [from], targets: [to] };
    root.edges!.push(edge);
    if (redirected) merged.set(key, { edge, count: 1, label: e.label });
    else if (e.label && !ownLabels) edge.labels = [{ id: `${e.id}:label`, text: e.label, ...edgeLabelSize(e.label) }];
  }
  for (const { edge, count, label } of merged.values()) {
    const text = count > 1 ? `${count} relations` : label;
    if (text === undefined) continue;
    if (count > 1) mergedLabels.set(edge.id, text);
    if (!ownLabels) edge.labels = [{ id: `${edge.id}:label`, text, ...edgeLabelSize(text) }];
  }
  return { graph: root, mergedLabels, collapsed: members, hidden };
}

type ElkInstance = InstanceType<typeof ELK>;
let elk: ElkInstance | undefined;

function round(n: number | undefined): number {
  return Math.round((n ?? 0) * 10) / 10;
}

/** Lays out a diagram: absolute boxes for containers and nodes, polylines for edges. */
export async function layoutDiagram(diagram: DiagramModel, options: LayoutOptions = {}): Promise<DiagramLayout> {
  elk ??= new ELK();
  const build = buildElk(diagram, options);
  const out = await elk.layout(build.graph);
  const labels = new Map(diagram.edges.flatMap((e) => (e.label ? [[e.id, e.label] as const] : [])));
  for (const [id, text] of build.mergedLabels) labels.set(id, text);
  const containerIds = new Set(diagram.containers.map((c) => c.id));
  const collapsible = options.collapsible ?? false;
  const layout: DiagramLayout = { width: round(out.width), height: round(out.height), direction: options.direction ?? 'RIGHT', containers: [], nodes: [], edges: [] };
  if (collapsible) layout.collapsible = true;
  const walk = (node: ElkNode, depth: number) => {
    if (depth > MAX_NESTING) return;
    for (const child of node.children ?? []) {
      const box = { x: round(child.x), y: round(child.y), width: round(child.width), height: round(child.height) };
      if (!containerIds.has(child.id)) layout.nodes.push({ id: child.id, box });
      else {
        const members = build.collapsed.get(child.id);
        layout.containers.push(members === undefined ? { id: child.id, box } : { id: child.id, box, collapsed: true, members });
      }
      walk(child, depth + 1);
    }
  };
  walk(out, 0);
  for (const [regionKey, zones] of chipZones(diagram)) {
    const region = layout.containers.find((c) => c.id === regionKey);
    const label = diagram.containers.find((c) => c.id === regionKey);
    if (!region || region.collapsed || !label) continue;
    let x = region.box.x + containerLabelX(collapsible) + textWidth(containerLabel(label), FONT.container, true) + 10;
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
    const mergedText = build.mergedLabels.get(e.id);
    if (mergedText !== undefined) laid.labelText = mergedText;
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
