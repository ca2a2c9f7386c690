/*
 * The diagram's own model: plain data (JSON-safe, no Maps, no class instances). `toDiagram`
 * (analyzers/diagram/to-diagram.ts) computes it from the resolved ArchModel in the extension host or the CLI; it is
 * then laid out (layout.ts) and drawn (render-svg.ts) anywhere — Node or a webview. User strings are kept raw here;
 * escaping is the renderer's job, at the last moment.
 *
 * This folder is shared by the CLI, the extension host and the webview, so it imports nothing of the core (see the
 * layer table in ARCHITECTURE.md): the few core shapes it needs (severity, position, range) are restated here, and
 * the compiler checks they still fit where the core's values are assigned to them.
 */

export type Severity = 'error' | 'warning' | 'info';

/** 0-based, UTF-16 code units, as everywhere in the core (language/range.ts). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Every element kind but `region` and `scenario` (`toDiagram` fails to compile if the language adds one). */
export type NodeKind = 'gateway' | 'service' | 'store' | 'queue' | 'cache' | 'cluster' | 'lock' | 'external' | 'saga' | 'transaction' | 'projection' | 'client';

export type DiagramEdgeKind =
  | 'route'
  | 'call'
  | 'call-async'
  | 'read'
  | 'write'
  | 'publish'
  | 'consume'
  | 'dead-letter'
  | 'cache-for'
  | 'coordinator'
  | 'lock-backend'
  | 'lock-protects'
  | 'lock-holder'
  | 'saga-orchestrator'
  | 'saga-step'
  | 'tx-coordinator'
  | 'tx-participant'
  | 'projection-source'
  | 'projection-store';

export type EdgeStyle = 'solid' | 'dashed' | 'dotted';

export interface DiagramMessage {
  severity: Severity;
  rule: string;
  message: string;
}

export interface Badges {
  error: number;
  warning: number;
  info: number;
}

export interface DiagramContainer {
  id: string;
  kind: 'region' | 'zone';
  name: string;
  title?: string;
  /** Container id of the enclosing region (zones only; absent for a zone no region declares). */
  parent?: string;
  /** The region's declaration (zones: the region's, when declared). */
  range?: Range;
  badges: Badges;
  messages: DiagramMessage[];
}

export interface ReplicaMark {
  /** null when the element declares no zones. */
  zone: string | null;
  count: number;
}

export interface DiagramNode {
  id: string;
  kind: NodeKind;
  name: string;
  title?: string;
  description?: string;
  /** A short, derived detail line: "postgres · linearizable", "raft", "lease 10s". */
  detail?: string;
  /** Container id (zone or region); absent at the top level. */
  parent?: string;
  entry: boolean;
  /** Deployables only. */
  replicas?: number;
  /** SPEC §5.1: total `capacity` of the replicas (req/s), where declared. */
  capacity?: number;
  /** SPEC §5.2: peak req/s reaching it without retries, where some load is declared and reaches it. */
  load?: number;
  placement: ReplicaMark[];
  /** The whole declaration (for cursor → element). */
  range: Range;
  /** The name in the declaration (for click → select). */
  nameRange: Range;
  badges: Badges;
  /** The most important diagnostics on the element, worst first (at most MAX_MESSAGES). */
  messages: DiagramMessage[];
}

export interface DiagramEdge {
  id: string;
  kind: DiagramEdgeKind;
  style: EdgeStyle;
  from: string;
  to: string;
  label?: string;
  /** A longer description for hover. */
  tooltip: string;
  range?: Range;
  /** SPEC §5.2: peak req/s the relation carries without retries (synchronous ones, where some load is declared). */
  load?: number;
}

export interface ZoneLossView {
  zone: string;
  down: { name: string; reason: string }[];
  affectedEntryPoints: { entry: string; via: string[] }[];
  /** Elements still up whose replicas outside the zone serve less than the peak load that reaches them (req/s). */
  overloaded?: { name: string; load: number; capacity: number }[];
}

export interface DiagramModel {
  containers: DiagramContainer[];
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** Every zone, in declaration order (regions first, then zones only elements name). */
  zones: string[];
  /** What dies when each zone is lost, precomputed so the view can switch without a round trip. */
  zoneLoss: ZoneLossView[];
}

export const MAX_MESSAGES = 3;

/** The longest user text a diagram carries (the webview protocol's limit): a 1 MB description is cut, not refused. */
export const MAX_DIAGRAM_TEXT = 4000;
/** Beyond these sizes a layered layout is neither fast nor readable (bench/diagram.bench.ts). */
export const MAX_DRAWN_NODES = 1000;
export const MAX_DRAWN_EDGES = 2000;

export function clip(text: string, max = MAX_DIAGRAM_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Why a diagram is not drawn, or undefined when it can be. Said to the user instead of drawing for minutes. */
export function tooLargeToDraw(diagram: { readonly nodes: readonly unknown[]; readonly edges: readonly unknown[] }): string | undefined {
  if (diagram.nodes.length <= MAX_DRAWN_NODES && diagram.edges.length <= MAX_DRAWN_EDGES) return undefined;
  return `This design has ${diagram.nodes.length} elements and ${diagram.edges.length} relations; diagrams are drawn up to ${MAX_DRAWN_NODES} elements and ${MAX_DRAWN_EDGES} relations. Split the file, or check it with \`faultline check\`.`;
}

/** `tooLargeToDraw` from the number of elements alone, before the relations are counted (or any rule has run). */
export function tooManyNodesToDraw(nodes: number): string | undefined {
  if (nodes <= MAX_DRAWN_NODES) return undefined;
  return `This design has ${nodes} elements; diagrams are drawn up to ${MAX_DRAWN_NODES} elements and ${MAX_DRAWN_EDGES} relations. Split the file, or check it with \`faultline check\`.`;
}

export const nodeId = (name: string): string => `n:${name}`;
export const regionId = (name: string): string => `r:${name}`;
export const zoneId = (name: string): string => `z:${name}`;


function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

function containsPosition(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}

/** The element whose declaration contains a position (for editor cursor → highlight). */
export function nodeAt(diagram: DiagramModel, position: Position): DiagramNode | undefined {
  return diagram.nodes.find((n) => containsPosition(n.range, position));
}
