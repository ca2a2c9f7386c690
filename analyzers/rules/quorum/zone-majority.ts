import type { Range } from '../../../language/range';
import type { ArchModel } from '../../../language/model/types';
import type { Rule } from '../types';
import { hasQuorumMath, isConsensusGroup, quorumMath } from '../../analysis/quorum';

/** The zone's name in its region's `zones` list, for related information. */
function zoneDeclaration(model: ArchModel, zone: string): Range | undefined {
  const region = model.regions.get(model.zoneRegion.get(zone) ?? '');
  return region?.props.statement('zones')?.atoms.find((a) => a.text === zone)?.range;
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
      const need = leaderless ? `W=${q.w ?? 1}, R=${q.r ?? 1} need ${z.needed}` : `the majority is ${q.majority}`;
      const placement = q.perZone.map((p) => `${p.zone}: ${p.replicas}`).join(', ');
      const declared = zoneDeclaration(model, z.zone);
      report({
        range: e.props.statement('zones')?.range ?? e.nameRange,
        message: `losing zone ${z.zone} (${z.replicas} of ${q.n} replicas) leaves ${z.live} live while ${need}, so \`${e.name}\` stops ${leaderless ? 'serving' : 'electing a leader and committing writes'}; placement ${placement} — spread the replicas so no zone holds ${q.n - z.needed + 1} or more (e.g. 3 zones for 3 or 5 members)`,
        related: declared ? [{ message: `zone ${z.zone}`, range: declared }] : undefined,
      });
    }
  },
};
