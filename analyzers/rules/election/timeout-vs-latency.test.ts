import { ruleTester } from '../test-kit';
import { timeoutVsLatency } from './timeout-vs-latency';

const regions = `region us-east { zones use1-a, use1-b, use1-c }\nregion eu-west { zones euw1-a }\n`;

ruleTester(timeoutVsLatency, {
  valid: [
    // Cross-zone worst is 2ms: 10 × 2ms = 20ms ≤ 150ms.
    regions + `cluster etcd { replicas 3; zones use1-a, use1-b, use1-c; consensus raft }`,
    {
      name: 'cross-region with a timeout sized for it',
      code: regions + `cluster etcd { replicas 3; zones use1-a, use1-b, euw1-a; consensus raft; heartbeat 100ms; election-timeout 600ms..1200ms }`,
    },
    {
      name: 'SPEC §5.2: a store whose failover a coordinator chooses runs no election of its own',
      code:
        regions +
        `cluster zk { replicas 3; zones use1-a, use1-b, use1-c; consensus zab }\n` +
        `store db { replicas 3; zones use1-a, use1-b, euw1-a; replication leader-follower; failover automatic; coordinator zk; election bully; fencing }`,
    },
    {
      name: 'SPEC §5.2: a naive failover (no election declared) runs no election',
      code: regions + `store db { replicas 2; zones use1-a, euw1-a; replication leader-follower; failover automatic; fencing }`,
    },
    { name: '`election none`', code: regions + `store db { replicas 2; zones use1-a, euw1-a; replication leader-follower; election none; failover manual }` },
    { name: 'a cluster with `consensus none`', code: regions + `cluster c { replicas 3; zones use1-a, use1-b, euw1-a; consensus none }` },
  ],
  invalid: [
    {
      code: regions + `cluster etcd {\n  replicas 3\n  zones use1-a, use1-b, euw1-a\n  consensus raft\n  election-timeout 300ms..600ms\n}\n`,
      errors: [{ line: 7, column: 3, endColumn: 32, severity: 'warning', message: 'minimum election timeout 300ms < 10 × worst one-way latency 60ms between members = 600ms', related: [{ line: 5, column: 3, message: 'members placed over use1-a, use1-b, euw1-a' }] }],
    },
    {
      name: 'defaults, custom network',
      code: `network { cross-zone 20ms..30ms }\n` + regions + `cluster etcd { replicas 3; zones use1-a, use1-b; consensus raft }`,
      errors: [{ line: 4, column: 9, endColumn: 13, message: '150ms (default 150ms..300ms) < 10 × worst one-way latency 30ms between members = 300ms' }],
    },
    {
      name: 'a bully election without a coordinator still runs an election: reported',
      code: regions + `store db { replicas 3; zones use1-a, use1-b, euw1-a; replication leader-follower; failover automatic; election bully; fencing }`,
      errors: [{ line: 3, column: 7, message: 'minimum election timeout 150ms (default 150ms..300ms) < 10 × worst one-way latency 60ms' }],
    },
    {
      name: 'a raft store with a coordinator declared still elects among its members',
      code:
        regions +
        `cluster zk { replicas 3; zones use1-a, use1-b, use1-c; consensus zab }\n` +
        `store db { replicas 3; zones use1-a, use1-b, euw1-a; election raft; failover automatic; coordinator zk }`,
      errors: [{ line: 4, column: 7, message: '< 10 × worst one-way latency 60ms' }],
    },
    {
      name: 'a queue electing by raft across regions (SPEC §5.1)',
      code: regions + `queue q { replicas 3; zones use1-a, use1-b, euw1-a; replication leader-follower; election raft }`,
      errors: [{ line: 3, column: 7, message: '< 10 × worst one-way latency 60ms' }],
    },
  ],
});
