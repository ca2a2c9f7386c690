import { ruleTester } from '../test-kit';
import { unsafeRetry } from './unsafe-retry';

const pay = `external pay { operation charge; operation status { idempotent } }\n`;

ruleTester(unsafeRetry, {
  valid: [
    pay + `service orders { call pay.status { timeout 1s; retry 3 } }`,
    { name: 'an idempotency key makes the retry safe', code: pay + `service orders { call pay.charge { timeout 1s; retry 3; idempotency-key order_id } }` },
    { name: 'an external idempotent as a whole', code: `external geo { idempotent }\nservice orders { call geo { timeout 1s; retry 2 } }` },
    { name: 'no retry', code: pay + `service orders { call pay.charge { timeout 1s } }` },
    {
      name: 'a sidecar that provides retries, to idempotent operations or with a key',
      code: pay + `service orders {\n  sidecar envoy { provides retries, timeouts }\n  call pay.status\n  call pay.charge { idempotency-key order_id }\n}\n`,
    },
    { name: 'a sidecar that provides no retries', code: pay + `service orders { sidecar envoy { provides timeouts, tracing }; call pay.charge }` },
    { name: 'a retry budget on an idempotent operation', code: pay + `service orders { call pay.status { timeout 1s; retry-budget 20% } }` },
  ],
  invalid: [
    {
      code: pay + `service orders {\n  call pay.charge {\n    timeout 1s\n    retry 3\n  }\n}\n`,
      errors: [{ line: 5, column: 5, endLine: 5, endColumn: 12, message: 'retry 3 (up to 4 attempts) but operation `pay.charge` is not declared `idempotent`', severity: 'error', related: [{ line: 1, column: 26, message: '`pay.charge` is not marked idempotent' }] }],
      output: pay + `service orders {\n  call pay.charge {\n    idempotency-key request_id\n    timeout 1s\n    retry 3\n  }\n}\n`,
    },
    {
      name: 'a call naming no operation',
      code: `service stock {}\nservice orders { call stock { timeout 1s; retry 1 } }\n`,
      errors: [{ line: 2, column: 43, message: '`stock` is called without naming an idempotent operation' }],
      output: `service stock {}\nservice orders { call stock { idempotency-key request_id; timeout 1s; retry 1 } }\n`,
    },
    {
      name: 'SPEC §5.2: retries a sidecar provides count on every call the element makes',
      code: pay + `service orders {\n  sidecar envoy { provides retries, timeouts }\n  call pay.charge\n}\n`,
      errors: [
        {
          line: 4,
          column: 8,
          endColumn: 18,
          message: 'sidecar `envoy` provides retries, so every call `orders` makes is retried (a mesh retries a POST on a connection reset) but operation `pay.charge` is not declared `idempotent`',
          related: [
            { line: 3, column: 28, message: 'sidecar `envoy` provides retries' },
            { line: 1, column: 26, message: '`pay.charge` is not marked idempotent' },
          ],
        },
      ],
      output: pay + `service orders {\n  sidecar envoy { provides retries, timeouts }\n  call pay.charge { idempotency-key request_id }\n}\n`,
    },
    {
      name: 'SPEC §5.2: an ambassador too, even on a call declared `retry 0`',
      code: pay + `service orders {\n  ambassador out { provides retries }\n  call pay.charge { timeout 1s; retry 0 }\n}\n`,
      errors: [{ line: 4, column: 8, message: 'ambassador `out` provides retries' }],
    },
    {
      name: 'SPEC §5.2: a retry-budget call is a retrying call',
      code: pay + `service orders {\n  call pay.charge {\n    timeout 1s\n    retry-budget 20%\n  }\n}\n`,
      errors: [{ line: 5, column: 5, endColumn: 21, message: '`retry-budget 20%` retries the call (up to 20% of requests more) but operation `pay.charge` is not declared `idempotent`' }],
    },
    {
      name: 'SPEC §5.1: a client retrying a non-idempotent operation',
      code: pay + `service orders { operation place; call pay.status }\nclient web { call orders.place { timeout 2s; retry 2 } }\n`,
      errors: [{ line: 3, column: 46, message: 'retry 2 (up to 3 attempts) but operation `orders.place` is not declared `idempotent`' }],
    },
  ],
});
