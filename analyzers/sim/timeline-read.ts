import type { TimelineEventKind } from '../../diagram/timeline';
import type { HostRecord } from './actors/host';
import { leadershipIntervals } from './checkers/leadership';
import type { Record } from './history';
import type { LockRecord } from './locks/actors';
import type { SagaRecord } from './sagas/actors';
import type { FaultMatcher, FaultRecordKind, LaneRole } from './timeline-faults';

/*
 * One run's history read into the timeline's parts (timeline.ts assembles them): events in history order, and the
 * intervals the view shades — who led (or held the lock), who was down, where the network was cut. Only records:
 * the same ones the checkers read, never a protocol's state or the trace's strings (the event text is the trace's
 * line for the record, made by the same functions, so a reader can match the two).
 */

export type AnyRecord = Record | HostRecord | LockRecord | SagaRecord;

/** What a fault event links to: its `at` line (the index in the scenario's faults). Other events link by lane. */
export interface Draft {
  t: number;
  kind: TimelineEventKind;
  lane?: number;
  to?: number;
  arriveMs?: number;
  lost?: string;
  text: string;
  decisive: boolean;
  fault?: number;
}

export interface LeaderInterval {
  lane: number;
  term: number;
  fromMs: number;
  toMs: number;
  label?: string;
}

export interface DownInterval {
  lane: number;
  fromMs: number;
  toMs: number;
  why: 'crashed' | 'paused';
}

export interface PartitionInterval {
  fromMs: number;
  toMs: number;
  sides: string[][];
}

export interface Reading {
  drafts: Draft[];
  leaders: LeaderInterval[];
  down: DownInterval[];
  partitions: PartitionInterval[];
}

/** One history, and who its node numbers are. */
export interface Source {
  records: readonly AnyRecord[];
  /** The lane of each node number of this history. */
  lanes: readonly number[];
  /** What the fault matcher needs to know of each lane (indexed by lane, not node). */
  roles: readonly LaneRole[];
  /** The trace's line for a record. */
  text(r: AnyRecord): string;
  /** Lock model: where the holders and the store are among the nodes (the lock service is node 0). */
  lock?: { holderNode: (h: number) => number; storeNode: number | null };
  /** Fault-line labels (`at 10s crash leader`), by fault index: the text of a fault's marker event. */
  faultLabel(k: number): string;
  /** `fault.node` is one member or holder (its marker goes on that lane), not a zone or everyone. */
  singleNode(k: number): boolean;
}

