import type { Diagnostic, Severity } from '../../language/diagnostic';
import { isDeployable } from '../../language/model/topology';
import type { ArchModel, Element } from '../../language/model/types';
import { comparePositions, containsPosition, type Range } from '../../language/range';
import { formatDuration } from '../../language/values';
import { layoutDiagram } from '../../diagram/layout';
import {
  clip,
  MAX_MESSAGES,
  nodeId,
  regionId,
  zoneId,
  type Badges,
  type DiagramContainer,
  type DiagramEdge,
  type DiagramEdgeKind,
  type DiagramMessage,
  type DiagramModel,
  type DiagramNode,
  type EdgeStyle,
  type ReplicaMark,
  type ZoneLossView,
} from '../../diagram/model';
import { renderSvg, type RenderOptions } from '../../diagram/render-svg';
import { zoneLoss } from '../analysis/zone-loss';
import { formatRate, loadAnalysis, type LoadAnalysis } from '../analysis/load';
import { syncEdges, type SyncEdge } from '../analysis/graph';

/*
 * The resolved ArchModel (and the diagnostics of the same text) → the diagram model (diagram/model.ts), in the
 * extension host or the CLI. Layout and drawing are in diagram/, shared with the webview.
 *
 * Placement (SPEC §1.2): an element whose replicas all sit in one zone is drawn inside that zone's container;
 * one spread over several zones of one region sits in the region's container with a replica mark per zone;
 * anything else (no zones, several regions, undeclared zones) sits at the top level — as do clients (SPEC §5.1),
 * which the system does not deploy: they are drawn outside every region, their calls as edges into it.
 */

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

const EDGE_STYLE: Record<DiagramEdgeKind, EdgeStyle> = {
  route: 'solid',
  call: 'solid',
  'call-async': 'dashed',
  read: 'solid',
  write: 'solid',
  publish: 'dashed',
  consume: 'dashed',
  'dead-letter': 'dashed',
  'cache-for': 'dotted',
  coordinator: 'dotted',
  'lock-backend': 'dotted',
  'lock-protects': 'dotted',
  'lock-holder': 'dotted',
  'saga-orchestrator': 'dotted',
  'saga-step': 'dotted',
  'tx-coordinator': 'dotted',
  'tx-participant': 'dotted',
  'projection-source': 'dashed',
  'projection-store': 'dashed',
};

/** One way to write durations everywhere (messages, hover, diagram): the language's own. */
export { formatDuration };

/**
 * The longest name a diagram carries: the protocol's limit on names and ids (1000, diagram/protocol.ts) less the two
 * characters of an id's prefix (`n:`). The language sets no limit; an element, zone or region with a longer name is
 * left out of the drawing (with its relations), since one such name would make the client reject the whole diagram.
 */
const MAX_DRAWN_NAME = 998;
const drawable = (name: string): boolean => name.length <= MAX_DRAWN_NAME;

function emptyBadges(): Badges {
  return { error: 0, warning: 0, info: 0 };
}

