import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node.js';
import { callFacts, callLabel } from '../../analyzers/analysis/calls';
import { hasQuorumMath, isConsensusGroup, quorumMath } from '../../analyzers/analysis/quorum';
import { zoneLoss } from '../../analyzers/analysis/zone-loss';
import { capacityText, formatRate, loadAnalysis, sourcesText } from '../../analyzers/analysis/load';
import { electionQuorum, replicasPerZone, zoneLossOutcome, zonesOf, type ZoneLossOutcome } from '../../language/model/semantics';
import { isDeployable } from '../../language/model/topology';
import type { ArchModel, Call, Deployable, Element } from '../../language/model/types';
import { containsPosition, type Range } from '../../language/range';
import { formatDuration } from '../../language/values';
import { CRITICAL_CATEGORIES } from '../../language/vocabulary/enums';
import { scenarioWordHover } from './scenario-completion';
import { KIND_BY_NAME, NETWORK_DESCRIPTION } from '../../language/vocabulary/kinds';
import type { PropertySpec } from '../../language/vocabulary/property';
import type { Analysis } from './documents';
import { operationsOf, type Occurrence, type StatementInfo } from './syntax-index';

/*
 * Markdown hover: on an element name its kind, title and description, the quorum math of stores and clusters,
 * the worst case of calls; on a property head its vocabulary description and allowed values; on an enum value
 * what that value means in its property.
 */

/** What some enum values mean, beyond the property's own description. */
const VALUE_NOTES: Record<string, string> = {
  linearizable: 'Every read sees the latest acknowledged write, in real-time order (strongest).',
  strong: 'Same as linearizable.',
  sequential: 'All clients see operations in one order, consistent with each client’s own order, though not real time.',
  causal: 'Reads respect cause and effect: a write is seen after the writes it depends on.',
  'read-your-writes': 'A client always sees its own writes.',
  'monotonic-reads': 'A client never sees time go backwards.',
  'bounded-staleness': 'Reads lag writes by at most the given duration.',
  eventual: 'Replicas converge when writes stop; reads may be stale (weakest).',
  leaderless: 'Any replica accepts writes; consistency comes from write/read quorums (W + R > N to overlap).',
  'leader-follower': 'One leader takes writes and ships them to followers (synchronously for `sync-followers`).',
  'multi-leader': 'Several leaders take writes concurrently; conflicts are possible and must be resolved.',
  CP: 'Under a partition, refuse what cannot be served consistently.',
  AP: 'Under a partition, stay available and accept divergence.',
  'at-least-once': 'Messages may be delivered more than once: consumers must be idempotent.',
  'at-most-once': 'Messages may be lost but never duplicated.',
  'exactly-once': 'Needs an idempotent consumer or a transactional sink end to end.',
  'write-behind': 'Writes are acknowledged from the cache and flushed later: a cache crash loses them.',
  exponential: 'The delay doubles after each attempt, from BASE up to MAX.',
  full: 'Each delay is drawn uniformly from 0 to the backoff delay.',
  equal: 'Half the delay is kept, the other half is random.',
};

function code(s: string): string {
  return `\`${s}\``;
}

function propertyHover(spec: PropertySpec, where: string): string {
  const lines = [`**${spec.name}** — property of ${where}`, '', spec.description];
  if (spec.values?.length) lines.push('', `Values: ${spec.values.map(code).join(', ')}`);
  if (spec.refKinds?.length) lines.push('', `Names ${spec.refKinds.map((k) => `a ${k}`).join(' or ')}.`);
  if (spec.block?.length) lines.push('', `Block: ${spec.block.map((p) => code(p.name)).join(', ')}`);
  return lines.join('\n');
}

function whereOf(info: StatementInfo): string {
  const parent = info.parent;
  if (!parent) return 'the document';
  if (parent.network) return code('network');
  if (parent.kind) return `${parent.kind.kind}`;
  return code(parent.statement.head);
}

