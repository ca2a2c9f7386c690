import type { Range } from '../../../language/range';
import type { ArchModel } from '../../../language/model/types';
import type { Rule } from '../types';
import { hasQuorumMath, isConsensusGroup, quorumMath, showQuorum, type QuorumMath } from '../../analysis/quorum';

/** The zone's name in its region's `zones` list, for related information. */
function zoneDeclaration(model: ArchModel, zone: string): Range | undefined {
  const region = model.regions.get(model.zoneRegion.get(zone) ?? '');
  return region?.props.statement('zones')?.atoms.find((a) => a.text === zone)?.range;
}

/**
 * What placement would survive the loss of any one zone: at most N − needed replicas per zone, which needs at
 * least ⌈N / (N − needed)⌉ zones. When N − needed is 0 no placement can: every replica is needed.
 */
function advice(q: QuorumMath, needed: number, leaderless: boolean): string {
  const maxPerZone = q.n - needed;
  if (maxPerZone <= 0) {
    if (!leaderless) {
      return `with ${q.n} member${q.n === 1 ? '' : 's'} the majority of ${q.majority} needs every member, so no placement survives losing a zone; add members: 3 over 3 zones (at most 1 per zone) or 5 over 3 zones (at most 2 per zone)`;
    }
    return `the quorums need all ${q.n} replicas, so no placement survives losing a zone; lower W and R to ${q.majority} (a majority, still W+R > N) or add replicas`;
  }
  const zones = Math.ceil(q.n / maxPerZone);
  return `spread the replicas so no zone holds more than ${maxPerZone} (${q.n} replicas need at least ${zones} zones for that)`;
}

export const zoneMajority: Rule = {
  id: 'quorum/zone-majority',
  severity: 'warning',
  description: 'Losing one zone leaves a consensus group without a majority, or a leaderless store with fewer live replicas than W or R.',
  check({ model, report }) {
    for (const e of model.elements.values()) {
      if (!hasQuorumMath(e)) continue;
      const leaderless = e.kind === 'store' && e.replication === 'leaderless';
      if (!isConsensusGroup(e) && !leaderless) continue;
      const q = quorumMath(model, e);
      // One zone is spof/single-zone's (or the region's) problem: here the group spreads and still cannot survive a zone.
      if (q.perZone.length < 2 || q.zoneLossSurvivable !== false || !q.worstZone) continue;
      const z = q.worstZone;
      const need = leaderless ? `${showQuorum('W', q.w!, q.wDefault)}, ${showQuorum('R', q.r!, q.rDefault)} need ${z.needed}` : `the majority is ${q.majority}`;
      const placement = q.perZone.map((p) => `${p.zone}: ${p.replicas}`).join(', ');
      const declared = zoneDeclaration(model, z.zone);
      report({
        range: e.props.statement('zones')?.range ?? e.nameRange,
        message: `losing zone ${z.zone} (${z.replicas} of ${q.n} replicas) leaves ${z.live} live while ${need}, so \`${e.name}\` stops ${leaderless ? 'serving' : 'electing a leader and committing writes'}; placement ${placement} — ${advice(q, z.needed, leaderless)}`,
        related: declared ? [{ message: `zone ${z.zone}`, range: declared }] : undefined,
      });
    }
  },
};
