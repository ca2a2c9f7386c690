import { ruleTester } from '../test-kit';
import { readMismatch } from './read-mismatch';

ruleTester(readMismatch, {
  valid: [
    `store db { replicas 3; replication leader-follower; consistency causal }\nservice api { reads db { consistency read-your-writes } }`,
    { name: 'strong equals linearizable', code: `store db { replicas 3; election raft; consistency strong }\nservice api { reads db { consistency linearizable } }` },
    { name: 'a tighter staleness bound', code: `store db { replicas 3; replication leaderless; consistency bounded-staleness 1s }\nservice api { reads db { consistency bounded-staleness 5s } }` },
    { name: 'leaderless with default quorums (majorities) provides read-your-writes', code: `store db { replicas 3; replication leaderless }\nservice api { reads db { consistency read-your-writes } }` },
    { name: 'default for a single replica is linearizable', code: `store db { engine postgres }\nservice api { reads db { consistency linearizable } }` },
  ],
  invalid: [
    {
      code: `store db {\n  replicas 3\n  replication leaderless\n  consistency eventual\n}\nservice api {\n  reads db {\n    consistency causal\n  }\n}\n`,
      errors: [{ line: 8, column: 5, endColumn: 23, severity: 'warning', message: '`api` needs causal from `db`, which provides only eventual (declared)', related: [{ line: 4, column: 3, message: '`db` provides eventual' }] }],
    },
    {
      name: 'default from async followers',
      code: `store db { replicas 3; replication leader-follower; sync-followers 1 }\nservice api { reads db { from followers; consistency monotonic-reads } }`,
      errors: [{ line: 2, column: 42, message: 'provides only eventual (reads from followers with sync-followers 1 of 2)' }],
    },
    {
      name: 'leaderless with W=1 and the default R: no overlap, eventual',
      code: `store db { replicas 3; replication leaderless; write-quorum 1 }\nservice api { reads db { consistency read-your-writes } }`,
      errors: [{ line: 2, column: 26, message: 'provides only eventual (leaderless with W=1, R=2 (default): W+R=3 ≤ N=3)' }],
    },
    {
      name: 'staleness bounds compared',
      code: `store db { replicas 3; replication leaderless; consistency bounded-staleness 10s }\nservice api { reads db { consistency bounded-staleness 1s } }`,
      errors: [{ line: 2, column: 26, message: 'needs bounded-staleness 1s from `db`, which provides only bounded-staleness 10s' }],
    },
  ],
});