function quorumSection(analysis: Analysis, e: Element): string[] {
  if (!hasQuorumMath(e)) return [];
  const q = quorumMath(analysis.result.model, e);
  const mode =
    e.kind === 'cluster' ? `consensus ${e.consensus ?? '(default)'}` : isConsensusGroup(e) ? `consensus (${e.election})` : (e.replication ?? 'replication not declared');
  const out = ['', `**Quorum math** — ${mode}`, ''];
  out.push(`| N | W | R | majority | write failures tolerated | read failures tolerated | overlap |`);
  out.push(`|---|---|---|---|---|---|---|`);
  const overlap = q.overlap === undefined ? 'n/a' : q.overlap ? 'yes' : '**no**';
  out.push(`| ${q.n} | ${q.w ?? '–'} | ${q.r ?? '–'} | ${q.majority} | ${q.writeFailuresTolerated} | ${q.readFailuresTolerated} | ${overlap} |`);
  if (q.w !== undefined && q.r !== undefined && e.kind === 'store' && e.replication === 'leaderless') {
    out.push('', `W + R = ${q.w + q.r} ${q.w + q.r > q.n ? '>' : '≤'} N = ${q.n}${e.sloppyQuorum ? ' (sloppy quorum: may not overlap)' : ''}`);
  }
  out.push(...electionLines(e));
  if (q.perZone.length) out.push('', `Placement: ${q.perZone.map((z) => `${z.zone} ×${z.replicas}`).join(', ')}`);
  out.push(...zoneLossLines(analysis.result.model, e));
  return out;
}

/** SPEC §5.1: the votes a new leader needs, which followers it may be, and from where. */
function electionLines(e: Element): string[] {
  if (e.kind !== 'store' && e.kind !== 'queue' && e.kind !== 'cluster') return [];
  const q = electionQuorum(e);
  if (!q) return [];
  const votes = `${q.votes} vote${q.votes === 1 ? '' : 's'}${q.declared ? ' (election-quorum)' : q.rule === 'majority' ? ' (the majority)' : ' (default: a node that sees no higher node elects itself)'}`;
  const warn = q.votes < q.majority ? ` — below the majority of ${q.majority}: both sides of a partition can elect a leader` : '';
  return ['', `Election: a new leader needs ${votes}${warn}; promotes ${code(e.promote)} followers; failover-scope ${code(e.failoverScope)}`];
}

function placementSection(analysis: Analysis, e: Element): string[] {
  if (!isDeployable(e) || hasQuorumMath(e)) return [];
  const zones = replicasPerZone(e);
  return ['', `Replicas: ${e.replicas}${zones.size ? ` — ${[...zones].map(([z, n]) => `${z} ×${n}`).join(', ')}` : ''}`, ...zoneLossLines(analysis.result.model, e)];
}

/** What the loss of a zone needed: the failing operation's need, else the larger of the two. */
function neededFor(o: ZoneLossOutcome): number {
  return !o.write.ok ? o.write.need : !o.read.ok ? o.read.need : Math.max(o.write.need, o.read.need);
}

/**
 * What losing each zone does to the element, as semantics.ts's zoneLossOutcome decides it (the verdict of
 * quorum/zone-majority and of the zone-loss view): one line per zone when some loss takes it down, one line for
 * all when none does; for an element without zones in a file that names zones, the worst case.
 */
export function zoneLossLines(model: ArchModel, e: Deployable): string[] {
  const zones = zonesOf(e);
  if (zones.length === 0) {
    if (model.zoneRegion.size === 0 && ![...model.elements.values()].some((x) => isDeployable(x) && x.zones.length > 0)) {
      return hasQuorumMath(e) ? ['', 'Placement: no zones declared.'] : [];
    }
    return ['', `No zones declared: losing any zone may take all ${e.replicas} replica${e.replicas === 1 ? '' : 's'} (worst case): **down** ✗`];
  }
  const outcomes = zones.map((z) => zoneLossOutcome(e, z, model));
  if (outcomes.every((o) => !o.down)) {
    const least = Math.min(...outcomes.map((o) => o.live));
    const needs = Math.max(...outcomes.map(neededFor));
    return ['', `Losing any one zone (${zones.map(code).join(', ')}) leaves at least ${least} of ${e.replicas} (needs ${needs}): survives ✓`];
  }
  const out = [''];
  for (const o of outcomes) {
    const verdict = o.down ? `**down** ✗ — ${escapeMarkdown(o.reason ?? '')}` : 'survives ✓';
    out.push(`- Losing ${code(o.zone)} leaves ${o.live} of ${o.total} (needs ${neededFor(o)}): ${verdict}`);
  }
  return out;
}

/**
 * SPEC §5.2: the peak load that reaches the element (with and without retries, and from where), its capacity, and
 * what losing the zone with most of its replicas leaves — the numbers of `retry/storm` and `capacity/zone-loss`.
 */
