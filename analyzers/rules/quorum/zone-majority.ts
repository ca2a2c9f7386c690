import type { Range } from '../../../language/range';
import type { ArchModel, Element } from '../../../language/model/types';
import { isConsensusGroup, isLeaderFollower, isLeaderless, showQuorum, type ZoneLossOutcome } from '../../../language/model/semantics';
import type { Rule } from '../types';
import { hasQuorumMath, quorumMath, type QuorumMath } from '../../analysis/quorum';

/** The zone's name in its region's `zones` list, for related information. */
function zoneDeclaration(model: ArchModel, zone: string): Range | undefined {
  const region = model.regions.get(model.zoneRegion.get(zone) ?? '');
  return region?.props.statement('zones')?.atoms.find((a) => a.text === zone)?.range;
}

type Shape = 'consensus' | 'leaderless' | 'leader-follower';

/** Which quorum the rule speaks of; undefined for elements whose zone loss is not a matter of quorum sizes. */
export function quorumShape(e: Element): Shape | undefined {
  if (isConsensusGroup(e)) return 'consensus';
  if (isLeaderless(e)) return 'leaderless';
  if (isLeaderFollower(e)) return 'leader-follower';
  return undefined;
}

/**
 * Whether the rule reports this loss: fewer live replicas than an operation needs (cause `quorum`). A loss that
 * only takes a leader nobody replaces is spof/manual-failover's finding, one that takes all replicas of a group
 * in one zone spof/single-zone's.
 */
export function isQuorumLoss(o: ZoneLossOutcome): boolean {
  return o.down && !o.unplaced && (o.write.cause === 'quorum' || o.read.cause === 'quorum');
}

/**
 * What placement would survive the loss of any one zone: at most N − needed replicas per zone, which needs at
 * least ⌈N / (N − needed)⌉ zones. When N − needed is 0 no placement can: every replica is needed.
 */
function advice(q: QuorumMath, needed: number, shape: Shape, e: Element): string {
  const maxPerZone = q.n - needed;
  if (maxPerZone <= 0) {
    if (shape === 'consensus' && needed === q.majority) {
      return `with ${q.n} member${q.n === 1 ? '' : 's'} the majority of ${q.majority} needs every member, so no placement survives losing a zone; add members: 3 over 3 zones (at most 1 per zone) or 5 over 3 zones (at most 2 per zone)`;
    }
    if (shape === 'leaderless') {
      return `the quorums need all ${q.n} replicas, so no placement survives losing a zone; lower W and R to ${q.majority} (a majority, still W+R > N) or add replicas`;
    }
    const s = e.kind === 'store' || e.kind === 'queue' ? e.syncFollowers : 0;
    return `a write waits for the leader and all ${s} sync followers, so no placement survives losing a zone; lower sync-followers to ${Math.max(0, q.n - 2)} or add replicas`;
  }
  const zones = Math.ceil(q.n / maxPerZone);
  return `spread the replicas so no zone holds more than ${maxPerZone} (${q.n} replicas need at least ${zones} zones for that)`;
}

export const zoneMajority: Rule = {
  id: 'quorum/zone-majority',
  severity: 'warning',
  description:
    'Losing one zone leaves a consensus group without a majority, a leaderless store with fewer live replicas than W or R, or a leader-follower store without the leader and its synchronous followers.',
  check({ model, report }) {
    for (const e of model.elements.values()) {
      if (!hasQuorumMath(e)) continue;
      const shape = quorumShape(e);
      if (!shape) continue;
      const q = quorumMath(model, e);
      // One zone is spof/single-zone's (or the region's) problem: here the group spreads and still cannot survive a zone.
      if (q.perZone.length < 2) continue;
      // The worst loss the rule speaks of: fewest live replicas among the losses that break a quorum.
      let o: ZoneLossOutcome | undefined;
      for (const loss of q.zoneLosses) if (isQuorumLoss(loss) && (!o || loss.live < o.live)) o = loss;
      if (!o) continue;
      const failed = o.write.cause === 'quorum' ? o.write : o.read;
      const needed = failed.need;
      const need =
        shape === 'leaderless' ? `${showQuorum('W', q.w!, q.wDefault)}, ${showQuorum('R', q.r!, q.rDefault)} need ${needed}`
        : shape === 'consensus' && needed === q.majority ? `the majority is ${q.majority}`
        : `a write needs ${failed.label}`;
      const stops =
        shape === 'leaderless' ? 'serving'
        : shape === 'consensus' && needed === q.majority ? 'electing a leader and committing writes'
        : 'taking writes';
      const placement = q.perZone.map((p) => `${p.zone}: ${p.replicas}`).join(', ');
      const declared = zoneDeclaration(model, o.zone);
      report({
        range: e.props.statement('zones')?.range ?? e.nameRange,
        message: `losing zone ${o.zone} (${o.lost} of ${q.n} replicas) leaves ${o.live} live while ${need}, so \`${e.name}\` stops ${stops}; placement ${placement} — ${advice(q, needed, shape, e)}`,
        related: declared ? [{ message: `zone ${o.zone}`, range: declared }] : undefined,
      });
    }
  },
};
