import { ruleTester } from '../test-kit';
import { promiseNotKept } from './promise-not-kept';

ruleTester(promiseNotKept, {
  valid: [
    `store db { replicas 3; replication leader-follower; sync-followers 1; failover automatic; election raft; fencing; consistency linearizable }`,
    { name: 'leaderless with overlap', code: `store kv { replicas 3; replication leaderless; write-quorum 2; read-quorum 2; cap CP }` },
    { name: 'leaderless with default quorums (majorities overlap)', code: `store kv { replicas 3; replication leaderless; consistency strong }` },
    { name: 'no promise', code: `store kv { replicas 3; replication multi-leader }` },
    {
      name: 'reads from followers, all synchronous',
      code: `store db { replicas 3; replication leader-follower; sync-followers 2; consistency strong }\nservice api { reads db { from followers } }`,
    },
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
        { line: 6, column: 3, message: '`api` reads it from followers while only 0 of 2 followers are synchronous' },
        { line: 6, column: 3, message: 'sync-followers 0' },
      ],
    },
  ],
});
