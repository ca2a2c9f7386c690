import { ruleTester } from '../test-kit';
import { noCircuitBreaker } from './no-circuit-breaker';

const bank = `external bank { availability 99.9%; operation charge { idempotent } }\n`;

ruleTester(noCircuitBreaker, {
  valid: [
    bank + `service pay { call bank.charge { timeout 1s; circuit-breaker { failure-rate 50%; window 10s; cooldown 30s } } }`,
    { name: 'a sidecar provides the breaker', code: bank + `service pay {\n  ambassador envoy { provides circuit-breaker }\n  call bank.charge { timeout 1s }\n}` },
    { name: 'calls to internal services are not this rule’s', code: `service ledger {}\nservice pay { call ledger { timeout 1s } }` },
    { name: 'async calls do not hold the caller', code: bank + `service pay { call bank.charge { mode async } }` },
  ],
  invalid: [
    {
      code: bank + `service pay {\n  call bank.charge {\n    timeout 1s\n    retry 2\n  }\n}\n`,
      errors: [
        {
          line: 3,
          column: 8,
          endLine: 3,
          endColumn: 19,
          message: 'external `bank.charge` has no circuit breaker (declared availability 99.9%, about 8.8 hours down a year): while `bank` is down each request waits the full 1s timeout × 3 attempts',
          severity: 'warning',
          related: [{ line: 1, column: 10, message: 'external `bank`' }],
        },
      ],
      output: bank + `service pay {\n  call bank.charge {\n    circuit-breaker { failure-rate 50%; window 10s; cooldown 30s }\n    timeout 1s\n    retry 2\n  }\n}\n`,
    },
    {
      name: 'a sidecar that provides only retries does not count',
      code: `external geo\nservice maps {\n  sidecar envoy { provides retries }\n  call geo { timeout 300ms }\n}\n`,
      errors: [{ line: 4, column: 8, message: 'sync call from `maps` to external `geo` has no circuit breaker:' }],
      output: `external geo\nservice maps {\n  sidecar envoy { provides retries }\n  call geo { circuit-breaker { failure-rate 50%; window 10s; cooldown 30s }; timeout 300ms }\n}\n`,
    },
  ],
});
