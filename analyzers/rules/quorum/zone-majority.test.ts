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
  ],
});
