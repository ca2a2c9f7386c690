import { ruleTester } from '../test-kit';
import { timeoutTooClose } from './timeout-too-close';

ruleTester(timeoutTooClose, {
  valid: [
    `cluster etcd { replicas 3; consensus raft; heartbeat 50ms; election-timeout 150ms..300ms }`,
    { name: 'defaults (50ms, 150ms..300ms)', code: `cluster etcd { replicas 3; consensus raft }` },
    { name: 'no election at all', code: `store db { replicas 2; replication leader-follower; failover manual; heartbeat 1s }` },
  ],
  invalid: [
    {
      code: `cluster etcd {\n  replicas 3\n  consensus raft\n  heartbeat 100ms\n  election-timeout 150ms..300ms\n}\n`,
      errors: [{ line: 5, column: 3, endColumn: 32, severity: 'warning', message: /minimum election timeout 150ms < 2 × heartbeat 100ms = 200ms: .*keep the minimum at 3–10 heartbeats \(300ms–1s\)$/, related: [{ line: 4, column: 3, message: 'heartbeat 100ms' }] }],
    },
    {
      name: 'declared heartbeat against the default timeout',
      code: `cluster zk {\n  replicas 3\n  consensus zab\n  heartbeat 80ms\n}\n`,
      errors: [{ line: 4, column: 3, message: /minimum election timeout 150ms \(default 150ms..300ms\) < 2 × heartbeat 80ms = 160ms: .*\(240ms–800ms\)$/ }],
    },
  ],
});
