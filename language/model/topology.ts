import { DEFAULTS } from './defaults';
import type { ArchModel, Deployable, Element, LatencyRange, Network, Replica } from './types';

/** SPEC §1.2 network defaults, one-way latency in milliseconds (`DEFAULTS.network`). */
export const DEFAULT_NETWORK: Network = DEFAULTS.network;

const DEPLOYABLE_KINDS = new Set(['gateway', 'service', 'store', 'queue', 'cache', 'cluster']);

export function isDeployable(e: Element | undefined): e is Deployable {
  return e !== undefined && DEPLOYABLE_KINDS.has(e.kind);
}

/**
 * One-way latency between two replicas. Without zones, replicas count as one zone apart: the cautious reading
 * when placement is unknown, neither the best case (same zone) nor a guess of regions.
 */
export function latencyBetween(model: ArchModel, a: Replica, b: Replica): LatencyRange {
  const n = model.network;
  if (a.zone === undefined || b.zone === undefined) return n.crossZone;
  if (a.zone === b.zone) return n.sameZone;
  if (a.region !== undefined && b.region !== undefined && a.region !== b.region) return n.crossRegion;
  return n.crossZone;
}

/** Worst one-way latency between any two replicas of an element (0 for a single replica). */
export function worstLatencyWithin(model: ArchModel, e: Deployable): number {
  let worst = 0;
  for (const a of e.placement) for (const b of e.placement) if (a.index < b.index) worst = Math.max(worst, latencyBetween(model, a, b).max);
  return worst;
}

/** The distinct regions an element's replicas are placed in. */
export function regionsOf(e: Deployable): string[] {
  return [...new Set(e.placement.flatMap((r) => (r.region ? [r.region] : [])))];
}

/** Replica count per zone, in zone-declaration order (defined with the other placement questions in semantics.ts). */
export { replicasPerZone } from './semantics';
