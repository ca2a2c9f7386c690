import { ruleTester } from '../test-kit';
import { noRandomization } from './no-randomization';

ruleTester(noRandomization, {
  valid: [
    `cluster etcd { replicas 3; consensus raft; election-timeout 150ms..300ms }`,
    { name: 'defaults are randomized', code: `cluster etcd { replicas 3; consensus raft }` },
  ],
  invalid: [
    {
      code: `cluster etcd {\n  replicas 3\n  consensus raft\n  election-timeout 200ms\n}\n`,
      errors: [{ line: 4, column: 20, endColumn: 25, severity: 'warning', message: 'election-timeout 200ms is fixed' }],
      output: `cluster etcd {\n  replicas 3\n  consensus raft\n  election-timeout 200ms..400ms\n}\n`,
    },
    {
      name: 'seconds',
      code: `store db { replicas 3; replication leader-follower; election raft; failover automatic; fencing; election-timeout 1s }`,
      errors: [{ line: 1, column: 114, message: 'e.g. 1s..2s' }],
      output: `store db { replicas 3; replication leader-follower; election raft; failover automatic; fencing; election-timeout 1s..2s }`,
    },
  ],
});
