import type { DiagramContainer, DiagramEdge, DiagramModel, DiagramNode } from './model';
import type { SimOverlay } from './timeline';
import {
  badgeList,
  badgeWidth,
  collapsedLabel,
  containerLabel,
  containerLabelX,
  FONT,
  NODE_PADDING,
  nodeGeometry,
  REPLICA_GAP,
  REPLICA_SIZE,
  textWidth,
  ZONE_GAP,
  type Box,
  type DiagramLayout,
  type LaidOutContainer,
  type Point,
} from './layout';

/*
 * SVG as a string, for the CLI (`faultline diagram FILE --out x.svg`, through analyzers/diagram/to-diagram.ts) and the
 * webview alike.
 *
 * Safety: every string that came from the user (names, titles, descriptions, labels, messages, zone names) passes
 * through `escapeXml` on its way out — as text or as an attribute value — and nothing else is ever interpolated
 * raw. The output has no script, no event-handler attribute, no foreignObject and no external reference.
 *
 * Colours are never inline: elements carry `fl-*` classes, the webview themes them from `--vscode-*` variables
 * (webview/styles.css) and a standalone file embeds `defaultStylesheet()`.
 */

const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or attribute value → XML-safe (also drops the control characters XML 1.0 cannot carry). */
export function escapeXml(text: string): string {
  return text
    .replace(XML_INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const num = (n: number): string => String(Math.round(n * 10) / 10);

/** `1,250 req/s`, `12.5 req/s` (analyzers/analysis/load.ts writes rates the same way). */
function rate(x: number): string {
  const shown = x >= 100 || Number.isInteger(x) ? Math.round(x).toLocaleString('en-US') : String(x >= 10 ? Math.round(x * 10) / 10 : Math.round(x * 100) / 100);
  return `${shown} req/s`;
}

export interface RenderOptions {
  /** A self-contained file: XML prolog-free `<svg>` with size, viewBox and an embedded stylesheet. */
  standalone?: boolean;
  /** The stylesheet to embed when standalone (default: `defaultStylesheet()`). */
  stylesheet?: string;
  /** Zone-loss view: grey out what dies with this zone. */
  zoneLoss?: string | null;
  /** Name of the element to highlight. */
  highlight?: string | null;
  /**
   * A simulated instant (diagram/timeline.ts): down elements greyed, degraded ones dimmed and dashed, each
   * element's leader and lost writes as badges, zones down greyed, partitioned zones hatched.
   */
  sim?: SimOverlay | null;
}

type SimElement = SimOverlay['elements'][number];

interface NodeState {
  dead: Set<string>;
  affected: Set<string>;
  overloaded: Set<string>;
  lostZone: string | null;
  highlight: string | null | undefined;
  sim: Map<string, SimElement>;
  simAt: string | undefined;
}

/** `1.234s` (virtual time of the simulated instant). */
function seconds(ms: number): string {
  return `${Math.round(ms) / 1000}s`;
}

function simLines(e: SimElement | undefined, at: string | undefined): string[] {
  if (!e || at === undefined) return [];
  const parts = [`simulation at t=${at}: ${e.status}`, `${e.total - e.down}/${e.total} up`];
  if (e.leader !== undefined) parts.push(`leader ${e.leader}`);
  if (e.lostWrites > 0) parts.push(`${e.lostWrites} lost write${e.lostWrites === 1 ? '' : 's'}`);
  return [parts.join(' · ')];
}

const SIM_BADGE_HEIGHT = 14;

/** A pill straddling a node's top or bottom border: the simulation's leader or lost writes. */
function simBadge(kind: 'leader' | 'lost', text: string, x: number, y: number): string {
  const w = textWidth(text, FONT.detail, true) + 14;
  return `<g class="fl-sim-badge fl-sim-${kind}"><rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${SIM_BADGE_HEIGHT}" rx="7"/><text x="${num(x + 7)}" y="${num(y + 10.5)}">${escapeXml(text)}</text></g>`;
}

function nodeTooltip(n: DiagramNode): string {
  const lines = [`${n.kind} ${n.name}${n.title ? ` — ${n.title}` : ''}`];
  if (n.description) lines.push(n.description);
  if (n.replicas !== undefined) {
    const where = n.placement.map((m) => `${m.zone ?? 'no zone'} ×${m.count}`).join(', ');
    lines.push(`${n.replicas} replica${n.replicas === 1 ? '' : 's'}: ${where}`);
  }
  if (n.capacity !== undefined || n.load !== undefined) {
    const parts = [n.capacity !== undefined ? `capacity ${rate(n.capacity)}` : undefined, n.load !== undefined ? `peak load ${rate(n.load)}` : undefined];
    lines.push(parts.filter((p) => p !== undefined).join(' · '));
  }
  for (const m of n.messages) lines.push(`${m.severity} ${m.rule}: ${m.message}`);
  const total = n.badges.error + n.badges.warning + n.badges.info;
  if (total > n.messages.length) lines.push(`… ${total - n.messages.length} more`);
  return lines.join('\n');
}

function renderBadges(item: DiagramNode | DiagramContainer, right: number, top: number): string {
  let x = right;
  let out = '';
  for (const b of [...badgeList(item)].reverse()) {
    const w = badgeWidth(b.count);
    x -= w;
    out += `<g class="fl-badge fl-badge-${b.severity}"><rect x="${num(x)}" y="${num(top)}" width="${num(w)}" height="14" rx="7"/><text x="${num(x + w / 2)}" y="${num(top + 10.5)}" text-anchor="middle">${b.count}</text></g>`;
    x -= 3;
  }
  return out;
}

function renderNode(n: DiagramNode, box: Box, state: NodeState): string {
  const g = nodeGeometry(n);
  const sim = state.sim.get(n.name);
  const classes = ['fl-node', `fl-kind-${n.kind}`];
  if (n.entry) classes.push('fl-entry');
  if (n.badges.error > 0) classes.push('fl-has-error');
  else if (n.badges.warning > 0) classes.push('fl-has-warning');
  if (state.dead.has(n.name)) classes.push('fl-dead');
  if (state.affected.has(n.name)) classes.push('fl-affected');
  if (state.overloaded.has(n.name)) classes.push('fl-overloaded');
  if (state.highlight === n.name) classes.push('fl-highlight');
  if (sim) classes.push(`fl-sim-${sim.status}`);
  let out = `<g class="${classes.join(' ')}" data-name="${escapeXml(n.name)}" data-id="${escapeXml(n.id)}" transform="translate(${num(box.x)},${num(box.y)})" tabindex="0" role="button" aria-label="${escapeXml(`${n.kind} ${n.name}`)}">`;
  out += `<title>${escapeXml([nodeTooltip(n), ...simLines(sim, state.simAt)].join('\n'))}</title>`;
  out += `<rect class="fl-node-box" width="${num(box.width)}" height="${num(box.height)}" rx="6"/>`;
  out += `<rect class="fl-node-stripe" width="4" height="${num(box.height)}" rx="2"/>`;
  for (const line of g.lines) {
    if (line.role === 'replicas') {
      out += renderReplicas(n, NODE_PADDING, line.baseline - REPLICA_SIZE + 1, state.lostZone);
      continue;
    }
    out += `<text class="fl-node-${line.role}" x="${NODE_PADDING}" y="${num(line.baseline)}">${escapeXml(line.text)}</text>`;
  }
  out += renderBadges(n, box.width - 6, 6);
  if (sim && sim.lostWrites > 0) out += simBadge('lost', `${sim.lostWrites} lost write${sim.lostWrites === 1 ? '' : 's'}`, NODE_PADDING, -SIM_BADGE_HEIGHT / 2);
  if (sim?.leader !== undefined) out += simBadge('leader', `leader: ${sim.leader}`, NODE_PADDING, box.height - SIM_BADGE_HEIGHT / 2);
  out += '</g>';
  return out;
}

function renderReplicas(n: DiagramNode, left: number, top: number, lostZone: string | null): string {
  let x = left;
  let out = '<g class="fl-replicas">';
  for (const mark of n.placement) {
    const lost = lostZone !== null && mark.zone === lostZone;
    out += `<g class="fl-replica-zone${lost ? ' fl-replica-lost' : ''}"><title>${escapeXml(`${mark.zone ?? 'no zone'}: ${mark.count} replica${mark.count === 1 ? '' : 's'}`)}</title>`;
    for (let i = 0; i < mark.count; i++) {
      out += `<rect class="fl-replica" x="${num(x)}" y="${num(top)}" width="${REPLICA_SIZE}" height="${REPLICA_SIZE}" rx="1.5"/>`;
      x += REPLICA_SIZE + REPLICA_GAP;
    }
    out += '</g>';
    x += ZONE_GAP;
  }
  out += `<text class="fl-node-detail" x="${num(x - ZONE_GAP + 2)}" y="${num(top + REPLICA_SIZE)}">×${n.replicas ?? 0}</text>`;
  return `${out}</g>`;
}

interface ContainerState {
  lostZone: string | null;
  /** The layout left room for a twisty before each label. */
  collapsible: boolean;
  /** Draw the twisties and their hit areas (the webview; not a standalone file). */
  toggles: boolean;
  zonesDown: Set<string>;
  partitioned: Set<string>;
  /** Per collapsed container: how many of the elements it hides are down or degraded in the simulation step. */
  simInside: Map<string, { down: number; degraded: number }>;
}

/** The disclosure triangle of a collapsible container: pointing down when open, right when collapsed. */
function twisty(box: Box, collapsed: boolean): string {
  const x = box.x + 9;
  const y = box.y + 9;
  const d = collapsed ? `M${num(x + 1)} ${num(y)} L${num(x + 7)} ${num(y + 5)} L${num(x + 1)} ${num(y + 10)} z` : `M${num(x)} ${num(y + 2)} L${num(x + 9)} ${num(y + 2)} L${num(x + 4.5)} ${num(y + 8)} z`;
  return `<path class="fl-twisty" d="${d}"/>`;
}

/** For each collapsed container, its hidden elements that are down or degraded in the step shown. */
function simInsideCollapsed(diagram: DiagramModel, layout: DiagramLayout, sim: ReadonlyMap<string, SimOverlay['elements'][number]>): Map<string, { down: number; degraded: number }> {
  const out = new Map<string, { down: number; degraded: number }>();
  const collapsed = new Set(layout.containers.filter((c) => c.collapsed).map((c) => c.id));
  if (collapsed.size === 0) return out;
  const parent = new Map(diagram.containers.map((c) => [c.id, c.parent] as const));
  for (const n of diagram.nodes) {
    const s = sim.get(n.name);
    if (!s || s.status === 'ok') continue;
    // The outermost collapsed ancestor is the box drawn; the walk is bounded like the layout's.
    let box: string | undefined;
    for (let id = n.parent, depth = 0; id !== undefined && depth < 8; id = parent.get(id), depth++) if (collapsed.has(id)) box = id;
    if (box === undefined) continue;
    const counts = out.get(box) ?? { down: 0, degraded: 0 };
    if (s.status === 'down') counts.down++;
    else counts.degraded++;
    out.set(box, counts);
  }
  return out;
}

function renderContainer(c: DiagramContainer, laid: LaidOutContainer, state: ContainerState): string {
  const box = laid.box;
  const chip = laid.chip === true;
  const classes = ['fl-container', `fl-${c.kind}`];
  if (chip) classes.push('fl-zone-chip');
  if (laid.collapsed) classes.push('fl-collapsed');
  if (c.kind === 'zone' && c.name === state.lostZone) classes.push('fl-zone-lost');
  if (c.kind === 'zone' && state.zonesDown.has(c.name)) classes.push('fl-sim-zone-down');
  if (c.kind === 'zone' && state.partitioned.has(c.name)) classes.push('fl-sim-partitioned');
  // A folded box stands for its members: it shows the worst of their simulation states.
  const inside = laid.collapsed ? state.simInside.get(c.id) : undefined;
  if (inside && inside.down + inside.degraded > 0) classes.push('fl-sim-degraded');
  const rect = `<rect class="fl-container-box" x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(box.height)}" rx="8"/>`;
  if (chip) {
    return `<g class="${classes.join(' ')}" data-container="${escapeXml(c.name)}" data-id="${escapeXml(c.id)}"><title>${escapeXml(`zone ${c.name}`)}</title>${rect}<text class="fl-chip-label" x="${num(box.x + box.width / 2)}" y="${num(box.y + box.height - 5)}" text-anchor="middle">${escapeXml(c.name)}</text></g>`;
  }
  let out = `<g class="${classes.join(' ')}" data-container="${escapeXml(c.name)}" data-id="${escapeXml(c.id)}">`;
  const simNote = inside && (inside.down || inside.degraded) ? [[inside.down ? `${inside.down} down` : '', inside.degraded ? `${inside.degraded} degraded` : ''].filter(Boolean).join(', ') + ' in the simulation'] : [];
  const tip = [containerLabel(c), ...(laid.collapsed ? [collapsedLabel(laid.members ?? 0)] : []), ...simNote, ...c.messages.map((m) => `${m.severity} ${m.rule}: ${m.message}`)].join('\n');
  out += `<title>${escapeXml(tip)}</title>`;
  out += rect;
  out += `<text class="fl-container-label" x="${num(box.x + containerLabelX(state.collapsible))}" y="${num(box.y + 19)}">${escapeXml(containerLabel(c))}</text>`;
  if (laid.collapsed) out += `<text class="fl-container-members" x="${num(box.x + containerLabelX(state.collapsible))}" y="${num(box.y + 37)}">${escapeXml([collapsedLabel(laid.members ?? 0), ...simNote.map((n) => n.replace(' in the simulation', ''))].join(' · '))}</text>`;
  out += renderBadges(c, box.x + box.width - 8, box.y + 8);
  return `${out}</g>`;
}

/**
 * The twisty and hit area that collapse or expand a container: the header, or the whole box when collapsed. Drawn in
 * a layer above the edges, which ELK may route across a header.
 */
function renderToggle(c: DiagramContainer, laid: LaidOutContainer): string {
  const box = laid.box;
  const height = laid.collapsed ? box.height : 28;
  const verb = laid.collapsed ? 'Expand' : 'Collapse';
  let out = `<g class="fl-container-toggle" data-toggle="${escapeXml(c.id)}" role="button" tabindex="0" aria-expanded="${laid.collapsed ? 'false' : 'true'}" aria-label="${escapeXml(`${verb} ${c.kind} ${c.name}`)}">`;
  out += `<title>${escapeXml(`${verb} ${containerLabel(c)}`)}</title>`;
  out += `<rect class="fl-container-header" x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(height)}" rx="8"/>${twisty(box, laid.collapsed === true)}</g>`;
  return out;
}

function pathOf(points: Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)} ${num(p.y)}`).join(' ');
}

function renderEdge(e: DiagramEdge, points: Point[], dead: Set<string>): string {
  const classes = ['fl-edge', `fl-edge-${e.kind}`, `fl-edge-${e.style}`];
  if (dead.has(e.from) || dead.has(e.to)) classes.push('fl-dead');
  return `<g class="${classes.join(' ')}" data-id="${escapeXml(e.id)}" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}"><title>${escapeXml(e.tooltip)}</title><path class="fl-edge-line" d="${pathOf(points)}" marker-end="url(#fl-arrow)"/></g>`;
}

