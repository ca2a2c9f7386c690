import type { ArchModel, Deployable, LatencyRange, Network as NetworkSpec } from '../../language/model/types';
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

export type SendOutcome = { delivered: true; delayMs: number } | { delivered: false; reason: 'partition' | 'loss' };

/** The network's mutable part: the current partition and the `drop` percentage. */
export class Network {
  sides: readonly (readonly string[])[] | null = null;
  dropPercent = 0;

  constructor(readonly topology: Topology) {}

  /** Loss probability between members, 0..1. */
  get lossProbability(): number {
    return Math.min(100, Math.max(0, this.topology.latency.lossPercent + this.dropPercent)) / 100;
  }

  connected(a: number, b: number): boolean {
    return connected(this.topology, this.sides, a, b);
  }

  /** The fate of a message from a to b sent now: its one-way delay, or why it is lost. */
  send(a: number, b: number, rng: Rng): SendOutcome {
    if (!this.connected(a, b)) return { delivered: false, reason: 'partition' };
    if (rng.chance(this.lossProbability)) return { delivered: false, reason: 'loss' };
    return { delivered: true, delayMs: drawLatency(latencyRange(this.topology, a, b), rng) };
  }

  /** A client's message to or from any member: the client is near every node, whatever the partition (SPEC §4). */
  clientDelay(rng: Rng): number {
    return drawLatency(this.topology.latency.sameZone, rng);
  }
}