function detailOf(e: Element): string | undefined {
  const parts: string[] = [];
  switch (e.kind) {
    case 'store':
      if (e.engine) parts.push(e.engine);
      if (e.replication && e.replication !== 'none') parts.push(e.replication);
      if (e.consistency) parts.push(e.consistency.level);
      break;
    case 'queue':
      if (e.delivery) parts.push(e.delivery);
      break;
    case 'cluster':
      if (e.consensus) parts.push(e.consensus);
      break;
    case 'cache':
      if (e.strategy) parts.push(e.strategy);
      if (e.ttlMs !== undefined) parts.push(`ttl ${formatDuration(e.ttlMs)}`);
      break;
    case 'lock':
      if (e.leaseMs !== undefined) parts.push(`lease ${formatDuration(e.leaseMs)}`);
      if (e.fencing) parts.push('fencing');
      break;
    case 'external':
      if (e.availability !== undefined) parts.push(`${e.availability}%`);
      break;
    case 'saga':
      if (e.style) parts.push(e.style);
      parts.push(`${e.steps.length} step${e.steps.length === 1 ? '' : 's'}`);
      break;
    case 'transaction':
      if (e.protocol) parts.push(e.protocol);
      break;
    case 'projection':
      if (e.lagBudgetMs !== undefined) parts.push(`lag ≤ ${formatDuration(e.lagBudgetMs)}`);
      break;
    case 'client':
      if (e.instances !== undefined) parts.push(`${e.instances} instance${e.instances === 1 ? '' : 's'}`);
      if (e.load !== undefined) parts.push(`${e.load} req/s`);
      break;
    default:
      break;
  }
  // SPEC §5.1: what the replicas serve together.
  if (isDeployable(e) && e.capacity !== undefined) parts.push(`capacity ${formatRate(e.capacity * e.replicas)}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** "800ms ×4": the timeout and the number of attempts (retry + 1) when there are retries. */
export function callLabel(timeoutMs: number | undefined, retry: number): string {
  const parts = [timeoutMs === undefined ? 'no timeout' : formatDuration(timeoutMs)];
  if (retry > 0) parts.push(`×${retry + 1}`);
  return parts.join(' ');
}

/**
 * Diagnostics grouped by the top-level declaration whose statement contains their start. The declarations are
 * sorted by start once and each diagnostic is placed by binary search (O((elements + diagnostics) log elements)),
 * not by scanning every element per diagnostic. Top-level statements do not nest; two may only touch at one
 * position, where the one declared first wins, as before.
 */
function diagnosticsByElement(model: ArchModel, diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const byName = new Map<string, Diagnostic[]>();
  const owners = [...model.elements.values()].map((e, order) => ({ name: e.name, range: e.statement.range, order }));
  owners.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.order - b.order);
  for (const d of diagnostics) {
    const at = d.range.start;
    // The last owner that starts at or before `at`.
    let lo = 0;
    let hi = owners.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (comparePositions(owners[mid]!.range.start, at) <= 0) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let owner: (typeof owners)[number] | undefined;
    for (let i = last; i >= 0 && i >= last - 1; i--) {
      const o = owners[i]!;
      if (containsPosition(o.range, at) && (!owner || o.order < owner.order)) owner = o;
    }
    if (!owner) continue;
    const list = byName.get(owner.name) ?? [];
    list.push(d);
    byName.set(owner.name, list);
  }
  return byName;
}

function summarize(list: readonly Diagnostic[] | undefined): { badges: Badges; messages: DiagramMessage[] } {
  const badges = emptyBadges();
  if (!list) return { badges, messages: [] };
  for (const d of list) badges[d.severity]++;
  const messages = [...list]
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || comparePositions(a.range.start, b.range.start))
    .slice(0, MAX_MESSAGES)
    .map((d) => ({ severity: d.severity, rule: d.rule, message: clip(d.message) }));
  return { badges, messages };
}

/** Zones in a stable order: as regions declare them, then zones only placements name. */
function allZones(model: ArchModel): string[] {
  const zones: string[] = [];
  const seen = new Set<string>();
  const add = (z: string) => {
    if (!seen.has(z)) {
      seen.add(z);
      zones.push(z);
    }
  };
  for (const region of model.regions.values()) for (const z of region.zones) add(z);
  for (const e of model.elements.values()) if (isDeployable(e)) for (const r of e.placement) if (r.zone !== undefined) add(r.zone);
  return zones.filter(drawable);
}

function placementOf(e: Element): ReplicaMark[] {
  if (!isDeployable(e)) return [];
  const marks: ReplicaMark[] = [];
  for (const r of e.placement) {
    const zone = r.zone !== undefined && drawable(r.zone) ? r.zone : null;
    const mark = marks.find((m) => m.zone === zone);
    if (mark) mark.count++;
    else marks.push({ zone, count: 1 });
  }
  return marks;
}

/** The container an element is drawn in (see the header comment). */
function parentOf(model: ArchModel, e: Element): string | undefined {
  if (!isDeployable(e)) return undefined;
  const zones = [...new Set(e.placement.flatMap((r) => (r.zone !== undefined ? [r.zone] : [])))];
  if (zones.length === 0) return undefined;
  if (zones.length === 1) return drawable(zones[0]!) ? zoneId(zones[0]!) : undefined;
  const regions = new Set(zones.map((z) => model.zoneRegion.get(z)));
  if (regions.size !== 1) return undefined;
  const [region] = regions;
  return region !== undefined && drawable(region) && model.regions.has(region) ? regionId(region) : undefined;
}

/** A finite, positive rate, for the diagram model (JSON has no Infinity). */
const shownRate = (rate: number | undefined): number | undefined => (rate !== undefined && rate > 0 && Number.isFinite(rate) ? rate : undefined);

function edgesOf(model: ArchModel): DiagramEdge[] {
  const edges: DiagramEdge[] = [];
  // SPEC §5.2: the load each synchronous relation carries, found by the range that names its target.
  const load: LoadAnalysis | undefined = loadAnalysis(model).declared ? loadAnalysis(model) : undefined;
  const syncOf = new Map<string, SyncEdge[]>();
  const carried = (from: string, range: Range | undefined): number | undefined => {
    if (!load || !range) return undefined;
    let list = syncOf.get(from);
    if (!list) {
      const e = model.elements.get(from);
      list = e ? syncEdges(model, e) : [];
      syncOf.set(from, list);
    }
    const edge = list.find((x) => x.range === range);
    return edge ? shownRate(load.edgeLoad(edge)) : undefined;
  };
  const drawn = (name: string | undefined): name is string => {
    const e = name === undefined ? undefined : model.elements.get(name);
    return e !== undefined && e.kind !== 'region' && e.kind !== 'scenario' && drawable(e.name);
  };
  const add = (kind: DiagramEdgeKind, from: string | undefined, to: string | undefined, tooltip: string, label?: string, range?: Range) => {
    if (!drawn(from) || !drawn(to)) return;
    const edge: DiagramEdge = { id: `e${edges.length}`, kind, style: EDGE_STYLE[kind], from, to, tooltip: clip(tooltip) };
    const rate = kind === 'route' || kind === 'call' || kind === 'read' || kind === 'write' ? carried(from, range) : undefined;
    if (rate !== undefined) {
      edge.load = rate;
      edge.tooltip = clip(`${tooltip} · ${formatRate(rate)} at peak`);
      label = label === undefined ? formatRate(rate) : `${label} · ${formatRate(rate)}`;
    }
    if (label !== undefined) edge.label = clip(label);
    if (range !== undefined) edge.range = range;
    edges.push(edge);
  };
  for (const e of model.elements.values()) {
    switch (e.kind) {
      case 'gateway':
        for (const r of e.routes) add('route', e.name, r.target, `${e.name} routes to ${r.target}`, undefined, r.range);
        break;
      case 'client':
      case 'service':
        for (const c of e.calls) {
          const target = c.operation ? `${c.target}.${c.operation}` : c.target;
          const timing = callLabel(c.timeoutMs, c.retry);
          if (c.mode === 'async') add('call-async', e.name, c.target, `${e.name} → ${target} (async call)`, 'async', c.targetRange);
          else add('call', e.name, c.target, `${e.name} → ${target}: timeout ${c.timeoutMs === undefined ? 'none' : formatDuration(c.timeoutMs)}, ${c.retry + 1} attempt${c.retry === 0 ? '' : 's'}`, timing, c.targetRange);
        }
        if (e.kind === 'client') break;
        for (const r of e.reads) {
          const how = [r.from ? `from ${r.from}` : undefined, r.consistency?.level].filter((s) => s !== undefined).join(', ');
          add('read', e.name, r.target, `${e.name} reads ${r.target}${how ? ` (${how})` : ''}`, how ? `reads ${how}` : 'reads', r.targetRange);
        }
        for (const w of e.writes) add('write', e.name, w.target, `${e.name} writes ${w.target}`, 'writes', w.targetRange);
        for (const p of e.publishes) add('publish', e.name, p.target, `${e.name} publishes to ${p.target}${p.outbox ? ' (outbox)' : ''}`, p.outbox ? 'outbox' : undefined, p.targetRange);
        for (const c of e.consumes) add('consume', c.target, e.name, `${e.name} consumes ${c.target}${c.idempotent ? ' (idempotent)' : c.dedupe ? ` (dedupe ${c.dedupe})` : ''}`, undefined, c.targetRange);
        break;
      case 'queue':
        add('dead-letter', e.name, e.deadLetter, `${e.name} dead-letters to ${e.deadLetter}`, 'dead letter');
        break;
      case 'cache':
        add('cache-for', e.name, e.for, `${e.name} caches ${e.for}`, 'caches');
        break;
      case 'store':
        add('coordinator', e.name, e.coordinator, `${e.name} is coordinated by ${e.coordinator}`, 'coordinator');
        break;
      case 'lock':
        add('lock-backend', e.name, e.backend, `${e.name} is backed by ${e.backend}`, 'backend');
        add('lock-protects', e.name, e.protects, `${e.name} protects ${e.protects}`, 'protects');
        for (const h of e.holders) add('lock-holder', h, e.name, `${h} holds ${e.name}`, 'holds');
        break;
      case 'saga':
        add('saga-orchestrator', e.name, e.orchestrator, `${e.orchestrator} orchestrates ${e.name}`, 'orchestrator');
        e.steps.forEach((s, i) => {
          if (!s.action) return;
          const action = s.action.operation ? `${s.action.target}.${s.action.operation}` : s.action.target;
          add('saga-step', e.name, s.action.target, `step ${i + 1} ${s.name}: ${action}${s.pivot ? ' (pivot)' : ''}`, `${i + 1} ${s.name}`, s.action.range);
        });
        break;
      case 'transaction':
        add('tx-coordinator', e.name, e.coordinator, `${e.coordinator} coordinates ${e.name}`, 'coordinator');
        for (const p of e.participants) add('tx-participant', e.name, p, `${p} takes part in ${e.name}`, 'participant');
        break;
      case 'projection':
        add('projection-source', e.source, e.name, `${e.name} is built from ${e.source}`, 'source');
        add('projection-store', e.name, e.store, `${e.name} is stored in ${e.store}`, 'store');
        break;
      default:
        break;
    }
  }
  return edges;
}

/** The diagram of a model, with the diagnostics of the same text attached to the elements they sit in. */
/** How many nodes `toDiagram` draws for the model: known before any rule runs (the size check of `faultline diagram`). */
export function drawnNodeCount(model: ArchModel): number {
  let count = 0;
  for (const e of model.elements.values()) if (e.kind !== 'region' && e.kind !== 'scenario' && drawable(e.name)) count++;
  return count;
}

export function toDiagram(model: ArchModel, diagnostics: readonly Diagnostic[]): DiagramModel {
  const byElement = diagnosticsByElement(model, diagnostics);
  const zones = allZones(model);
  const containers: DiagramContainer[] = [];
  for (const region of model.regions.values()) {
    if (!drawable(region.name)) continue;
    const container: DiagramContainer = { id: regionId(region.name), kind: 'region', name: region.name, range: region.statement.range, ...summarize(byElement.get(region.name)) };
    if (region.title !== undefined) container.title = clip(region.title);
    containers.push(container);
  }
  for (const zone of zones) {
    const region = model.zoneRegion.get(zone);
    const declared = region !== undefined ? model.regions.get(region) : undefined;
    const container: DiagramContainer = { id: zoneId(zone), kind: 'zone', name: zone, badges: emptyBadges(), messages: [] };
    if (declared && drawable(declared.name)) {
      container.parent = regionId(declared.name);
      container.range = declared.statement.range;
    }
    containers.push(container);
  }

  const nodes: DiagramNode[] = [];
  const load = loadAnalysis(model);
  for (const e of model.elements.values()) {
    if (e.kind === 'region' || e.kind === 'scenario' || !drawable(e.name)) continue;
    const node: DiagramNode = {
      id: nodeId(e.name),
      kind: e.kind,
      name: e.name,
      entry: isDeployable(e) && e.entry,
      placement: placementOf(e),
      range: e.statement.range,
      nameRange: e.nameRange,
      ...summarize(byElement.get(e.name)),
    };
    if (e.title !== undefined) node.title = clip(e.title);
    if (e.description !== undefined) node.description = clip(e.description);
    const detail = detailOf(e);
    if (detail !== undefined) node.detail = clip(detail);
    const parent = parentOf(model, e);
    if (parent !== undefined) node.parent = parent;
    if (isDeployable(e)) node.replicas = e.placement.length;
    const capacity = isDeployable(e) && e.capacity !== undefined ? shownRate(e.capacity * e.replicas) : undefined;
    if (capacity !== undefined) node.capacity = capacity;
    const reaching = load.declared && isDeployable(e) ? shownRate(load.of(e.name)?.base) : undefined;
    if (reaching !== undefined) node.load = reaching;
    nodes.push(node);
  }

  return { containers, nodes, edges: edgesOf(model), zones, zoneLoss: zones.map((z) => zoneLossView(model, z)) };
}

/** What is lost with one zone: the dead elements (with why) and the entry points that can no longer serve. */
export function zoneLossView(model: ArchModel, zone: string): ZoneLossView {
  const loss = zoneLoss(model, zone);
  const view: ZoneLossView = {
    zone,
    down: loss.down.filter((d) => drawable(d.element)).map((d) => ({ name: d.element, reason: clip(d.reason) })),
    affectedEntryPoints: loss.affectedEntryPoints.filter((a) => drawable(a.entry)).map((a) => ({ entry: a.entry, via: a.via.filter(drawable) })),
  };
  // SPEC §5.2: what survives but cannot carry its load on the replicas outside the zone (static stability).
  const load = loadAnalysis(model);
  if (load.declared) {
    const dead = new Set(view.down.map((d) => d.name));
    const overloaded: NonNullable<ZoneLossView['overloaded']> = [];
    for (const e of model.elements.values()) {
      if (!isDeployable(e) || e.capacity === undefined || dead.has(e.name) || !drawable(e.name)) continue;
      const base = load.of(e.name)?.base ?? 0;
      const left = load.capacityAfterLosing(e.name, zone) ?? 0;
      if (base > 0 && left < base && Number.isFinite(base)) overloaded.push({ name: e.name, load: base, capacity: left });
    }
    if (overloaded.length > 0) view.overloaded = overloaded;
  }
  return view;
}

/** The CLI's one call: model and diagnostics in, a standalone SVG document out. */
export async function renderDiagramSvg(model: ArchModel, diagnostics: readonly Diagnostic[], options: Omit<RenderOptions, 'standalone'> = {}): Promise<string> {
  const diagram = toDiagram(model, diagnostics);
  const layout = await layoutDiagram(diagram);
  return `${renderSvg(diagram, layout, { ...options, standalone: true })}\n`;
}
