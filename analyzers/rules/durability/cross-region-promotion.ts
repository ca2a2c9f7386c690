import type { ArchModel, Queue, Store } from '../../../language/model/types';
import { electionQuorum, failoverByCoordinator, isConsensusGroup, isLeaderFollower, majority } from '../../../language/model/semantics';
import { isDeployable } from '../../../language/model/topology';
import type { Rule } from '../types';
import { setProperty } from '../../analysis/block-edits';

/*
 * SPEC §5.2 `durability/cross-region-promotion`. A leader-follower store or queue spread over regions, failing over
 * automatically with `failover-scope any`: when the regions are cut apart, the side without the leader promotes one
 * of its own, and the old leader goes on acknowledging writes unless one of the followers it waits for is on the far
 * side. Each side then keeps writes the other never sees (GitHub, October 2018).
 *
 * Which replica leads is not in the file, so the leader's region is the worst case (as in
 * language/model/semantics.ts): the rule fires when some region L could hold the leader such that
 *   - L alone holds enough followers for its `sync-followers` (count(L) − 1 ≥ sync-followers): no region other than
 *     the leader's need hold a synchronous follower, so the old leader keeps acknowledging writes in L; and
 *   - the far side (every region but L, cut off from L) can promote: its replicas reach the election quorum
 *     (`electionQuorum`: bully, naive failover), or — when a `coordinator` chooses — the coordinator may sit there
 *     (a majority of its members outside L, or its placement unknown).
 * Consensus groups (raft, paxos, zab) are not checked: a write commits on a majority and an election needs one, so
 * at most one side of a partition has a leader that can acknowledge anything.
 */

interface Far {
  /** Replicas outside the leader's region. */
  replicas: number;
  /** Why the far side can promote one of them, for the message. */
  how: string;
}

function oneOf(n: number): string {
  return n === 1 ? 'the 1 replica there' : `one of the ${n} replicas there`;
}

/** Whether a promotion can happen on the side of a partition that does not hold region `leader`. */
function farSide(model: ArchModel, e: Store | Queue, leader: string, inLeader: number): Far | undefined {
  const replicas = e.replicas - inLeader;
  if (replicas < 1) return undefined;
  if (failoverByCoordinator(e)) {
    const c = model.elements.get(e.coordinator!);
    if (!isDeployable(c) || !c.placement.some((r) => r.region !== undefined)) {
      return { replicas, how: `the coordinator \`${e.coordinator}\` (placed nowhere the file says: it may be there) promotes ${oneOf(replicas)}` };
    }
    const need = isConsensusGroup(c) ? majority(c.replicas) : 1;
    const outside = c.placement.filter((r) => r.region !== leader).length + Math.max(0, c.replicas - c.placement.length);
    if (outside < need) return undefined;
    return { replicas, how: `the coordinator \`${c.name}\` keeps ${outside} of its ${c.replicas} members there (it needs ${need}) and promotes ${oneOf(replicas)}` };
  }
  const q = electionQuorum(e);
  const votes = q?.votes ?? 1;
  if (replicas < votes) return undefined;
  return { replicas, how: `${replicas === 1 ? 'the 1 replica there reaches' : `the ${replicas} replicas there reach`} the election quorum of ${votes} and elect a leader of their own` };
}

export const crossRegionPromotion: Rule = {
  id: 'durability/cross-region-promotion',
  severity: 'warning',
  description: 'A store or queue spread over regions fails over automatically to any region, and the leader needs no follower outside its own region: a partition between regions leaves a leader on each side.',
  fixable: true,
  check({ model, report }) {
    for (const e of model.elements.values()) {
      if ((e.kind !== 'store' && e.kind !== 'queue') || !isLeaderFollower(e)) continue;
      if (e.failover !== 'automatic' || e.failoverScope !== 'any') continue;
      const perRegion = new Map<string, number>();
      for (const r of e.placement) if (r.region) perRegion.set(r.region, (perRegion.get(r.region) ?? 0) + 1);
      if (perRegion.size < 2) continue;
      const s = e.syncFollowers;
      let found: { region: string; count: number; far: Far } | undefined;
      for (const [region, count] of perRegion) {
        // A leader here whose sync followers may all be here too keeps acknowledging writes when cut off.
        if (count - 1 < s) continue;
        const far = farSide(model, e, region, count);
        if (far) {
          found = { region, count, far };
          break;
        }
      }
      if (!found) continue;
      const { region, count, far } = found;
      const others = [...perRegion.keys()].filter((r) => r !== region);
      const spread = [...perRegion].map(([r, n]) => `${r} (${n})`).join(', ');
      const acks =
        s === 0
          ? 'it acknowledges writes alone (sync-followers 0)'
          : `its sync-followers ${s} can be met by the other ${count - 1} replica${count - 1 === 1 ? '' : 's'} in ${region}`;
      // More sync followers than any one region holds besides the leader: every write then waits for another region.
      const biggest = Math.max(...perRegion.values());
      const remoteSync = `, or \`sync-followers ${biggest}\` so that every write waits for a follower outside the leader's region (a cross-region round trip per write)`;
      const scopeStmt = e.props.statement('failover-scope');
      const failoverStmt = e.props.statement('failover')!;
      const zones = e.props.statement('zones');
      report({
        range: (scopeStmt ?? failoverStmt).range,
        message:
          `\`${e.name}\` fails over automatically to any region (failover-scope any) and its replicas span ${spread}: ` +
          `with the leader in ${region} (the file does not say which replica leads: the worst case), ${acks}, so a partition between ${region} and ${others.join(', ')} leaves it taking writes ` +
          `while on the other side ${far.how}: two leaders, each keeping writes the other never sees; ` +
          `set \`failover-scope region\` (a new leader only from the old one's region)${remoteSync}`,
        ...(zones ? { related: [{ message: `replicas in ${[...perRegion.keys()].join(', ')}`, range: zones.range }] } : {}),
        fixes: [{ title: 'Set `failover-scope region`', edits: [setProperty(e.statement, scopeStmt, 'failover-scope', 'region', model.document)] }],
      });
    }
  },
};
