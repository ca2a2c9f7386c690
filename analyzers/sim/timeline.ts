import { MAX_TIMELINE_EVENTS, type Timeline, type TimelineEvent } from '../../diagram/timeline';
import type { ArchModel, Scenario } from '../../language/model/types';
import { hostLine, isHostRecord } from './actors/trace';
import type { HostRecord } from './actors/host';
import { checkLostWrites } from './checkers/lost-writes';
import type { CancelToken, Limits } from './engine';
import type { Record as HistoryRecord } from './history';
import type { LockRecord } from './locks/actors';
import { lockLine } from './locks/run';
import { expectationLabel, simulateWithHistory, type RunHistory, type SeedResult } from './run';
import type { SagaRecord } from './sagas/actors';
import { sagaLine } from './sagas/run';
import { faultText } from './shrink';
import { describeRecord } from './trace';
import { FaultMatcher, type LaneRole } from './timeline-faults';
import { readSource, type Draft, type PartitionInterval, type Reading, type Source } from './timeline-read';

/*
 * The timeline of one seed (issue 11; the shape is diagram/timeline.ts): the seed is run again with tracing on, so
 * its history holds every message, and the history — the records the checkers judged — is read into lanes (one per
 * node, named as the declarations name them), events, and the intervals the view shades. The verdicts are the
 * run's own (the SeedResult of that same run), so the timeline shows exactly the counterexample the report names.
 * Deterministic like the run: the same model, scenario and seed give the same Timeline.
 */

export interface TimelineOptions {
  /** Seeds of the sweep this seed comes from (shown beside the histogram). */
  seeds: number;
  /** Every failover time of the sweep, for the histogram. */
  failoverMs: readonly number[];
  now?: () => number;
  cancel?: CancelToken;
  limits?: Partial<Limits>;
}

const MAX_TEXT = 4000;
const MAX_FAILOVERS = 200_000;

interface Lane {
  name: string;
  zone?: string;
  element?: string;
  role: LaneRole;
}

/** The lanes of a run and the histories that speak of them. */
interface Parts {
  lanes: Lane[];
  sources: Omit<Source, 'roles' | 'faultLabel' | 'singleNode'>[];
  /** The group whose `log` records no-lost-writes reads, if any. */
  group?: readonly HistoryRecord[];
}

export function simulateTimeline(model: ArchModel, scenario: Scenario, seed: number, options: TimelineOptions): Timeline {
  const run = simulateWithHistory(model, scenario, {
    seed,
    trace: true,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.cancel ? { cancel: options.cancel } : {}),
  });
  const result = run.result;
  const parts = partsOf(run.history, scenario.target ?? result.target);
  const labels = scenario.faults.map(faultText);
  const matcher = new FaultMatcher(scenario.faults);
  const roles = parts.lanes.map((l) => l.role);
  const single = (k: number) => {
    const f = scenario.faults[k];
    return f !== undefined && (f.kind === 'crash' || f.kind === 'pause' || (f.kind === 'restart' && f.node !== undefined));
  };
  const readings = parts.sources.map((s) => readSource({ ...s, roles, faultLabel: (k) => labels[k] ?? '', singleNode: single }, matcher, result.endMs));
  const declarations = new Declarations(model, scenario, result.target, parts.lanes);
  const lost = parts.group ? checkLostWrites(parts.group, result.endMs) : undefined;
  const { events, truncated } = eventsOf(readings, result, declarations, parts.lanes);
  return {
    scenario: scenario.name,
    target: result.target,
    seed,
    seeds: options.seeds,
    passed: result.passed,
    endMs: result.endMs,
    lanes: parts.lanes.map((l) => ({ name: l.name, ...(l.zone ? { zone: l.zone } : {}), ...(l.element !== undefined ? { element: l.element } : {}) })),
    events,
    truncated,
    leaders: readings.flatMap((r) => r.leaders),
    down: readings.flatMap((r) => r.down),
    partitions: partitionsOf(readings, parts.lanes),
    checks: result.expectations.map((x) => ({ expect: x.expect, passed: x.passed, ...(!x.passed && x.atMs !== undefined ? { atMs: x.atMs } : {}), detail: clip(x.detail) })),
    failoverMs: options.failoverMs.slice(0, MAX_FAILOVERS),
    lostWrites: lost && lost.lost > 0 ? { count: lost.lost, ...(lost.atMs !== undefined ? { atMs: lost.atMs } : {}) } : { count: 0 },
    declarations: declarations.list,
  };
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

// ---- lanes and sources, per kind of run ----------------------------------------------------------------------

