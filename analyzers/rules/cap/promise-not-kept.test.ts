import { ruleTester } from '../test-kit';
import { promiseNotKept } from './promise-not-kept';

ruleTester(promiseNotKept, {
  valid: [
    `store db { replicas 3; replication leader-follower; sync-followers 1; failover automatic; election raft; fencing; consistency linearizable }`,
    { name: 'leaderless with overlap', code: `store kv { replicas 3; replication leaderless; write-quorum 2; read-quorum 2; cap CP }` },
    { name: 'leaderless with default quorums (majorities overlap)', code: `store kv { replicas 3; replication leaderless; consistency strong }` },
    { name: 'no promise', code: `store kv { replicas 3; replication multi-leader }` },
    {
      name: 'SPEC §5.2: a follower read that declares a weaker consistency has opted out',
      code: `store db { replicas 3; replication leader-follower; sync-followers 1; consistency strong }\nservice api { reads db { from followers; consistency eventual } }`,
    },
    {
      name: 'SPEC §5.2: `from any` with a weaker consistency, too',
      code: `store db { replicas 3; replication leader-follower; sync-followers 1; cap CP }\nservice api { reads db { from any; consistency bounded-staleness 5s } }`,
    },
    {
      name: 'SPEC §5.2: a read-index read is linearizable',
      code: `store db { replicas 3; replication leader-follower; election raft; failover automatic; sync-followers 1; fencing; consistency linearizable }\nservice api { reads db { from followers; read-index } }`,
    },
    { name: 'reads from the leader (the default)', code: `store db { replicas 3; replication leader-follower; sync-followers 1; consistency strong }\nservice api { reads db }` },
  ],
  invalid: [
    {
      code: `store kv {\n  replicas 3\n  replication leaderless\n  write-quorum 1\n  read-quorum 2\n  consistency strong\n}\n`,
      errors: [{ line: 6, column: 3, endColumn: 21, severity: 'error', message: 'promises `consistency strong`, but N=3, W=1, R=2: W+R=3 ≤ N', related: [{ line: 5, column: 3, message: 'read quorum' }] }],
    },
    {
      name: 'a defaulted R (a majority) is marked as such',
      code: `store kv {\n  replicas 4\n  replication leaderless\n  write-quorum 1\n  cap CP\n}\n`,
      errors: [{ line: 5, column: 3, message: 'N=4, W=1, R=3 (default): W+R=4 ≤ N', related: [{ line: 4, column: 3, message: 'write quorum' }] }],
    },
    {
      name: 'multi-leader CP',
      code: `store db { replicas 2; replication multi-leader; cap CP }`,
      errors: [{ line: 1, column: 50, endColumn: 56, message: 'it is multi-leader' }],
    },
    {
      name: 'async automatic failover and follower reads: two reasons',
      code: `store db {\n  replicas 3\n  replication leader-follower\n  failover automatic\n  election raft\n  consistency linearizable\n}\nservice api {\n  reads db { from followers }\n}\n`,
      errors: [
        { line: 6, column: 3, message: /`api` reads it `from followers`: a follower applies a write after the leader has acknowledged it so a read there can return a value older .* add `read-index` to the read/, related: [{ line: 9, column: 14, message: 'api reads from followers' }] },
        { line: 6, column: 3, message: 'sync-followers 0' },
      ],
    },
    {
      name: 'SPEC §5.2: `from any` counts like `from followers`',
      code: `store db { replicas 3; replication leader-follower; sync-followers 1; consistency strong }\nservice api { reads db { from any } }`,
      errors: [{ line: 1, column: 71, message: /`api` reads it `from any`.*read from the leader \(follower reads can be made linearizable only on a consensus store/, related: [{ line: 2, column: 26 }] }],
    },
    {
      name: 'SPEC §5.2: synchronous followers do not make follower reads linearizable, and the fix never says "more sync followers"',
      code: `store db { replicas 3; replication leader-follower; sync-followers 2; consistency strong }\nservice api { reads db { from followers } }`,
      errors: [{ line: 1, column: 71, message: /even a synchronous follower \(sync-followers 2\) acknowledges that it received a write, not that it applied it/ }],
    },
    {
      name: 'a follower read that itself asks for linearizable still counts',
      code: `store db { replicas 3; replication leader-follower; sync-followers 1; cap CP }\nservice api { reads db { from followers; consistency linearizable } }`,
      errors: [{ line: 1, column: 71, message: '`api` reads it `from followers`' }],
    },
  ],
});
