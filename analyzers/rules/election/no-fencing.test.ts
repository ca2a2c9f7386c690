import { ruleTester } from '../test-kit';
import { noFencing } from './no-fencing';

ruleTester(noFencing, {
  valid: [
    `store db { replicas 3; replication leader-follower; failover automatic; election raft; fencing }`,
    { name: 'manual failover', code: `store db { replicas 3; replication leader-follower; failover manual }` },
    { name: 'a queue with fencing', code: `queue q { replicas 3; replication leader-follower; failover automatic; election raft; fencing }` },
  ],
  invalid: [
    {
      code: `store db {\n  replicas 3\n  replication leader-follower\n  failover automatic\n  election raft\n}\n`,
      errors: [{ line: 4, column: 3, endColumn: 21, severity: 'warning', message: 'declares no `fencing`' }],
      output: `store db {\n  replicas 3\n  replication leader-follower\n  failover automatic\n  election raft\n  fencing\n}\n`,
    },
    {
      name: 'one-line block',
      code: `store db { replicas 3; replication leader-follower; failover automatic; election raft }`,
      errors: [{ line: 1, column: 53 }],
      output: `store db { replicas 3; replication leader-follower; failover automatic; election raft; fencing }`,
    },
    {
      name: 'SPEC §5.1: a leader-follower queue failing over automatically',
      code: `queue q { replicas 3; replication leader-follower; failover automatic; election raft }`,
      errors: [{ line: 1, column: 52, message: '`q` fails over automatically but declares no `fencing`' }],
      output: `queue q { replicas 3; replication leader-follower; failover automatic; election raft; fencing }`,
    },
  ],
});
