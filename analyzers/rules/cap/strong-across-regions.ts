import type { Rule } from '../types';
import { regionsOf } from '../../../language/model/topology';
import { isConsensusGroup, isLeaderFollower, isLeaderless, leaderlessQuorums, requirement, showQuorum } from '../../../language/model/semantics';
import { isStrong } from '../consistency/levels';

export const strongAcrossRegions: Rule = {
  id: 'cap/strong-across-regions',
  severity: 'info',
  description: 'A strongly consistent store spread over several regions: every write waits for a cross-region round trip (PACELC).',
  check({ model, report }) {
    for (const store of model.elements.values()) {
      if (store.kind !== 'store') continue;
      if (!isStrong(store.consistency) && store.cap !== 'CP') continue;
      const regions = regionsOf(store);
      if (regions.length < 2) continue;
      // The replicas a write must reach before it is acknowledged: the one semantics' write requirement (majority,
      // leader + sync followers), except that a sloppy quorum still waits for W while all is well — hinted handoff
      // only lowers what it needs when replicas are down, and this rule is about the healthy case's latency.
      const quorums = isLeaderless(store) ? leaderlessQuorums(store) : undefined;
      const replicated = isConsensusGroup(store) || quorums !== undefined || isLeaderFollower(store);
      const acks = quorums ? quorums.w : replicated ? requirement(store, 'write').need : store.replicas;
      const ackCount = quorums ? showQuorum('W', quorums.w, quorums.wDefault) : String(acks);
      const perRegion = new Map<string, number>();
      for (const r of store.placement) if (r.region) perRegion.set(r.region, (perRegion.get(r.region) ?? 0) + 1);
      const biggest = Math.max(...perRegion.values());
      // When one region holds enough replicas to acknowledge a write, writes led from there stay local.
      if (biggest >= acks) continue;
      const { min, max } = model.network.crossRegion;
      const rtt = `${2 * min}ms..${2 * max}ms`;
      const promise = store.props.statement(isStrong(store.consistency) ? 'consistency' : 'cap');
      report({
        range: store.props.statement('zones')?.range ?? store.nameRange,
        message: `\`${store.name}\` is strongly consistent across regions ${regions.join(', ')}: a write needs ${ackCount} acknowledgement${acks === 1 ? '' : 's'} and no region holds more than ${biggest} replica${biggest === 1 ? '' : 's'}, so every write pays at least one cross-region round trip (${rtt}) — PACELC: even without a partition you trade latency for consistency`,
        related: promise ? [{ message: 'the strong promise', range: promise.range }] : undefined,
      });
    }
  },
};
