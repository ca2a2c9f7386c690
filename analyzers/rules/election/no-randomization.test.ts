import { ruleTester } from '../test-kit';
import { noRandomization } from './no-randomization';

ruleTester(noRandomization, {
  valid: [
    `cluster etcd { replicas 3; consensus raft; election-timeout 150ms..300ms }`,
    { name: 'defaults are randomized', code: `cluster etcd { replicas 3; consensus raft }` },
    { name: 'a range with different ends is randomized', code: `cluster etcd { replicas 3; consensus raft; election-timeout 300ms..301ms }` },
    {
      name: 'a bully store with a randomized range',
      code: `store db { replicas 3; replication leader-follower; election bully; failover automatic; fencing; election-timeout 150ms..300ms }`,
    },
    { name: 'a queue with a randomized range', code: `queue q { replicas 3; replication leader-follower; election raft; election-timeout 150ms..300ms }` },
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
    {
      name: '3 members: 2 survivors, 1 vote each, 2 needed',
      code: `cluster etcd { replicas 3; consensus raft; election-timeout 200ms }`,
      errors: [{ line: 1, column: 61, message: /after a leader dies the 2 surviving members time out at the same moment, each votes for itself and gets 1 vote while 2 of 3 are needed/ }],
    },
    {
      name: '5 members: 4 survivors, 3 needed',
      code: `cluster etcd { replicas 5; consensus raft; election-timeout 200ms }`,
      errors: [{ line: 1, column: 61, message: /the 4 surviving members .* 3 of 5 are needed/ }],
    },
    {
      name: '2 members: no "1 of 2" survivors splitting a vote; the simultaneous-candidacy risk instead',
      code: `cluster etcd { replicas 2; consensus raft; election-timeout 200ms }`,
      errors: [{ line: 1, column: 61, message: /with 2 members, whenever both are candidates \(at start-up, or when a partition between them heals\) .* 1 of the 2 votes/ }],
    },
    {
      name: 'a range whose ends are equal is not randomized either (SPEC §5.2)',
      code: `cluster etcd { replicas 3; consensus raft; election-timeout 300ms..300ms }`,
      errors: [{ line: 1, column: 61, endColumn: 73, message: /election-timeout 300ms\.\.300ms is not randomized \(both ends are 300ms\): after a leader dies the 2 surviving members .* split|each votes for itself/ }],
      output: `cluster etcd { replicas 3; consensus raft; election-timeout 300ms..600ms }`,
    },
    {
      name: 'bully: simultaneous elections, not split votes',
      code: `store db { replicas 3; replication leader-follower; election bully; failover automatic; fencing; election-timeout 200ms }`,
      errors: [{ line: 1, column: 115, message: /the 2 surviving members notice it at the same instant and start 2 simultaneous elections/ }],
      output: `store db { replicas 3; replication leader-follower; election bully; failover automatic; fencing; election-timeout 200ms..400ms }`,
    },
    {
      name: 'bully with equal ends',
      code: `store db { replicas 3; replication leader-follower; election bully; failover automatic; fencing; election-timeout 1s..1s }`,
      errors: [{ line: 1, column: 115, message: /is not randomized \(both ends are 1s\).*simultaneous elections/ }],
    },
    {
      name: 'a queue that elects by raft (SPEC §5.1)',
      code: `queue q { replicas 3; replication leader-follower; election raft; election-timeout 200ms }`,
      errors: [{ line: 1, column: 84, message: /split|votes for itself/ }],
    },
    {
      name: '1 member',
      code: `cluster etcd { replicas 1; consensus raft; election-timeout 200ms }`,
      errors: [{ line: 1, column: 61, message: /with 1 member no vote can split yet/ }],
    },
  ],
});
