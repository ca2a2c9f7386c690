import { ruleTester } from '../test-kit';
import { zoneMajority } from './zone-majority';

const region = `region us-east { zones a, b, c }\n`;

ruleTester(zoneMajority, {
  valid: [
    region + `cluster etcd { replicas 3; zones a, b, c; consensus raft }`,
    { name: '5 over 3 zones (2, 2, 1)', code: region + `cluster etcd { replicas 5; zones a, b, c; consensus raft }` },
    { name: 'leaderless W=2 of 3 zones', code: region + `store kv { replicas 3; zones a, b, c; replication leaderless; write-quorum 2; read-quorum 2 }` },
    { name: 'no zones declared', code: `cluster etcd { replicas 3; consensus raft }` },
    {
      name: 'sloppy N=3 W=3 R=1: hinted handoff keeps writes going after a zone loss (as the zone-loss view says)',
      code: region + `store kv { replicas 3; zones a, b, c; replication leaderless; write-quorum 3; read-quorum 1; sloppy-quorum }`,
    },
    { name: 'leader-follower with 1 sync follower of 3 over 3 zones', code: region + `store db { replicas 3; zones a, b, c; replication leader-follower; sync-followers 1; failover automatic; election bully; fencing }` },
    {
      name: 'a leader lost with manual failover is spof/manual-failover’s finding, not a quorum one',
      code: region + `store db { replicas 3; zones a, b, c; replication leader-follower; sync-followers 1; failover manual }`,
    },
  ],
  invalid: [
    {
      name: 'leader-follower with sync-followers 2 of 3: a zone loss stops writes (as the hover and the zone-loss view say)',
      code: region + `store db { replicas 3; zones a, b, c; replication leader-follower; sync-followers 2; failover automatic; coordinator zk; fencing }\ncluster zk { replicas 3; zones a, b, c }`,
      errors: [{ line: 2, column: 24, message: /losing zone a \(1 of 3 replicas\) leaves 2 live while a write needs the leader and 2 sync followers \(3\), so `db` stops taking writes.*lower sync-followers to 1 or add replicas/ }],
    },
    {
      name: 'a raft store whose sync followers outnumber the majority',
      code: region + `store db { replicas 3; zones a, b, c; replication leader-follower; sync-followers 2; failover automatic; election raft; fencing }`,
      errors: [{ line: 2, column: 24, message: /leaves 2 live while a write needs the leader and 2 sync followers \(3\), so `db` stops taking writes/ }],
    },
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
