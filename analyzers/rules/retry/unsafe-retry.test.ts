import { ruleTester } from '../test-kit';
import { unsafeRetry } from './unsafe-retry';

const pay = `external pay { operation charge; operation status { idempotent } }\n`;

ruleTester(unsafeRetry, {
  valid: [
    pay + `service orders { call pay.status { timeout 1s; retry 3 } }`,
    { name: 'an idempotency key makes the retry safe', code: pay + `service orders { call pay.charge { timeout 1s; retry 3; idempotency-key order_id } }` },
    { name: 'an external idempotent as a whole', code: `external geo { idempotent }\nservice orders { call geo { timeout 1s; retry 2 } }` },
    { name: 'no retry', code: pay + `service orders { call pay.charge { timeout 1s } }` },
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
  ],
});