function renderEdgeLabel(e: DiagramEdge, box: Box, text: string, dead: Set<string>): string {
  const classes = ['fl-edge-label', `fl-edge-${e.kind}`];
  if (dead.has(e.from) || dead.has(e.to)) classes.push('fl-dead');
  return `<g class="${classes.join(' ')}" data-id="${escapeXml(e.id)}"><title>${escapeXml(e.tooltip)}</title><rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(box.height)}" rx="3"/><text x="${num(box.x + box.width / 2)}" y="${num(box.y + box.height - 3.5)}" text-anchor="middle">${escapeXml(text)}</text></g>`;
}

/** Draws a laid-out diagram. */
export function renderSvg(diagram: DiagramModel, layout: DiagramLayout, options: RenderOptions = {}): string {
  const lostZone = options.zoneLoss ?? null;
  const view = lostZone !== null ? diagram.zoneLoss.find((z) => z.zone === lostZone) : undefined;
  const dead = new Set(view?.down.map((d) => d.name) ?? []);
  const affected = new Set(view?.affectedEntryPoints.map((a) => a.entry) ?? []);
  const overloaded = new Set(view?.overloaded?.map((o) => o.name) ?? []);
  const sim = options.sim ?? null;
  const simElements = new Map((sim?.elements ?? []).map((e) => [e.name, e] as const));
  const containerState: ContainerState = {
    lostZone,
    collapsible: layout.collapsible === true,
    toggles: layout.collapsible === true && options.standalone !== true,
    zonesDown: new Set(sim?.zonesDown ?? []),
    partitioned: new Set(sim?.partitioned ?? []),
    simInside: sim ? simInsideCollapsed(diagram, layout, simElements) : new Map(),
  };
  const boxes = new Map<string, Box>();
  for (const item of layout.nodes) boxes.set(item.id, item.box);
  const containerLayout = new Map(layout.containers.map((c) => [c.id, c]));
  const edgeLayout = new Map(layout.edges.map((e) => [e.id, e]));

  const classes = ['fl-diagram'];
  if (view) classes.push('fl-zone-loss-mode');
  if (sim) classes.push('fl-sim-mode');
  const size = options.standalone
    ? ` width="${num(layout.width)}" height="${num(layout.height)}" viewBox="0 0 ${num(layout.width)} ${num(layout.height)}"`
    : ' width="100%" height="100%"';
  let out = `<svg xmlns="http://www.w3.org/2000/svg" class="${classes.join(' ')}"${size} data-direction="${layout.direction === 'DOWN' ? 'DOWN' : 'RIGHT'}" role="img" aria-label="Architecture diagram">`;
  if (options.standalone) out += `<style>${(options.stylesheet ?? defaultStylesheet()).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</style>`;
  out +=
    '<defs><marker id="fl-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse" markerUnits="userSpaceOnUse">' +
    '<path class="fl-arrowhead" d="M0 0 L10 5 L0 10 z"/></marker>' +
    (sim ? '<pattern id="fl-hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)"><rect class="fl-hatch-ground" width="8" height="8"/><line class="fl-hatch-line" x1="0" y1="0" x2="0" y2="8"/></pattern>' : '') +
    '</defs>';
  out += '<g class="fl-viewport">';
  if (options.standalone) out += `<rect class="fl-background" width="${num(layout.width)}" height="${num(layout.height)}"/>`;
  out += '<g class="fl-containers">';
  for (const c of diagram.containers) {
    const laid = containerLayout.get(c.id);
    if (laid) out += renderContainer(c, laid, containerState);
  }
  out += '</g><g class="fl-edges">';
  for (const e of diagram.edges) {
    const laid = edgeLayout.get(e.id);
    if (laid && laid.points.length >= 2) out += renderEdge(e, laid.points, dead);
  }
  out += '</g><g class="fl-nodes">';
  for (const n of diagram.nodes) {
    const box = boxes.get(n.id);
    if (box) out += renderNode(n, box, { dead, affected, overloaded, lostZone, highlight: options.highlight, sim: simElements, simAt: sim ? seconds(sim.atMs) : undefined });
  }
  out += '</g><g class="fl-edge-labels">';
  for (const e of diagram.edges) {
    const laid = edgeLayout.get(e.id);
    const text = laid?.labelText ?? e.label;
    if (laid?.label && text) out += renderEdgeLabel(e, laid.label, text, dead);
  }
  out += '</g>';
  if (containerState.toggles) {
    out += '<g class="fl-toggles">';
    for (const c of diagram.containers) {
      const laid = containerLayout.get(c.id);
      if (laid && !laid.chip) out += renderToggle(c, laid);
    }
    out += '</g>';
  }
  out += '</g></svg>';
  return out;
}

