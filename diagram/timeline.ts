import * as z from 'zod';

/*
 * The timeline of one simulated seed (issue 11): what the timeline webview draws, and what steps the diagram with it.
 * analyzers/sim/timeline.ts builds it from the run's event history — the same records the checkers read — and the
 * language server sends it with a simulation's result; the extension host passes it to the timeline webview. Like
 * protocol.ts, every message is zod-validated on arrival and every list is bounded. Plain data, pure functions: this
 * folder runs in Node and in the browser.
 */

const MAX_NAME = 1000;
const MAX_TEXT = 4000;
/** Events kept in one timeline (the rest are counted in `truncated`): enough for a minute of a 5-node group's traffic. */
export const MAX_TIMELINE_EVENTS = 20_000;
const MAX_LANES = 500;
const MAX_INTERVALS = 20_000;

const name = z.string().max(MAX_NAME);
const text = z.string().max(MAX_TEXT);
const ms = z.number().min(0).max(1e13);
const lane = z.number().int().min(0).max(MAX_LANES - 1);
const position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
const range = z.object({ start: position, end: position });

export const TimelineEventKindSchema = z.enum([
  /** A message between lanes (`from` → `to`, sent at `t`, arriving at `arriveMs`; `lost` when it never arrived). */
  'message',
  /** A fault of the scenario (crash, pause, partition, heal, lose zone, drop, skipped). */
  'fault',
  'leader',
  'step-down',
  'crash',
  'restart',
  'pause',
  'resume',
  /** Client traffic: a write handled, acknowledged, a read answered… */
  'client',
  /** A check failed here (the expectation's instant). */
  'check',
  /** Anything else worth a mark: settle, grants, saga steps, end-of-run logs. */
  'note',
]);
export type TimelineEventKind = z.infer<typeof TimelineEventKindSchema>;

export const TimelineEventSchema = z.object({
  t: ms,
  kind: TimelineEventKindSchema,
  /** The lane it happens on (the sender, for a message); none for a fault that strikes the network. */
  lane: lane.optional(),
  to: lane.optional(),
  arriveMs: ms.optional(),
  lost: text.optional(),
  /** The line the CLI's trace prints for it (without the `t=` prefix). */
  text,
  /** On the path to the failure: the counterexample's steps (faults, leadership changes, the failing check). */
  decisive: z.boolean(),
  /** Index into `declarations`: what clicking the event reveals. */
  declaration: z.number().int().min(0).optional(),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const TimelineSchema = z.object({
  scenario: name,
  target: name,
  seed: z.number().int(),
  /** Seeds in the sweep this seed comes from. */
  seeds: z.number().int().min(0),
  passed: z.boolean(),
  endMs: ms,
  /** One per node: `orders-db#2` with its zone; `element` is the declared element it belongs to (for the diagram). */
  lanes: z.array(z.object({ name, zone: name.optional(), element: name.optional() })).max(MAX_LANES),
  /** Sorted by `t`, ties in history order. */
  events: z.array(TimelineEventSchema).max(MAX_TIMELINE_EVENTS),
  /** Events of the run left out for the cap. */
  truncated: z.number().int().min(0),
  /**
   * Lane `lane` acted as leader in `term` from `fromMs` to `toMs`. A lock's holders "lead" while their lease lasts,
   * `term` being the token; `label` says so (`token 3`) where `term N` would mislead (optional: `term N` without).
   */
  leaders: z.array(z.object({ lane, term: z.number().int().min(0), fromMs: ms, toMs: ms, label: name.optional() })).max(MAX_INTERVALS),
  /** Lane `lane` could not act: crashed (until restart or the end) or paused. */
  down: z.array(z.object({ lane, fromMs: ms, toMs: ms, why: z.enum(['crashed', 'paused']) })).max(MAX_INTERVALS),
  /** The network was cut into `sides` (zone names) from `fromMs` to `toMs`. */
  partitions: z.array(z.object({ fromMs: ms, toMs: ms, sides: z.array(z.array(name).max(MAX_LANES)).max(MAX_LANES) })).max(MAX_INTERVALS),
  /** Each expectation's verdict for this seed; `atMs` where a failing one failed. */
  checks: z.array(z.object({ expect: text, passed: z.boolean(), atMs: ms.optional(), detail: text })).max(100),
  /** Every failover time of the sweep (all seeds), for the histogram. */
  failoverMs: z.array(ms).max(200_000),
  /** Acknowledged writes lost in this seed, and when the checker saw them lost (the store shows them from then on). */
  lostWrites: z.object({ count: z.number().int().min(0), atMs: ms.optional() }),
  /** What events link to: the scenario's lines (each fault, each expectation) and the declarations they involve. */
  declarations: z.array(z.object({ label: text, range })).max(5000),
});
export type Timeline = z.infer<typeof TimelineSchema>;

/** What the diagram shows at one instant of a timeline (the diagram and the timeline step together). */
export const SimOverlaySchema = z.object({
  seed: z.number().int(),
  atMs: ms,
  /** Per declared element involved in the run. */
  elements: z
    .array(
      z.object({
        name,
        /** `down`: no lane of it can act; `degraded`: some cannot, or it has no leader. */
        status: z.enum(['ok', 'degraded', 'down']),
        /** The lane acting as leader now, if any. */
        leader: name.optional(),
        down: z.number().int().min(0),
        total: z.number().int().min(0),
        lostWrites: z.number().int().min(0),
      }),
    )
    .max(MAX_LANES),
  /** Zones every lane of which is down, and zones cut off on a partition's side. */
  zonesDown: z.array(name).max(MAX_LANES),
  partitioned: z.array(name).max(MAX_LANES),
});
export type SimOverlay = z.infer<typeof SimOverlaySchema>;

/** Host → timeline webview. */
export const TimelineHostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('timeline'), timeline: TimelineSchema }),
  /** Instead of a timeline: a run in progress, cancelled, or nothing to show. */
  z.object({ type: z.literal('notice'), text }),
]);
export type TimelineHostMessage = z.infer<typeof TimelineHostMessageSchema>;

