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
  ],
});