function partsOf(h: RunHistory, target: string): Parts {
  switch (h.kind) {
    case 'none':
      return { lanes: [], sources: [] };
    case 'group':
    case 'quorum': {
      const lanes = memberLanes(h.plan.element.name, h.plan.topology.zone);
      return { lanes, sources: [worldSource(h.history, lanes.map((_, i) => i), h.plan.element.name)], ...(h.kind === 'group' ? { group: h.history } : {}) };
    }
    case 'lock':
      return lockParts(h, target);
    case 'saga':
      return sagaParts(h, target);
  }
}

function memberLanes(element: string, zones: readonly string[]): Lane[] {
  return zones.map((zone, i) => ({ name: `${element}#${i}`, ...(zone ? { zone } : {}), element, role: { member: i, ...(zone ? { zone } : {}) } }));
}

/** A group's records as the trace words them, with `node 2` named as its lane is (`orders-db#2`). */
function worldSource(records: readonly HistoryRecord[], lanes: readonly number[], element: string): Parts['sources'][number] {
  return { records, lanes, text: (r) => describeRecord(r as HistoryRecord).text.replace(/\bnode (\d+)\b/g, (_, n: string) => `${element}#${n}`) };
}

/** A lock: its backend group's members (when that group ran), then the lock service, each holder and the store. */
function lockParts(h: Extract<RunHistory, { kind: 'lock' }>, target: string): Parts {
  const lanes: Lane[] = h.group ? memberLanes(h.group.plan.element.name, h.group.plan.topology.zone) : [];
  const sources: Parts['sources'] = h.group ? [worldSource(h.group.history, lanes.map((_, i) => i), h.group.plan.element.name)] : [];
  const plan = h.lockPlan;
  const run = h.lock;
  if (!plan || !run) return { lanes, sources, ...(h.group ? { group: h.group.history } : {}) };
  const offset = lanes.length;
  const holders = plan.holders.length;
  run.nodes.forEach((node, i) => {
    // The service follows its backend's leader when there is one (placeAt): it has no zone of its own then.
    const zone = node.placeAt || node.anywhere ? undefined : node.zone || undefined;
    const holder = i >= 1 && i <= holders ? plan.holders[i - 1] : undefined;
    const element = i === 0 ? target : holder ? holder.element : (plan.store?.name ?? target);
    const name = i === 0 ? `${target} service` : node.name;
    lanes.push({ name, ...(zone ? { zone } : {}), element, role: { ...(holder ? { holder: true } : {}), ...(zone ? { zone } : {}) } });
  });
  const nodeName = (node: number) => run.nodes[node]?.name ?? `node ${node}`;
  const holderName = (k: number) => plan.holders[k]?.name ?? `holder ${k}`;
  const store = plan.store?.name ?? 'store';
  sources.push({
    records: run.history,
    lanes: run.nodes.map((_, i) => offset + i),
    text: (r) => (isHostRecord(r) ? hostLine(r as HostRecord, nodeName).text : lockLine(r as LockRecord, holderName, store).text),
    lock: { holderNode: (k) => 1 + k, storeNode: plan.store ? 1 + holders : null },
  });
  return { lanes, sources, ...(h.group ? { group: h.group.history } : {}) };
}

/** A saga: its client, then every replica of the orchestrator and the participants, named `payments#0`. */
function sagaParts(h: Extract<RunHistory, { kind: 'saga' }>, target: string): Parts {
  const { plan, run } = h;
  if (!plan || !run) return { lanes: [], sources: [] };
  const lanes: Lane[] = run.nodes.map((node, i) => {
    const service = plan.services[run.serviceOfNode[i] ?? -1];
    const zone = node.anywhere ? undefined : node.zone || undefined;
    return { name: node.name, ...(zone ? { zone } : {}), element: service?.name ?? target, role: zone ? { zone } : {} };
  });
  const nodeName = (node: number) => run.nodes[node]?.name ?? `node ${node}`;
  return {
    lanes,
    sources: [{ records: run.history, lanes: lanes.map((_, i) => i), text: (r) => (isHostRecord(r) ? hostLine(r as HostRecord, nodeName).text : sagaLine(r as SagaRecord, plan, nodeName).text) }],
  };
}

// ---- declarations --------------------------------------------------------------------------------------------

/** What events link to: the target, each `at` line, each `expect` line, then the other elements lanes belong to. */
class Declarations {
  readonly list: Timeline['declarations'] = [];
  private readonly elements = new Map<string, number>();
  readonly faults: number[];
  readonly expects: number[];
  readonly target: number | undefined;

  constructor(model: ArchModel, scenario: Scenario, target: string, lanes: readonly Lane[]) {
    this.target = this.element(model, target);
    this.faults = scenario.faults.map((f) => this.add(faultText(f), f.range));
    this.expects = scenario.expectations.map((x) => this.add(`expect ${expectationLabel(x)}`, x.range));
    for (const l of lanes) if (l.element !== undefined) this.element(model, l.element);
  }