function loadSection(analysis: Analysis, e: Element): string[] {
  if (e.kind === 'client') {
    if (e.load === undefined) return [];
    return ['', `**Load** — sends ${formatRate(e.load)} at peak${e.instances !== undefined ? ` from ${e.instances.toLocaleString('en-US')} instances` : ''}`];
  }
  if (!isDeployable(e)) return [];
  const load = loadAnalysis(analysis.result.model);
  const l = load.of(e.name);
  if (!l || (l.capacity === undefined && !(l.base > 0))) return [];
  const out = ['', '**Load**', ''];
  if (load.declared) {
    const retries = l.peak > l.base ? ` (${formatRate(l.peak)} with retries)` : '';
    const from = sourcesText(load.sourcesOf(e.name));
    out.push(`- peak load reaching it: ${formatRate(l.base)}${retries}${from ? ` ${from}` : ''}`);
  }
  if (!l.capacity) {
    out.push('- capacity: not declared');
    return out;
  }
  const over = load.declared && l.peak > l.capacity.total ? (l.base > l.capacity.total ? ' — **below the peak load** ✗' : ' — below the peak with retries') : '';
  out.push(`- capacity: ${capacityText(l.capacity)}${over}`);
  const z = l.zoneLoss;
  if (z && z.zoneCount >= 2) {
    const verdict = !load.declared || !(l.base > 0) ? '' : z.capacity >= l.base ? ': carries the peak ✓' : ': **below the peak load** ✗';
    out.push(`- losing ${code(z.zone)} (${z.lost} of ${e.replicas} replicas, the most in one zone) leaves ${z.left} × ${formatRate(l.capacity.perReplica)} = ${formatRate(z.capacity)}${verdict}`);
  } else if (z) {
    out.push(`- losing ${code(z.zone)} (every replica) leaves nothing${e.scope === 'zonal' ? ' (`scope zonal`: by design)' : ''}`);
  }
  return out;
}

function callSection(analysis: Analysis, call: Call): string[] {
  const facts = callFacts(analysis.result.model, call);
  const out = ['', `**Call** ${code(call.caller)} → ${code(callLabel(call))} (${call.mode})`, ''];
  out.push(`- attempts: ${facts.attempts}${call.retry ? ` (retry ${call.retry})` : ''}`);
  out.push(`- worst case: ${facts.worstCase ? facts.worstCase.breakdown : 'unbounded (no timeout declared)'}`);
  if (facts.amplificationFromEntries > 1) {
    // `×16`, `×more than 10^15`, or `unbounded (cycle a → b → a)`: never `×Infinity`.
    const text = facts.amplificationFromEntries === Infinity && facts.amplificationText.startsWith('unbounded') ? facts.amplificationText : `×${facts.amplificationText}`;
    out.push(`- retry amplification from entry points: ${text}`);
  }
  if (call.timeoutMs !== undefined) out.push(`- timeout per attempt: ${formatDuration(call.timeoutMs)}`);
  return out;
}

function elementHover(analysis: Analysis, e: Element): string {
  const spec = KIND_BY_NAME.get(e.kind);
  // Titles and descriptions are the file author's text: shown as text, never as Markdown (a shared file must
  // not put links or remote images into a reader's hover).
  const lines = [`**${e.kind}** ${code(e.name)}${e.title ? ` — ${escapeMarkdown(e.title)}` : ''}`, '', `_${spec?.description ?? ''}_`];
  if (e.description) lines.push('', escapeMarkdown(e.description));
  lines.push(...quorumSection(analysis, e), ...placementSection(analysis, e), ...loadSection(analysis, e));
  const ops = operationsOf(e);
  if (ops?.size) lines.push('', `Operations: ${[...ops.values()].map((o) => code(o.name) + (o.idempotent ? ' (idempotent)' : '')).join(', ')}`);
  return lines.join('\n');
}

function callOf(analysis: Analysis, info: StatementInfo): Call | undefined {
  const owner = info.element;
  if (owner?.kind !== 'service' && owner?.kind !== 'client') return undefined;
  return owner.calls.find((c) => c.statement === info.statement);
}

