import { ruleTester } from '../test-kit';
import { zoneMajority } from './zone-majority';

const region = `region us-east { zones a, b, c }\n`;

ruleTester(zoneMajority, {
  valid: [
    region + `cluster etcd { replicas 3; zones a, b, c; consensus raft }`,
    { name: '5 over 3 zones (2, 2, 1)', code: region + `cluster etcd { replicas 5; zones a, b, c; consensus raft }` },
    { name: 'leaderless W=2 of 3 zones', code: region + `store kv { replicas 3; zones a, b, c; replication leaderless; write-quorum 2; read-quorum 2 }` },
    { name: 'no zones declared', code: `cluster etcd { replicas 3; consensus raft }` },
  ],
  invalid: [
    {
      code: region + `cluster etcd {\n  replicas 3\n  zones a, b\n  consensus raft\n}\n`,
      errors: [{ line: 4, column: 3, endColumn: 13, severity: 'warning', message: 'losing zone a (2 of 3 replicas) leaves 1 live while the majority is 2', related: [{ line: 1, column: 24, message: 'zone a' }] }],
    },
    {
      name: 'leaderless with W=3 over three zones',
      code: region + `store kv { replicas 3; zones a, b, c; replication leaderless; write-quorum 3; read-quorum 1 }`,
      errors: [{ line: 2, column: 24, message: 'W=3, R=1 need 3' }],
    },
    {
      name: 'the advice is possible: 3 members may hold at most 1 per zone',
      code: region + `cluster etcd { replicas 3; zones a, b; consensus raft }`,
      errors: [{ line: 2, column: 28, message: /spread the replicas so no zone holds more than 1 \(3 replicas need at least 3 zones for that\)$/ }],
    },
    {
      name: '5 members may hold at most 2 per zone',
      code: region + `cluster etcd { replicas 5; zones a, a, a, b, c; consensus raft }`,
      errors: [{ line: 2, column: 28, message: /losing zone a \(3 of 5 replicas\) leaves 2 live while the majority is 3.*no zone holds more than 2 \(5 replicas need at least 3 zones/ }],
    },
    {
      name: '2 members cannot survive a zone loss however placed: add members',
      code: region + `cluster etcd { replicas 2; zones a, b; consensus raft }`,
      errors: [{ line: 2, column: 28, message: /no placement survives losing a zone; add members: 3 over 3 zones/ }],
    },
    {
      name: 'leaderless quorums that need every replica: lower them',
      code: region + `store kv { replicas 3; zones a, b, c; replication leaderless; write-quorum 3; read-quorum 3 }`,
      errors: [{ line: 2, column: 24, message: /W=3, R=3 need 3.*lower W and R to 2/ }],
    },
    {
      name: 'undeclared leaderless quorums are the default majority, marked as such',
      code: region + `store kv { replicas 3; zones a, b; replication leaderless }`,
      errors: [{ line: 2, column: 24, message: /leaves 1 live while W=2 \(default\), R=2 \(default\) need 2/ }],
    },
  ],
});