export function readSource(s: Source, faults: FaultMatcher, endMs: number): Reading {
  const drafts: Draft[] = [];
  const lane = (node: number): number | undefined => s.lanes[node];
  // A message and the record of its arrival being discarded (its receiver down, its sender crashed since).
  const inFlight = new Map<string, Draft>();

  const faultRecord = (r: AnyRecord & { kind: FaultRecordKind }, at?: number) => {
    const role = at !== undefined ? (s.roles[at] ?? {}) : {};
    const k = faults.match(r.kind, r.t, role, r.kind === 'fault-skipped' ? r.what : '');
    if (r.kind === 'crash' || r.kind === 'restart' || r.kind === 'pause') {
      // The line's marker, then its effect on the lane: `at 10s crash leader`, then `node 0 crashed`.
      if (k !== undefined && faults.firstFiring(k, r.t)) {
        drafts.push({ t: r.t, kind: 'fault', ...(s.singleNode(k) && at !== undefined ? { lane: at } : {}), text: s.faultLabel(k), decisive: true, fault: k });
      }
      drafts.push({ t: r.t, kind: r.kind, ...(at !== undefined ? { lane: at } : {}), text: s.text(r), decisive: true });
      return;
    }
    // A network fault is its own record; the lock model repeats the group's (both runs see the partition): once.
    if (k !== undefined && !faults.firstFiring(k, r.t)) return;
    drafts.push({ t: r.t, kind: 'fault', text: s.text(r), decisive: true, ...(k !== undefined ? { fault: k } : {}) });
  };

  const on = (node: number | null | undefined, kind: TimelineEventKind, r: AnyRecord, decisive = false) => {
    const l = node === null || node === undefined ? undefined : lane(node);
    drafts.push({ t: r.t, kind, ...(l !== undefined ? { lane: l } : {}), text: s.text(r), decisive });
  };

  for (const r of s.records) {
    switch (r.kind) {
      case 'crash':
      case 'restart':
      case 'pause':
        faultRecord(r, lane(r.node));
        break;
      case 'partition':
      case 'heal':
      case 'drop':
      case 'fault-skipped':
      case 'step-fails':
        faultRecord(r);
        break;
      case 'resume':
        on(r.node, 'resume', r, true);
        break;
      case 'leader':
      case 'step-down':
        on(r.node, r.kind, r, true);
        break;
      case 'send': {
        const from = lane(r.from);
        const to = lane(r.to);
        const d: Draft = { t: r.t, kind: 'message', ...(from !== undefined ? { lane: from } : {}), ...(to !== undefined ? { to } : {}), text: s.text(r), decisive: false };
        if (r.lost !== undefined) d.lost = r.lost;
        if (r.arriveMs !== undefined) {
          d.arriveMs = r.arriveMs;
          inFlight.set(`${r.from}>${r.to}@${r.arriveMs}`, d);
        }
        drafts.push(d);
        break;
      }
      case 'discard': {
        const key = `${r.from}>${r.to}@${r.t}`;
        const sent = inFlight.get(key);
        if (sent) {
          sent.lost = `discarded (${r.why})`;
          sent.text = s.text(r);
          inFlight.delete(key);
        } else on(r.to, 'note', r);
        break;
      }
      case 'settle':
        on(undefined, 'note', r);
        break;
      case 'log':
      case 'replica':
        on(r.node, 'note', r);
        break;
      case 'write':
      case 'ack':
      case 'acked':
      case 'redirect':
      case 'read':
      case 'hinted':
      case 'got':
      case 'get-failed':
        on(r.node, 'client', r);
        break;
      case 'put':
      case 'get':
        on(undefined, 'client', r);
        break;
      case 'handoff':
        on(r.node, 'note', r);
        break;
      default:
        if (r.kind.startsWith('lock-') || r.kind.startsWith('holder-') || r.kind === 'store-write') lockRecord(r as LockRecord, s, on);
        else sagaRecord(r as SagaRecord, on);
    }
  }
  return { drafts, leaders: [...leaderIntervals(s, endMs), ...leaseIntervals(s, endMs)], down: downIntervals(s, endMs), partitions: partitionIntervals(s, endMs) };
}

type On = (node: number | null | undefined, kind: TimelineEventKind, r: AnyRecord, decisive?: boolean) => void;

/**
 * The lock model's records: a grant starts a holder's lease (its "leadership", shaded on its lane) and the lease's
 * end is its step-down; what the lock service answers is on the service's lane, what the store accepts on the store's.
 */
function lockRecord(r: LockRecord, s: Source, on: On): void {
  const holder = s.lock ? s.lock.holderNode(r.holder) : undefined;
  const service = 0;
  switch (r.kind) {
    case 'lock-grant':
      return on(holder, 'leader', r, true);
    case 'lock-expired':
      return on(holder, 'step-down', r, true);
    case 'lock-refused':
      return on(service, 'note', r, true);
    case 'lock-renew':
    case 'lock-busy':
      return on(service, 'note', r);
    case 'holder-acquired':
      return on(holder, 'note', r);
    case 'holder-lost':
      return on(holder, 'note', r, true);
    case 'holder-write':
      // An ordinary write is its message already (as in the trace); the one a resumed holder makes is the story.
      if (r.late) on(holder, 'client', r, true);
      return;
    case 'store-write':
      return on(s.lock?.storeNode, 'client', r, !r.accepted);
  }
}