function occurrenceHover(analysis: Analysis, o: Occurrence): string | undefined {
  const model = analysis.result.model;
  if (o.type === 'zone') {
    const region = model.zoneRegion.get(o.name);
    const placed: string[] = [];
    for (const e of model.elements.values()) {
      if (!('placement' in e)) continue;
      const n = e.placement.filter((r) => r.zone === o.name).length;
      if (n) placed.push(`${code(e.name)} ×${n}`);
    }
    const lines = [`**zone** ${code(o.name)}${region ? ` in region ${code(region)}` : ' (not declared in any region)'}`, '', placed.length ? `Replicas here: ${placed.join(', ')}` : 'No replicas placed here.'];
    // The zone-loss view's verdict (semantics.ts's zoneLossOutcome for every element).
    const loss = zoneLoss(model, o.name);
    if (loss.down.length) {
      lines.push('', `If ${code(o.name)} is lost: ${loss.down.map((d) => `${code(d.element)} down (${escapeMarkdown(d.reason)})`).join(', ')}`);
      if (loss.affectedEntryPoints.length) lines.push('', `Entry points affected: ${loss.affectedEntryPoints.map((a) => code(a.entry)).join(', ')}`);
    } else {
      lines.push('', `If ${code(o.name)} is lost: every element keeps serving.`);
    }
    return lines.join('\n');
  }
  if (o.type === 'operation') {
    const target = o.key.slice('operation:'.length, o.key.lastIndexOf('.'));
    const op = operationsOf(model.elements.get(target))?.get(o.name);
    const lines = [`**operation** ${code(`${target}.${o.name}`)}`, '', op ? (op.idempotent ? 'Idempotent: safe to retry.' : 'Not idempotent: a retry may apply it twice.') : 'Not declared.'];
    const call = callOf(analysis, o.info);
    if (call) lines.push(...callSection(analysis, call));
    return lines.join('\n');
  }
  const e = model.elements.get(o.name);
  if (!e) return `${code(o.name)} is not declared.`;
  let text = elementHover(analysis, e);
  const call = callOf(analysis, o.info);
  if (call && !o.declaration) text += '\n' + callSection(analysis, call).join('\n');
  return text;
}

function markdown(value: string, range: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}

export function hover(analysis: Analysis, p: Position): Hover | null {
  const o = analysis.index.occurrenceAt(p);
  if (o) {
    const text = occurrenceHover(analysis, o);
    return text ? markdown(text, o.range) : null;
  }
  const info = analysis.index.statementAt(p);
  if (!info) return null;
  const s = info.statement;
  if (containsPosition(s.headRange, p)) {
    if (info.kind) return markdown(`**${info.kind.kind}** — ${info.kind.description}`, s.headRange);
    if (info.network) return markdown(`**network** — ${NETWORK_DESCRIPTION}`, s.headRange);
    if (info.spec) {
      let text = propertyHover(info.spec, whereOf(info));
      const call = callOf(analysis, info);
      if (call) text += '\n' + callSection(analysis, call).join('\n');
      return markdown(text, s.headRange);
    }
    return null;
  }
  const atom = s.atoms.find((a) => containsPosition(a.range, p));
  if (!atom || atom.kind !== 'ident') return null;
  const spec = info.spec;
  const scenarioWord = spec && spec.value === 'atoms' ? scenarioWordHover(spec.name, atom.text) : undefined;
  if (scenarioWord) return markdown(scenarioWord, atom.range);
  const values = spec?.values;
  if (spec && values?.includes(atom.text)) {
    const lines = [`${code(atom.text)} — value of ${code(spec.name)}`, ''];
    const note = VALUE_NOTES[atom.text];
    if (note) lines.push(note, '');
    if (spec.name === 'holds') lines.push((CRITICAL_CATEGORIES as readonly string[]).includes(atom.text) ? 'Critical data: needs consistency at least `sequential`, and not `cap AP`.' : 'Tolerant data: weaker consistency is acceptable.', '');
    lines.push(spec.description, '', `One of: ${values.map(code).join(', ')}`);
    return markdown(lines.join('\n'), atom.range);
  }
  return null;
}

/**
 * Backslash-escapes every Markdown-significant character (and `<`, so no HTML either). `:` too: VS Code renders
 * hover Markdown with GFM autolinks, which turn a bare `https://…` (or `http://localhost:8080/…`) into a link;
 * `https\://` reads the same and links nowhere (`.` is escaped already, so `www.` cannot start one either).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}\[\]()#+\-.!|<>~:]/g, (c) => `\\${c}`);
}