  private add(label: string, range: Timeline['declarations'][number]['range']): number {
    this.list.push({ label: clip(label), range: { start: { ...range.start }, end: { ...range.end } } });
    return this.list.length - 1;
  }

  private element(model: ArchModel, name: string): number | undefined {
    if (this.elements.has(name)) return this.elements.get(name);
    const e = model.elements.get(name);
    if (!e) return undefined;
    const k = this.add(`${e.kind} ${e.name}`, e.nameRange);
    this.elements.set(name, k);
    return k;
  }

  /** The declaration of the element a lane belongs to (the target when it has none). */
  ofLane(lane: Lane | undefined): number | undefined {
    return (lane?.element !== undefined ? this.elements.get(lane.element) : undefined) ?? this.target;
  }
}

// ---- events --------------------------------------------------------------------------------------------------

function eventsOf(readings: readonly Reading[], result: SeedResult, d: Declarations, lanes: readonly Lane[]): { events: TimelineEvent[]; truncated: number } {
  // Histories in order (the group's before the lock model's on a tie), sorted by instant: Array#sort is stable.
  const drafts: (Draft & { expect?: number })[] = readings.flatMap((r) => r.drafts);
  drafts.sort((a, b) => a.t - b.t);
  // Each failing check at its instant, after what happened then (the write that made it fail comes first).
  const checks: (Draft & { expect: number })[] = [];
  result.expectations.forEach((x, k) => {
    if (!x.passed && x.atMs !== undefined) checks.push({ t: x.atMs, kind: 'check', text: `expect ${x.expect} failed: ${x.detail}`, decisive: true, expect: k });
  });
  for (const c of checks.sort((a, b) => a.t - b.t)) {
    let at = drafts.length;
    while (at > 0 && drafts[at - 1]!.t > c.t) at--;
    drafts.splice(at, 0, c);
  }
  // The instant the CLI's trace centres on: the first failing expectation's, in the scenario's order.
  const failing = result.expectations.find((x) => !x.passed && x.atMs !== undefined);
  const focus = failing?.atMs ?? drafts.find((e) => e.kind === 'fault')?.t ?? 0;
  const kept = cap(drafts, focus);
  const events = kept.map((e): TimelineEvent => {
    const declaration = e.fault !== undefined ? d.faults[e.fault] : e.expect !== undefined ? d.expects[e.expect] : d.ofLane(e.lane !== undefined ? lanes[e.lane] : undefined);
    const out: TimelineEvent = { t: e.t, kind: e.kind, text: clip(e.text), decisive: e.decisive };
    if (e.lane !== undefined) out.lane = e.lane;
    if (e.to !== undefined) out.to = e.to;
    if (e.arriveMs !== undefined) out.arriveMs = e.arriveMs;
    if (e.lost !== undefined) out.lost = e.lost;
    if (declaration !== undefined) out.declaration = declaration;
    return out;
  });
  return { events, truncated: drafts.length - kept.length };
}

/**
 * At most MAX_TIMELINE_EVENTS, in order: every decisive event, then the others nearest the focus (the failure, or
 * the first fault) — what the trace keeps too — so the part of the run the view opens on is complete.
 */
function cap<T extends Draft>(drafts: readonly T[], focusMs: number): T[] {
  if (drafts.length <= MAX_TIMELINE_EVENTS) return drafts.slice();
  const ranked = drafts.map((e, i) => i).sort((a, b) => {
    const x = drafts[a]!;
    const y = drafts[b]!;
    return Number(y.decisive) - Number(x.decisive) || Math.abs(x.t - focusMs) - Math.abs(y.t - focusMs) || a - b;
  });
  const keep = ranked.slice(0, MAX_TIMELINE_EVENTS).sort((a, b) => a - b);
  return keep.map((i) => drafts[i]!);
}

/**
 * Partitions as the network applied them: the zones no side names are one more side (network.ts). The lock model
 * records the group's partition again: kept once.
 */
function partitionsOf(readings: readonly Reading[], lanes: readonly Lane[]): PartitionInterval[] {
  const zones = [...new Set(lanes.flatMap((l) => (l.zone ? [l.zone] : [])))];
  const seen = new Set<string>();
  const out: PartitionInterval[] = [];
  for (const p of readings.flatMap((r) => r.partitions)) {
    const key = `${p.fromMs}:${JSON.stringify(p.sides)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const named = new Set(p.sides.flat());
    const rest = zones.filter((z) => !named.has(z));
    out.push({ fromMs: p.fromMs, toMs: p.toMs, sides: rest.length ? [...p.sides, rest] : p.sides });
  }
  return out.sort((a, b) => a.fromMs - b.fromMs);
}
