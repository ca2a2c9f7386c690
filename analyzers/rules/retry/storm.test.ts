import { ruleTester } from '../test-kit';
import { storm } from './storm';

// A fleet of mobile apps retries the gateway 3 times (×4); the gateway routes to `api`, which serves 3 × 300 req/s.
const fleet = (call: string, extra = '') =>
  `client mobile {\n  instances 200000\n  load 700\n  call edge {\n    ${call}\n  }\n}\n` +
  `gateway edge { replicas 3; capacity 5000; routes api }\n` +
  `service api { replicas 3; capacity 300${extra} }\n`;

ruleTester(storm, {
  valid: [
    { name: 'SPEC §5.2: no load declared anywhere: silent', code: `client mobile { call edge { timeout 5s; retry 3 } }\ngateway edge { routes api }\nservice api { replicas 3; capacity 1 }\n` },
    { name: 'the retried load fits: 700 × 4 = 2,800 ≤ 3 × 1,000', code: fleet('timeout 5s; retry 3', '').replace('capacity 300', 'capacity 1000') },
    { name: 'a retry budget on the hop bounds it (×1.1)', code: fleet('timeout 5s; retry 3; retry-budget 10%') },
    { name: 'a circuit breaker on the hop sheds the load', code: fleet('timeout 5s; retry 3; circuit-breaker { failure-rate 50%; window 10s; cooldown 30s }') },
    { name: 'no retries: overload without retries is not a retry storm (capacity/zone-loss is about capacity)', code: fleet('timeout 5s').replace('load 700', 'load 2000') },
    { name: 'no capacity declared: nothing to compare', code: fleet('timeout 5s; retry 3').replace('; capacity 300', '') },
    {
      name: 'a sidecar that provides circuit breaking bounds every call of its service',
      code:
        `gateway edge { load 500; routes api }\n` +
        `service api { call back { timeout 1s; retry 3 }; sidecar envoy { provides circuit-breaker } }\n` +
        `service back { replicas 2; capacity 500 }\n`,
    },
    {
      name: 'a breaker anywhere upstream protects the whole path',
      code:
        `client app { load 400; call api { timeout 5s; circuit-breaker { failure-rate 50% } } }\n` +
        `service api { call back { timeout 1s; retry 3 } }\n` +
        `service back { replicas 2; capacity 300 }\n`,
    },
  ],
  invalid: [
    {
      code: fleet('timeout 5s; retry 3'),
      errors: [
        {
          line: 9,
          column: 27,
          endLine: 9,
          endColumn: 39,
          severity: 'warning',
          message:
            '`api` can receive 2,800 req/s when its callers retry — 700 req/s at peak from `mobile`, ×4 along mobile → edge → api with no circuit breaker or retry budget on the way — but its replicas serve 3 × 300 req/s = 900 req/s: once it slows down, the retries keep it overloaded (a retry storm); bound the retries of `mobile` → `edge` with a retry budget (or a circuit breaker)',
          related: [
            { line: 5, column: 17, message: 'retry 3 on `mobile` → `edge` (×4), with no circuit breaker or retry budget' },
            { line: 3, column: 3, message: '`mobile` declares its peak load here' },
          ],
        },
      ],
      output: fleet('timeout 5s; retry 3\n    retry-budget 10%'),
    },
    {
      name: 'also over capacity without retries; the gateway is fine (2,800 ≤ 15,000)',
      code: fleet('timeout 5s; retry 1').replace('load 700', 'load 1000'),
      errors: [{ line: 9, column: 27, message: '`api` can receive 2,000 req/s when its callers retry — 1,000 req/s at peak from `mobile`, more than it serves even without retries, ×2 along' }],
    },
    {
      name: 'load is summed over every path: one request at `front` reads `db` twice (two readers), and retries multiply per path',
      code:
        `gateway edge { load 100; routes front }\n` +
        `service front { call a { timeout 1s; retry 2 }; call b { timeout 1s } }\n` +
        `service a { reads db }\nservice b { reads db }\n` +
        `store db { replicas 3; capacity 120 }\n`,
      errors: [{ line: 5, column: 24, message: '`db` can receive 400 req/s when its callers retry — 200 req/s at peak from `edge`, ×3 along edge → front → a → db' }],
    },
    {
      name: 'the worst unbounded chain is named; a bounded path still adds its (capped) load',
      code:
        `client web { load 300; call api { timeout 5s; retry 3; retry-budget 20% } }\n` +
        `client batch { load 100; call api { timeout 5s; retry 4 } }\n` +
        `service api { replicas 2; capacity 400 }\n`,
      // 300 × 1.2 + 100 × 5 = 860 > 800
      errors: [{ line: 3, column: 27, message: '`api` can receive 860 req/s when its callers retry — 400 req/s at peak from `web` (300 req/s) and `batch` (100 req/s), ×5 along batch → api', related: [{ line: 2, column: 49 }, { line: 2, column: 16 }] }],
      output:
        `client web { load 300; call api { timeout 5s; retry 3; retry-budget 20% } }\n` +
        `client batch { load 100; call api { timeout 5s; retry 4; retry-budget 10% } }\n` +
        `service api { replicas 2; capacity 400 }\n`,
    },
    {
      name: 'SPEC §5.1: chains through an operation that lists its calls follow only those',
      code:
        `gateway edge { load 100; routes front }\n` +
        `service front { call mid.get { timeout 2s; retry 3 } }\n` +
        `service mid {\n  operation get { idempotent; calls back.get }\n  operation report { calls audit.log }\n  call back.get { timeout 500ms }\n  call audit.log { timeout 500ms }\n}\n` +
        `service back { operation get { idempotent }; capacity 300 }\nservice audit { operation log { idempotent }; capacity 300 }\n`,
      errors: [{ line: 9, column: 46, message: '`back` can receive 400 req/s when its callers retry — 100 req/s at peak from `edge`, ×4 along edge → front → mid.get → back' }],
    },
    {
      name: 'a synchronous cycle is bounded: each request goes round once, and retries inside it multiply nothing',
      code:
        `gateway edge { load 100; routes a }\n` +
        `service a { call b { timeout 1s; retry 1 } }\n` +
        `service b { call a { timeout 1s }; call c { timeout 1s; retry 2 } }\n` +
        `service c { capacity 250 }\n`,
      errors: [{ line: 4, column: 13, message: '`c` can receive 300 req/s when its callers retry — 100 req/s at peak from `edge`, ×3 along edge → a → b → c' }],
    },
  ],
});