/**
 * The stylesheet a standalone SVG embeds: the same classes the webview themes, with fixed light colours.
 * `colors` overrides them (the webview passes the resolved `--vscode-*` values when exporting, so an exported
 * file looks like the panel did).
 */
export type StylesheetColors = Partial<Record<keyof typeof DEFAULT_COLORS, string>>;

export function defaultStylesheet(colors: StylesheetColors = {}): string {
  const c = { ...DEFAULT_COLORS, ...colors };
  return `
.fl-diagram{font-family:${c.font};font-size:12px}
.fl-background{fill:${c.background}}
.fl-container-box{fill:${c.containerFill};stroke:${c.containerStroke};stroke-width:1}
.fl-zone .fl-container-box{fill:${c.zoneFill};stroke-dasharray:4 3}
.fl-container-label{fill:${c.muted};font-size:${FONT.container}px;font-weight:600}
.fl-chip-label{fill:${c.muted};font-size:${FONT.detail}px}
.fl-zone-lost .fl-container-box{fill:${c.lostFill};stroke:${c.error};stroke-width:2}
.fl-node-box{fill:${c.nodeFill};stroke:${c.nodeStroke};stroke-width:1.2}
.fl-node-stripe{fill:${c.accent}}
.fl-kind-store .fl-node-stripe,.fl-kind-cache .fl-node-stripe{fill:${c.store}}
.fl-kind-queue .fl-node-stripe{fill:${c.queue}}
.fl-kind-external .fl-node-stripe,.fl-kind-client .fl-node-stripe{fill:${c.muted}}
.fl-kind-cluster .fl-node-stripe,.fl-kind-lock .fl-node-stripe{fill:${c.cluster}}
.fl-kind-saga .fl-node-stripe,.fl-kind-transaction .fl-node-stripe,.fl-kind-projection .fl-node-stripe{fill:${c.flow}}
.fl-has-error .fl-node-box{stroke:${c.error}}
.fl-has-warning .fl-node-box{stroke:${c.warning}}
.fl-node-kind{fill:${c.muted};font-size:${FONT.kind}px;letter-spacing:.04em}
.fl-node-name{fill:${c.foreground};font-size:${FONT.name}px;font-weight:600}
.fl-node-title{fill:${c.foreground};font-size:${FONT.title}px;font-style:italic}
.fl-node-detail{fill:${c.muted};font-size:${FONT.detail}px}
.fl-replica{fill:${c.accent}}
.fl-replica-lost .fl-replica{fill:${c.error}}
.fl-highlight .fl-node-box{stroke:${c.focus};stroke-width:3}
.fl-badge text{font-size:10px;font-weight:700;fill:#fff}
.fl-badge-error rect{fill:${c.error}}
.fl-badge-warning rect{fill:${c.warning}}
.fl-badge-info rect{fill:${c.info}}
.fl-edge-line{fill:none;stroke:${c.edge};stroke-width:1.3}
.fl-edge-dashed .fl-edge-line{stroke-dasharray:6 4}
.fl-edge-dotted .fl-edge-line{stroke-dasharray:2 3}
.fl-arrowhead{fill:${c.edge}}
.fl-edge-label rect{fill:${c.background};opacity:.85}
.fl-edge-label text{fill:${c.muted};font-size:${FONT.edgeLabel}px}
.fl-zone-loss-mode .fl-dead{opacity:.3}
.fl-zone-loss-mode .fl-dead .fl-node-box{stroke-dasharray:4 3}
.fl-affected .fl-node-box{stroke:${c.error};stroke-width:2.5}
.fl-overloaded .fl-node-box{stroke:${c.warning};stroke-width:2.5;stroke-dasharray:6 2}
.fl-twisty{fill:${c.muted}}
.fl-container-header{fill:transparent}
.fl-container-members{fill:${c.muted};font-size:${FONT.detail}px}
.fl-sim-down>:not(.fl-sim-badge){opacity:.35;filter:grayscale(1)}
.fl-sim-down .fl-node-box{stroke-dasharray:2 3}
.fl-sim-degraded>:not(.fl-sim-badge){opacity:.7}
.fl-sim-degraded .fl-node-box,.fl-collapsed.fl-sim-degraded>.fl-container-box{stroke:${c.warning};stroke-dasharray:5 3;stroke-width:1.6}
.fl-sim-badge text{font-size:${FONT.detail}px;font-weight:600}
.fl-sim-leader rect{fill:${c.nodeFill};stroke:${c.cluster}}
.fl-sim-leader text{fill:${c.cluster}}
.fl-sim-lost rect{fill:${c.error}}
.fl-sim-lost text{fill:#fff}
.fl-sim-zone-down>.fl-container-box{fill:${c.containerStroke};opacity:.6}
.fl-sim-partitioned>.fl-container-box{fill:url(#fl-hatch);stroke:${c.warning};stroke-width:2;stroke-dasharray:none}
.fl-hatch-ground{fill:${c.zoneFill}}
.fl-hatch-line{stroke:${c.warning};stroke-width:1.5;opacity:.45}
`.trim();
}

export const DEFAULT_COLORS = {
  font: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  background: '#ffffff',
  foreground: '#1f2328',
  muted: '#59636e',
  containerFill: '#f6f8fa',
  containerStroke: '#d1d9e0',
  zoneFill: '#ffffff',
  lostFill: '#ffebe9',
  nodeFill: '#ffffff',
  nodeStroke: '#8c959f',
  accent: '#0969da',
  store: '#8250df',
  queue: '#bf8700',
  cluster: '#1a7f37',
  flow: '#bc4c00',
  edge: '#6e7781',
  error: '#cf222e',
  warning: '#bf8700',
  info: '#0969da',
  focus: '#0969da',
};
