import { ruleTester } from '../test-kit';
import { evenSize } from './even-size';

ruleTester(evenSize, {
  valid: [
    `cluster etcd { replicas 5; consensus raft }`,
    { name: 'not a consensus group', code: `store db { replicas 4; replication leader-follower; election bully }` },
    { name: 'consensus none', code: `cluster pool { replicas 4; consensus none }` },
  ],
  invalid: [
    {
      code: `cluster etcd {\n  replicas 4\n  consensus raft\n}\n`,
      errors: [{ line: 2, column: 3, endColumn: 13, severity: 'warning', message: '4 members need a majority of 3 and tolerate 1 failure, the same as 3 members' }],
      output: `cluster etcd {\n  replicas 5\n  consensus raft\n}\n`,
    },
    {
      name: 'a raft store with 6 replicas',
      code: `store db { replicas 6; replication leader-follower; election raft; failover automatic; fencing }`,
      errors: [{ line: 1, column: 12, message: 'use 7 (tolerates 3)' }],
      output: `store db { replicas 7; replication leader-follower; election raft; failover automatic; fencing }`,
    },
  ],
});
