import { ruleTester } from '../test-kit';
import { asyncFailover } from './async-failover';

const LF = 'replicas 3; replication leader-follower; fencing';

ruleTester(asyncFailover, {
  valid: [
    `store db { ${LF}; sync-followers 1; failover automatic; election bully; election-quorum 2 }`,
    { name: 'promote in-sync declared with sync-followers 1', code: `store db { ${LF}; sync-followers 1; promote in-sync; failover automatic; election bully; election-quorum 2 }` },
    { name: 'every follower synchronous: promoting any of them loses nothing', code: `store db { ${LF}; sync-followers 2; promote any; failover automatic; election bully; election-quorum 2 }` },
    { name: 'manual failover: a human chooses the follower', code: `store db { ${LF}; failover manual }` },
    { name: 'no failover declared', code: `store db { ${LF} }` },
    { name: 'a consensus group commits on a majority and elects only a member holding it', code: `store db { ${LF}; failover automatic; election raft }` },
    { name: 'one replica: nothing to promote', code: `store db { replicas 1; replication leader-follower; failover automatic; election bully }` },
    { name: 'leaderless: no leader to fail over', code: `store db { replicas 3; replication leaderless; failover automatic }` },
    {
      name: 'cap/promise-not-kept already reports sync-followers 0 on a strong store',
      code: `store db { ${LF}; failover automatic; election bully; election-quorum 2; consistency linearizable }`,
    },
    { name: '… and on a cap CP store', code: `store db { ${LF}; failover automatic; election bully; election-quorum 2; cap CP }` },
    { name: 'a queue with acks=all and clean leader election', code: `cluster zk { replicas 3; consensus zab }\nqueue q { ${LF}; sync-followers 1; failover automatic; coordinator zk }` },
  ],
  invalid: [
    {
      name: 'sync-followers 0 declared: the finding sits on it, with the heartbeat window',
      code: `store sessions {\n  replicas 3\n  replication leader-follower\n  sync-followers 0\n  failover automatic\n  election bully\n  election-quorum 2\n  heartbeat 1s\n  fencing\n}\n`,
      errors: [
        {
          line: 4,
          column: 3,
          endColumn: 19,
          severity: 'warning',
          message: /acknowledges a write on the leader alone \(sync-followers 0\).*its 2 followers receive writes in a batch on each heartbeat \(every 1s\).*lacks up to the last 1s of acknowledged writes.*set `sync-followers 1` and `promote in-sync`/,
          related: [{ line: 5, column: 3, message: 'failover automatic' }],
        },
      ],
      output: `store sessions {\n  replicas 3\n  replication leader-follower\n  sync-followers 1\n  failover automatic\n  election bully\n  election-quorum 2\n  heartbeat 1s\n  fencing\n  promote in-sync\n}\n`,
    },
    {
      name: 'sync-followers undeclared: on `failover`, the default heartbeat named, both lines added',
      code: `store db { ${LF}; failover automatic; election bully; election-quorum 2 }`,
      errors: [{ line: 1, column: 62, endColumn: 80, message: 'every 50ms, the default heartbeat' }],
      output: `store db { ${LF}; failover automatic; election bully; election-quorum 2; sync-followers 1; promote in-sync }`,
    },
    {
      name: 'fires whatever consistency is declared (eventual)',
      code: `store db { ${LF}; failover automatic; election bully; election-quorum 2; consistency eventual }`,
      errors: [{ line: 1, column: 62, severity: 'warning' }],
    },
    {
      name: 'a coordinator chooses the follower: still no follower has the write',
      code: `cluster zk { replicas 3; consensus zab }\nstore db { ${LF}; failover automatic; coordinator zk }`,
      errors: [{ line: 2, column: 62 }],
    },
    {
      name: 'critical data: an error',
      code: `store ledger { ${LF}; sync-followers 0; failover automatic; election bully; election-quorum 2; holds money; consistency sequential }`,
      errors: [{ line: 1, column: 66, severity: 'error', message: '(it holds money: an error)' }],
      output: `store ledger { ${LF}; sync-followers 1; failover automatic; election bully; election-quorum 2; holds money; consistency sequential; promote in-sync }`,
    },
    {
      name: 'promote any with an asynchronous follower left: on `promote`',
      code: `store db {\n  replicas 3\n  replication leader-follower\n  sync-followers 1\n  promote any\n  failover automatic\n  election bully\n  election-quorum 2\n  fencing\n}\n`,
      errors: [
        {
          line: 5,
          column: 3,
          endColumn: 14,
          message: /waits for 1 of its 2 followers \(sync-followers 1\) but may promote any of them \(`promote any`\): the other 1 follower receives writes.*up to the last 50ms.*use `promote in-sync`/,
          related: [
            { line: 6, column: 3, message: 'failover automatic' },
            { line: 4, column: 3, message: 'sync-followers 1' },
          ],
        },
      ],
      output: `store db {\n  replicas 3\n  replication leader-follower\n  sync-followers 1\n  promote in-sync\n  failover automatic\n  election bully\n  election-quorum 2\n  fencing\n}\n`,
    },
    {
      name: 'a strong store with promote any: cap/promise-not-kept does not report that cause',
      code: `store db { ${LF}; sync-followers 1; promote any; failover automatic; election bully; election-quorum 2; consistency strong }`,
      errors: [{ line: 1, column: 80, message: '`promote any`' }],
    },
    {
      name: 'promote any and sync-followers 0: the leader-alone cause, both fixed',
      code: `store db { ${LF}; sync-followers 0; promote any; failover automatic; election bully; election-quorum 2 }`,
      errors: [{ line: 1, column: 62, message: 'on the leader alone' }],
      output: `store db { ${LF}; sync-followers 1; promote in-sync; failover automatic; election bully; election-quorum 2 }`,
    },
    {
      name: 'SPEC §5.1: a Kafka topic with unclean leader election (min.insync.replicas 2, promote any)',
      code: `cluster zk { replicas 3; consensus zab }\nqueue orders { ${LF}; sync-followers 1; promote any; failover automatic; coordinator zk }`,
      errors: [{ line: 2, column: 84, severity: 'warning', message: /unclean leader election.*acknowledged messages/ }],
      output: `cluster zk { replicas 3; consensus zab }\nqueue orders { ${LF}; sync-followers 1; promote in-sync; failover automatic; coordinator zk }`,
    },
    {
      name: 'a queue with acks=1',
      code: `cluster zk { replicas 3; consensus zab }\nqueue q { ${LF}; failover automatic; coordinator zk }`,
      errors: [{ line: 2, column: 61, message: 'acknowledges a message on the leader alone (sync-followers 0, acks=1)' }],
    },
  ],
});
