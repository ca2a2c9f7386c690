import type { TextEdit } from '../../../language/diagnostic';
import type { Queue, Store } from '../../../language/model/types';
import { DEFAULTS } from '../../../language/model/defaults';
import { isLeaderFollower } from '../../../language/model/semantics';
import { formatDuration } from '../../../language/values';
import { CRITICAL_CATEGORIES } from '../../../language/vocabulary/enums';
import type { Rule } from '../types';
import { insertProperty, replaceValue } from '../../analysis/block-edits';
import { promiseBrokenByAsyncFailover } from '../cap/promise-not-kept';

const CRITICAL = new Set<string>(CRITICAL_CATEGORIES);

/*
 * SPEC §5.2 `durability/async-failover`. A leader-follower store or queue (not a consensus group: raft, paxos and
 * zab commit a write on a majority and elect only a member holding it, language/model/semantics.ts) that fails
 * over automatically loses acknowledged writes when
 *   - the leader acknowledges a write before any follower has it (`sync-followers 0`): the followers get it with the
 *     next heartbeat's batch (SPEC §4), so a leader that dies takes up to a heartbeat of acknowledged writes along;
 *   - or it may promote a follower without them (`promote any`) while some follower is asynchronous: that follower
 *     is a heartbeat behind at best, further if it was down or lagging.
 * Whatever consistency is declared — losing acknowledged writes is a durability bug even on an `eventual` store.
 * Where `cap/promise-not-kept` reports the first cause on a strong store, this rule stays silent.
 */

function heartbeat(e: Store | Queue): string {
  return e.heartbeatMs !== undefined ? `every ${formatDuration(e.heartbeatMs)}` : `every ${formatDuration(DEFAULTS.heartbeatMs)}, the default heartbeat`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const asyncFailover: Rule = {
  id: 'durability/async-failover',
  severity: 'warning',
  description: 'A leader-follower store or queue fails over automatically but acknowledges writes before a follower has them, or may promote a follower that lacks them: a failover loses acknowledged writes.',
  fixable: true,
  check({ model, report }) {
    for (const e of model.elements.values()) {
      if ((e.kind !== 'store' && e.kind !== 'queue') || !isLeaderFollower(e)) continue;
      if (e.failover !== 'automatic' || e.replicas < 2) continue;
      const followers = e.replicas - 1;
      const s = e.syncFollowers;
      const unacked = s === 0;
      // With every follower synchronous, each one holds every acknowledged write: promoting any of them is safe.
      const unsafePromote = !unacked && e.promote === 'any' && s < followers;
      if (!unacked && !unsafePromote) continue;
      if (e.kind === 'store' && unacked && promiseBrokenByAsyncFailover(e)) continue;

      const queue = e.kind === 'queue';
      const what = queue ? 'message' : 'write';
      const syncStmt = e.props.statement('sync-followers');
      const promoteStmt = e.props.statement('promote');
      const failoverStmt = e.props.statement('failover')!;
      const window = heartbeat(e);
      const critical = e.kind === 'store' ? e.holds.filter((h) => CRITICAL.has(h)) : [];
      const beat = formatDuration(e.heartbeatMs ?? DEFAULTS.heartbeatMs);
      const stakes = critical.length ? ` (it holds ${critical.join(', ')}: an error)` : '';

      let message: string;
      if (unacked) {
        message =
          `\`${e.name}\` acknowledges a ${what} on the leader alone (sync-followers 0${queue ? ', acks=1' : ''}) and fails over automatically: ` +
          `its ${plural(followers, 'follower')} receive${followers === 1 ? 's' : ''} ${what}s in a batch on each heartbeat (${window}), so a follower promoted when the leader dies lacks up to the last ${beat} of acknowledged ${what}s (more if it was lagging), and they are lost${stakes}; ` +
          `set \`sync-followers 1\` and \`promote in-sync\`: the leader then acknowledges once a follower has the ${what}, and only a follower holding every acknowledged ${what} may take over`;
      } else {
        const async = followers - s;
        const them = async === 1 ? 'it' : 'one';
        message =
          `\`${e.name}\` waits for ${s} of its ${plural(followers, 'follower')} (sync-followers ${s}) but may promote any of them (\`promote any\`${queue ? ', unclean leader election' : ''}): ` +
          `the other ${plural(async, 'follower')} receive${async === 1 ? 's' : ''} ${what}s in a batch on each heartbeat (${window}), so ${async === 1 ? 'it lacks' : 'each lacks'} up to the last ${beat} of acknowledged ${what}s (everything since it fell behind, if it was down or lagging), and promoting ${them} loses them${stakes}; ` +
          `use \`promote in-sync\`: with sync-followers ${s} every acknowledged ${what} is on some follower, and only a follower holding all of them may then take over`;
      }

      const edits: TextEdit[] = [];
      const lines: string[] = [];
      if (unacked) {
        if (syncStmt) edits.push(replaceValue(syncStmt, '1'));
        else lines.push('sync-followers 1');
      }
      if (promoteStmt) {
        if (e.promote !== 'in-sync') edits.push(replaceValue(promoteStmt, 'in-sync'));
      } else lines.push('promote in-sync');
      if (lines.length) edits.push(insertProperty(e.statement, lines, model.document));

      const range = unacked ? (syncStmt ?? failoverStmt).range : (promoteStmt ?? failoverStmt).range;
      const related = [{ message: 'failover automatic', range: failoverStmt.range }];
      if (unsafePromote && promoteStmt) related.push({ message: `sync-followers ${s}`, range: (syncStmt ?? failoverStmt).range });
      report({
        range,
        message,
        ...(critical.length ? { severity: 'error' as const } : {}),
        ...(range === failoverStmt.range ? {} : { related }),
        fixes: [{ title: unacked ? 'Set `sync-followers 1` and `promote in-sync`' : 'Use `promote in-sync`', edits }],
      });
    }
  },
};
