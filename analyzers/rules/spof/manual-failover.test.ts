import { ruleTester } from '../test-kit';
import { manualFailover } from './manual-failover';

ruleTester(manualFailover, {
  valid: [
    `store db { replicas 3; replication leader-follower; failover automatic; election raft; fencing }`,
    { name: 'one replica has no follower to promote', code: `store db { replication leader-follower; failover manual }` },
    { name: 'an election implies automatic failover', code: `store db { replicas 2; replication leader-follower; coordinator zk }\ncluster zk { replicas 3; consensus zab }` },
    { name: 'a queue that does not replicate', code: `queue q { replicas 3 }` },
  ],
  invalid: [
    {
      code: `store db {\n  replicas 2\n  replication leader-follower\n  failover manual\n}\n`,
      errors: [{ line: 4, column: 3, endColumn: 18, severity: 'warning', message: '`db` has 2 replicas but has `failover manual`' }],
    },
    {
      name: 'undeclared failover sits on replication',
      code: `store db { replicas 3; replication leader-follower }`,
      errors: [{ line: 1, column: 24, endColumn: 51, message: 'declares no failover' }],
    },
    {
      name: 'SPEC §5.1: a leader-follower queue with manual failover',
      code: `queue q { replicas 3; replication leader-follower; failover manual }`,
      errors: [{ line: 1, column: 52, message: '`q` has 3 replicas but has `failover manual`' }],
    },
  ],
});
