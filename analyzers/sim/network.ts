import type { ArchModel, Deployable, LatencyRange, Network as NetworkSpec } from '../../language/model/types';
import type { Record } from './history';
import type { Rng } from './rng';

/*
 * Where the members of a target are and what the network between them does (SPEC §4). Members sit in the zones of
 * the element's `placement` (an element that lists no zones: all in one unnamed zone, so zone partitions cannot
 * split it). One-way latency is drawn uniformly from the file's `network` ranges (DEFAULTS.network when it has no
 * block): same zone, cross-zone, or cross-region when both zones belong to known, different regions.
 *
 * Partitions are by zone sides: a message between members on different sides is dropped. Zones that no side names
 * form one more side of their own (docs/spec-changes.md, "Simulator (issue 10)"). Loss is the `network` block's
 * `loss` plus the `drop` faults, as percentages added together (at most 100). Both are decided when a message is
 * sent: what is already on the wire when a partition starts still arrives.
 */

/** The zone of members placed nowhere: not a name a `partition` can use (names are identifiers). */
export const UNZONED = '';

export interface Topology {
  /** Number of members, 0..n-1. */
  n: number;
  zone: readonly string[];
  region: readonly (string | undefined)[];
  latency: Readonly<NetworkSpec>;
}

export function topologyOf(element: Pick<Deployable, 'replicas' | 'placement'>, model: Pick<ArchModel, 'network'>, n = element.placement.length): Topology {
  const zone: string[] = [];
  const region: (string | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const r = element.placement[i];
    zone.push(r?.zone ?? UNZONED);
    region.push(r?.region);
  }
  return { n, zone, region, latency: model.network };
}

/** Which latency range applies between two members. */
export function latencyRange(t: Topology, a: number, b: number): LatencyRange {
  const za = t.zone[a];
  const zb = t.zone[b];
  if (za === zb) return t.latency.sameZone;
  const ra = t.region[a];
  const rb = t.region[b];
  if (ra !== undefined && rb !== undefined && ra !== rb) return t.latency.crossRegion;
  return t.latency.crossZone;
}

/** A latency drawn from a range, rounded to the microsecond so traces stay readable. */
export function drawLatency(range: LatencyRange, rng: Rng): number {
  return Math.round(rng.between(range.min, range.max) * 1000) / 1000;
}

/** The side of a zone: its index among the sides, or `sides.length` for the zones no side names. */
export function sideOf(zone: string, sides: readonly (readonly string[])[]): number {
  for (let i = 0; i < sides.length; i++) if (sides[i]!.includes(zone)) return i;
  return sides.length;
}

/** Whether a partition (null: none) lets members a and b talk. */
export function connected(t: Topology, sides: readonly (readonly string[])[] | null, a: number, b: number): boolean {
  if (!sides || a === b) return true;
  return sideOf(t.zone[a]!, sides) === sideOf(t.zone[b]!, sides);
}

/** What a `partition`, `heal` or `drop` fault changes (a Fault of those kinds is one). */
export type NetworkChange =
  | { readonly kind: 'partition'; readonly sides: readonly (readonly string[])[] }
  | { readonly kind: 'heal' }
  | { readonly kind: 'drop'; readonly percent: number };

/** The part of a network those faults change (`Network` has it; actors/host.ts keeps its own). */
export interface NetworkSettings {
  sides: readonly (readonly string[])[] | null;
  dropPercent: number;
}

/** Applies a network fault at `t`; returns the record it leaves in the history. */
export function applyNetworkChange(net: NetworkSettings, change: NetworkChange, t: number): Extract<Record, { kind: NetworkChange['kind'] }> {
  switch (change.kind) {
    case 'partition':
      net.sides = change.sides;
      return { t, kind: 'partition', sides: change.sides };
    case 'heal':
      net.sides = null;
      return { t, kind: 'heal' };
    case 'drop':
      net.dropPercent = change.percent;
      return { t, kind: 'drop', percent: change.percent };
  }
}

export type SendOutcome = { delivered: true; delayMs: number } | { delivered: false; reason: 'partition' | 'loss' };

/** `Network.delay`'s answers for a message that does not arrive (a delay is never negative). */
export const LOST_PARTITION = -1;
export const LOST_LOSS = -2;

/**
 * The network's mutable part: the current partition and the `drop` percentage. The latency range of every pair of
 * members, each member's side of the partition and the loss probability are worked out once (per partition, per
 * `drop`), not per message: `delay` is on the simulator's hottest path.
 */
export class Network {
  private _sides: readonly (readonly string[])[] | null = null;
  private _dropPercent = 0;
  private loss = 0;
  /** Per member: its side of the current partition (all 0 without one). */
  private readonly side: Int32Array;
  /** Per ordered pair a·n+b: the latency range's minimum and width. */
  private readonly minMs: Float64Array;
  private readonly spanMs: Float64Array;
  private readonly clientMin: number;
  private readonly clientSpan: number;

  constructor(readonly topology: Topology) {
    const n = topology.n;
    this.side = new Int32Array(n);
    this.minMs = new Float64Array(n * n);
    this.spanMs = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const r = latencyRange(topology, a, b);
        this.minMs[a * n + b] = r.min;
        this.spanMs[a * n + b] = r.max > r.min ? r.max - r.min : 0;
      }
    }
    const c = topology.latency.sameZone;
    this.clientMin = c.min;
    this.clientSpan = c.max > c.min ? c.max - c.min : 0;
    this.updateLoss();
  }

  get sides(): readonly (readonly string[])[] | null {
    return this._sides;
  }

  set sides(sides: readonly (readonly string[])[] | null) {
    this._sides = sides;
    for (let i = 0; i < this.topology.n; i++) this.side[i] = sides ? sideOf(this.topology.zone[i]!, sides) : 0;
  }

  get dropPercent(): number {
    return this._dropPercent;
  }

  set dropPercent(percent: number) {
    this._dropPercent = percent;
    this.updateLoss();
  }

  /** Loss probability between members, 0..1. */
  get lossProbability(): number {
    return this.loss;
  }

  private updateLoss(): void {
    this.loss = Math.min(100, Math.max(0, this.topology.latency.lossPercent + this._dropPercent)) / 100;
  }

  connected(a: number, b: number): boolean {
    return this._sides === null || a === b || this.side[a] === this.side[b];
  }

  /**
   * The one-way delay of a message from a to b sent now, or LOST_PARTITION / LOST_LOSS. Draws what `send` draws, in
   * the same order (nothing for a partitioned message, then the loss, then the latency).
   */
  delay(a: number, b: number, rng: Rng): number {
    if (this._sides !== null && a !== b && this.side[a] !== this.side[b]) return LOST_PARTITION;
    if (rng.chance(this.loss)) return LOST_LOSS;
    const k = a * this.topology.n + b;
    const span = this.spanMs[k]!;
    const min = this.minMs[k]!;
    return Math.round((span > 0 ? min + rng.float() * span : min) * 1000) / 1000;
  }

  /** The fate of a message from a to b sent now: its one-way delay, or why it is lost. */
  send(a: number, b: number, rng: Rng): SendOutcome {
    const d = this.delay(a, b, rng);
    if (d === LOST_PARTITION) return { delivered: false, reason: 'partition' };
    if (d === LOST_LOSS) return { delivered: false, reason: 'loss' };
    return { delivered: true, delayMs: d };
  }

  /** A client's message to or from any member: the client is near every node, whatever the partition (SPEC §4). */
  clientDelay(rng: Rng): number {
    const span = this.clientSpan;
    return Math.round((span > 0 ? this.clientMin + rng.float() * span : this.clientMin) * 1000) / 1000;
  }
}
