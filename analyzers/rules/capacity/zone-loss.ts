import type { RelatedInformation } from '../../../language/diagnostic';
import { isDeployable } from '../../../language/model/topology';
import type { Deployable } from '../../../language/model/types';
import { setProperty } from '../../analysis/block-edits';
import { formatRate, loadAnalysis, sourcesText } from '../../analysis/load';
import type { Rule } from '../types';

/** The most replicas the quick fix proposes (the `replicas` limit of the language). */
const MAX_REPLICAS = 10_000;

/** Replicas left after losing the zone that holds the most, with `replicas` placed round-robin over `zones`. */
function leftAfterWorstZone(replicas: number, zones: readonly string[]): number {
  const k = zones.length;
  const perZone = new Map<string, number>();
  for (let i = 0; i < k; i++) perZone.set(zones[i]!, (perZone.get(zones[i]!) ?? 0) + Math.floor(replicas / k) + (i < replicas % k ? 1 : 0));
  return replicas - Math.max(...perZone.values());
}

/**
 * The fewest replicas over the same zones whose survivors of any one zone loss carry `load`; undefined beyond
 * MAX_REPLICAS. Only for elements whose replicas serve independently (gateways, services, caches): adding members
 * to a store, queue or cluster changes its quorum math, which is not a mechanical change. What survives grows with
 * the replicas (one more replica adds at most one to the fullest zone), so a binary search finds it.
 */
function replicasNeeded(e: Deployable, load: number): number | undefined {
  if (e.kind !== 'gateway' && e.kind !== 'service' && e.kind !== 'cache') return undefined;
  const carries = (r: number) => leftAfterWorstZone(r, e.zones) * e.capacity! >= load;
  let lo = e.replicas + 1;
  let hi = MAX_REPLICAS;
  if (lo > hi || !carries(hi)) return undefined;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (carries(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export const zoneLoss: Rule = {
  id: 'capacity/zone-loss',
  severity: 'warning',
  description: 'With the zone holding the most replicas of an element lost, the replicas left cannot serve the peak load that reaches it (N+1, static stability).',
  fixable: true,
  check({ model, report }) {
    const load = loadAnalysis(model);
    // SPEC §5.2: where no load is declared anywhere, the load rules stay silent.
    if (!load.declared) return;
    for (const e of model.elements.values()) {
      // `scope zonal` elements are lost with their zone by design; all replicas in one zone is spof/single-zone's.
      if (!isDeployable(e) || e.capacity === undefined || e.scope === 'zonal') continue;
      const l = load.of(e.name)!;
      const lost = l.zoneLoss;
      if (!lost || lost.zoneCount < 2 || l.base <= 0 || !(lost.capacity < l.base)) continue;
      const from = load.sourcesOf(e.name);
      const sources = sourcesText(from);
      const needed = replicasNeeded(e, l.base);
      const advice =
        needed !== undefined
          ? `run ${needed} replicas (${leftAfterWorstZone(needed, e.zones)} left after losing a zone: ${formatRate(leftAfterWorstZone(needed, e.zones) * e.capacity)}) or raise \`capacity\``
          : `add replicas or raise \`capacity\``;
      const related: RelatedInformation[] = [];
      const zones = e.props.statement('zones');
      if (zones) related.push({ message: `${lost.lost} of the ${e.replicas} replicas of \`${e.name}\` ${lost.lost === 1 ? 'is' : 'are'} in ${lost.zone}`, range: zones.range });
      for (const s of from.slice(0, 3)) {
        const statement = model.elements.get(s.name)?.props.statement('load');
        if (statement) related.push({ message: `\`${s.name}\` declares a peak load of ${formatRate(s.load)}`, range: statement.range });
      }
      const replicas = e.props.statement('replicas');
      report({
        range: e.props.statement('capacity')!.range,
        message:
          `losing zone ${lost.zone}, which holds ${lost.lost} of the ${e.replicas} replicas of \`${e.name}\`, leaves ${lost.left} × ${formatRate(e.capacity)} = ${formatRate(lost.capacity)}, ` +
          `below the ${formatRate(l.base)} peak load that reaches it${sources ? ` ${sources}` : ''}: the surviving zones cannot carry the load until it scales out, which is when scaling is slowest (N+1, static stability); ${advice}`,
        related,
        ...(needed !== undefined ? { fixes: [{ title: `Run ${needed} replicas`, edits: [setProperty(e.statement, replicas, 'replicas', String(needed), model.document)] }] } : {}),
      });
    }
  },
};