/** Timeline webview → host. */
export const TimelineWebviewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** The user stepped to event `index` (or cleared the step: null); `overlay` is the diagram's state then. */
  z.object({ type: z.literal('step'), index: z.number().int().min(0).nullable(), overlay: SimOverlaySchema.nullable() }),
  z.object({ type: z.literal('reveal'), declaration: z.number().int().min(0) }),
  z.object({ type: z.literal('copySeed'), seed: z.number().int() }),
  z.object({ type: z.literal('error'), message: text }),
]);
export type TimelineWebviewMessage = z.infer<typeof TimelineWebviewMessageSchema>;

function parseWith<T>(schema: z.ZodType<T>, what: string, data: unknown, log: (msg: string) => void): T | undefined {
  const r = schema.safeParse(data);
  if (!r.success) {
    log(`faultline timeline: dropped an invalid message from ${what}: ${r.error.issues[0]?.message ?? 'invalid'}`);
    return undefined;
  }
  return r.data;
}

export const parseTimelineHostMessage = (data: unknown, log: (msg: string) => void = console.warn) => parseWith(TimelineHostMessageSchema, 'the extension', data, log);
export const parseTimelineWebviewMessage = (data: unknown, log: (msg: string) => void = console.warn) => parseWith(TimelineWebviewMessageSchema, 'the webview', data, log);

/**
 * The diagram's state at instant `t` of a timeline (inclusive): who is down, who leads, which zones are cut off
 * (an element with a member there is degraded), lost writes once the checker saw them. Pure: the timeline webview calls it on every step.
 */
export function overlayAt(timeline: Timeline, t: number): SimOverlay {
  const downAt = new Set<number>();
  for (const d of timeline.down) if (d.fromMs <= t && t < d.toMs) downAt.add(d.lane);
  const leaderAt = new Map<number, number>();
  for (const l of timeline.leaders) if (l.fromMs <= t && t < l.toMs) leaderAt.set(l.lane, l.term);
  const byElement = new Map<string, number[]>();
  timeline.lanes.forEach((l, i) => {
    const element = l.element ?? timeline.target;
    byElement.set(element, [...(byElement.get(element) ?? []), i]);
  });
  const lost = timeline.lostWrites.atMs !== undefined && t >= timeline.lostWrites.atMs ? timeline.lostWrites.count : 0;
  const cut = timeline.partitions.find((p) => p.fromMs <= t && t < p.toMs);
  // The smaller sides are the ones cut off (the first side on a tie): what a reader calls "partitioned away".
  const partitioned = cut ? cut.sides.slice().sort((a, b) => a.length - b.length).slice(0, Math.max(1, cut.sides.length - 1)).flat() : [];
  const cutOff = new Set(partitioned);
  const elements = [...byElement].map(([element, lanes]) => {
    const down = lanes.filter((i) => downAt.has(i)).length;
    // Lanes on a side cut off by a partition are up but out of reach: the element is degraded, not ok.
    const unreachable = lanes.some((i) => !downAt.has(i) && cutOff.has(timeline.lanes[i]?.zone ?? ''));
    const leaders = lanes.filter((i) => leaderAt.has(i) && !downAt.has(i));
    // The leader of the highest term: under split brain an older one may still act, but the newest is the one elected.
    const leader = leaders.sort((a, b) => leaderAt.get(b)! - leaderAt.get(a)!)[0];
    const leads = timeline.leaders.some((l) => lanes.includes(l.lane));
    const status: 'ok' | 'degraded' | 'down' = down === lanes.length ? 'down' : down > 0 || unreachable || (leads && leader === undefined) ? 'degraded' : 'ok';
    return {
      name: element,
      status,
      ...(leader !== undefined ? { leader: timeline.lanes[leader]!.name } : {}),
      down,
      total: lanes.length,
      lostWrites: element === timeline.target ? lost : 0,
    };
  });
  const zones = new Map<string, number[]>();
  timeline.lanes.forEach((l, i) => l.zone && zones.set(l.zone, [...(zones.get(l.zone) ?? []), i]));
  const zonesDown = [...zones].filter(([, lanes]) => lanes.every((i) => downAt.has(i))).map(([z]) => z);
  return { seed: timeline.seed, atMs: t, elements, zonesDown, partitioned };
}
