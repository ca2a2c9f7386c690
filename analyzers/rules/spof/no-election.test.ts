import { ruleTester } from '../test-kit';
import { noElection } from './no-election';

ruleTester(noElection, {
  valid: [
    `store db { replicas 3; replication leader-follower; failover automatic; election raft; fencing }`,
    { name: 'a coordinator chooses', code: `cluster zk { replicas 3; consensus zab }\nstore db { replicas 3; replication leader-follower; failover automatic; coordinator zk; fencing }` },
    { name: 'manual failover', code: `store db { replicas 3; replication leader-follower; failover manual }` },
    { name: 'SPEC §5.1: a queue electing by raft', code: `queue q { replicas 3; replication leader-follower; failover automatic; election raft; fencing }` },
  ],
  invalid: [
    {
      code: `store db {\n  replicas 3\n  replication leader-follower\n  failover automatic\n}\n`,
      errors: [{ line: 4, column: 3, endColumn: 21, severity: 'error', message: 'with no `election` and no `coordinator`' }],
    },
    {
      name: 'election none',
      code: `store db { replicas 2; replication leader-follower; failover automatic; election none }`,
      errors: [{ line: 1, column: 53, message: 'with `election none`', related: [{ line: 1, column: 73, message: 'election none' }] }],
    },
    {
      name: 'SPEC §5.1: a queue with automatic failover and nothing to choose the leader',
      code: `queue q { replicas 3; replication leader-follower; failover automatic; fencing }`,
      errors: [{ line: 1, column: 52, message: '`q` fails over automatically with no `election` and no `coordinator`' }],
    },
  ],
});