/** A saga's records: on the replica that drove or applied them; what went wrong (a give-up, a duplicate) is decisive. */
function sagaRecord(r: SagaRecord, on: On): void {
  switch (r.kind) {
    case 'saga-start':
    case 'saga-retry':
      return on(r.driver, 'note', r);
    case 'saga-effect':
      // A duplicate recognised and ignored is harmless; one applied again, or a failure, is what breaks a saga.
      return on(r.node, 'note', r, (r.effect === 'applied' && r.duplicate) || r.effect === 'failed');
    case 'saga-give-up':
    case 'saga-cannot-undo':
      return on(undefined, 'note', r, true);
    case 'saga-wait':
    case 'saga-end':
      return on(undefined, 'note', r);
    case 'step-fails':
      return; // a fault: readSource handles it
  }
}

/** A group's leadership intervals, as the checkers read them (checkers/leadership.ts). */
function leaderIntervals(s: Source, endMs: number): LeaderInterval[] {
  const group = s.records.filter((r): r is Record => r.kind === 'leader' || r.kind === 'step-down' || r.kind === 'crash');
  return leadershipIntervals(group, endMs).flatMap((i) => {
    const lane = s.lanes[i.node];
    return lane === undefined ? [] : [{ lane, term: i.term, fromMs: i.startMs, toMs: i.endMs }];
  });
}

/** A lock's leases as the lock service set them (grant, renewals): the intervals mutual-exclusion judges by. */
function leaseIntervals(s: Source, endMs: number): LeaderInterval[] {
  if (!s.lock) return [];
  const out: LeaderInterval[] = [];
  const byToken = new Map<number, LeaderInterval>();
  for (const r of s.records) {
    if (r.kind !== 'lock-grant' && r.kind !== 'lock-renew') continue;
    const until = Math.min(r.expiresMs, endMs);
    const open = byToken.get(r.token);
    if (open) open.toMs = Math.max(open.toMs, until);
    else if (r.kind === 'lock-grant') {
      const lane = s.lanes[s.lock.holderNode(r.holder)];
      if (lane === undefined) continue;
      const i: LeaderInterval = { lane, term: r.token, fromMs: r.t, toMs: until, label: `token ${r.token}` };
      byToken.set(r.token, i);
      out.push(i);
    }
  }
  return out;
}

function downIntervals(s: Source, endMs: number): DownInterval[] {
  const out: DownInterval[] = [];
  const open = new Map<number, DownInterval>();
  const close = (node: number, t: number) => {
    const d = open.get(node);
    if (!d) return;
    d.toMs = t;
    open.delete(node);
  };
  for (const r of s.records) {
    if (r.kind !== 'crash' && r.kind !== 'restart' && r.kind !== 'pause' && r.kind !== 'resume') continue;
    const lane = s.lanes[r.node];
    if (lane === undefined) continue;
    const current = open.get(r.node);
    if (r.kind === 'pause' && current) continue; // a longer pause of a paused node: still the same stretch
    close(r.node, r.t);
    if (r.kind === 'crash' || r.kind === 'pause') {
      const d: DownInterval = { lane, fromMs: r.t, toMs: endMs, why: r.kind === 'crash' ? 'crashed' : 'paused' };
      open.set(r.node, d);
      out.push(d);
    }
  }
  return out;
}

function partitionIntervals(s: Source, endMs: number): PartitionInterval[] {
  const out: PartitionInterval[] = [];
  let open: PartitionInterval | undefined;
  for (const r of s.records) {
    if (r.kind !== 'partition' && r.kind !== 'heal') continue;
    if (open) open.toMs = r.t;
    open = undefined;
    if (r.kind === 'partition') {
      open = { fromMs: r.t, toMs: endMs, sides: r.sides.map((side) => [...side]) };
      out.push(open);
    }
  }
  return out;
}
