import type { RelatedInformation } from '../../../language/diagnostic';
import type { Range } from '../../../language/range';
import type { Store } from '../../../language/model/types';
import type { Rule } from '../types';
import { accessIndex } from '../../analysis/access';
import { isConsensusGroup, quorumMath, showQuorum } from '../../analysis/quorum';
import { DEFAULTS } from '../../../language/model/defaults';
import { isStrong } from '../consistency/levels';

/**
 * Whether `cap/promise-not-kept` reports a strong store's asynchronous failover: a store promising linearizable,
 * strong or `cap CP`, leader-follower, `sync-followers 0`, `failover automatic`. `durability/async-failover` stays
 * silent there (one cause, one finding).
 */
export function promiseBrokenByAsyncFailover(store: Store): boolean {
  return (isStrong(store.consistency) || store.cap === 'CP') && store.replication === 'leader-follower' && store.syncFollowers === 0 && store.failover === 'automatic';
}

export const promiseNotKept: Rule = {
  id: 'cap/promise-not-kept',
  severity: 'error',
  description: 'A store promises linearizable/strong consistency or cap CP, but its replication cannot keep that promise.',
  check({ model, report }) {
    for (const store of model.elements.values()) {
      if (store.kind !== 'store') continue;
      const strong = isStrong(store.consistency);
      if (!strong && store.cap !== 'CP') continue;
      const promiseStmt = strong ? store.props.statement('consistency')! : store.props.statement('cap')!;
      const promise = strong ? `\`consistency ${store.consistency!.level}\`` : '`cap CP`';
      const broken = (why: string, related?: RelatedInformation[]) =>
        report({ range: promiseStmt.range, message: `\`${store.name}\` promises ${promise}, but ${why}`, related });
      const at = (message: string, range: Range | undefined): RelatedInformation[] | undefined => (range ? [{ message, range }] : undefined);
      const n = store.replicas;
      const replication = store.props.statement('replication')?.range;

      if (store.replication === 'leaderless') {
        const q = quorumMath(model, store);
        if (q.w !== undefined && q.r !== undefined && q.w + q.r <= n) {
          broken(`N=${n}, ${showQuorum('W', q.w, q.wDefault)}, ${showQuorum('R', q.r, q.rDefault)}: W+R=${q.w + q.r} ≤ N, so a read can miss the latest acknowledged write; raise R or W so W+R > N`, store.props.has('read-quorum') ? at('read quorum', store.props.statement('read-quorum')?.range) : at('write quorum', store.props.statement('write-quorum')?.range));
        } else if (store.sloppyQuorum) {
          broken('`sloppy-quorum` lets writes land on stand-in replicas outside the N home replicas, so even W+R > N reads can miss them', at('sloppy quorum', store.props.statement('sloppy-quorum')?.range));
        }
      }
      if (store.replication === 'multi-leader') {
        broken('it is multi-leader: two leaders accept conflicting writes concurrently and reconcile afterwards, which no linearizable history allows; use a single leader or consensus', at('multi-leader replication', replication));
      }
      if (store.replication === 'leader-follower') {
        // SPEC §5.2: reads `from followers` and `from any` alike. Not counted: a read that declares a consistency
        // weaker than the promise (it opted out knowingly), and a `read-index` read (linearizable). Synchronous
        // followers do not help: one acknowledges that it received a write, not that it applied it.
        const fix = isConsensusGroup(store)
          ? 'read from the leader, or add `read-index` to the read (the follower then confirms the leader’s commit index before answering)'
          : `read from the leader (follower reads can be made linearizable only on a consensus store, with \`election raft\` and \`read-index\`)`;
        const sync = store.syncFollowers > 0 ? ` — even a synchronous follower (sync-followers ${store.syncFollowers}) acknowledges that it received a write, not that it applied it —` : '';
        for (const { service: reader, access: read } of accessIndex(model).reads.get(store.name) ?? []) {
          const from = read.from ?? DEFAULTS.readFrom;
          if (from === 'leader' || read.readIndex) continue;
          if (read.consistency && !isStrong(read.consistency)) continue;
          broken(
            `\`${reader.name}\` reads it \`from ${from}\`: a follower applies a write after the leader has acknowledged it${sync} so a read there can return a value older than a write already acknowledged; ${fix}, or declare in the read the weaker consistency this reader accepts (e.g. \`consistency eventual\`)`,
            at(`${reader.name} reads from ${from}`, read.props.statement('from')?.range ?? read.targetRange),
          );
        }
        if (promiseBrokenByAsyncFailover(store)) {
          broken(
            'it acknowledges writes on the leader alone (sync-followers 0) and fails over automatically: writes the leader acknowledged but had not yet shipped are lost when a follower is promoted; set sync-followers ≥ 1',
            at('failover automatic', store.props.statement('failover')?.range),
          );
        }
      }
    }
  },
};
