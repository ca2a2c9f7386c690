import { ruleTester } from '../test-kit';
import { noTimeout } from './no-timeout';

const pay = `external pay { operation charge { idempotent } }\n`;

ruleTester(noTimeout, {
  valid: [
    pay + `service orders { call pay.charge { timeout 800ms } }`,
    { name: 'a sidecar provides timeouts', code: pay + `service orders {\n  sidecar envoy { provides timeouts }\n  call pay.charge\n}` },
    { name: 'async calls do not wait', code: pay + `service orders { call pay.charge { mode async } }` },
  ],
  invalid: [
    {
      code: pay + `service orders {\n  call pay.charge {\n    retry 2\n  }\n}\n`,
      errors: [{ line: 3, column: 8, endLine: 3, endColumn: 18, message: 'each of its 3 attempts (retry 2) can wait for ever', severity: 'warning', related: [{ line: 1, column: 10, message: '`pay` is declared here' }] }],
      output: pay + `service orders {\n  call pay.charge {\n    timeout 1s\n    retry 2\n  }\n}\n`,
    },
    {
      name: 'a call without a block; a sidecar that provides only tracing does not count',
      code: pay + `service orders {\n  sidecar envoy { provides tracing }\n  call pay.charge\n}\n`,
      errors: [{ line: 4, column: 8, message: 'call from `orders` to `pay.charge` has no timeout' }],
      output: pay + `service orders {\n  sidecar envoy { provides tracing }\n  call pay.charge { timeout 1s }\n}\n`,
    },
    {
      name: 'a statement on the line of `{` keeps the fix on that line',
      code: pay + `service orders {\n  call pay.charge { retry 2\n  }\n}\n`,
      errors: [{ line: 3, column: 8 }],
      output: pay + `service orders {\n  call pay.charge { timeout 1s; retry 2\n  }\n}\n`,
    },
  ],
});
