import { ruleTester } from '../test-kit';
import { noBackoff } from './no-backoff';

const pay = `external pay { operation charge { idempotent } }\n`;

ruleTester(noBackoff, {
  valid: [
    pay + `service orders { call pay.charge { timeout 1s; retry 3; backoff exponential 100ms..2s; jitter full } }`,
    { name: 'no retry, no backoff needed', code: pay + `service orders { call pay.charge { timeout 1s } }` },
  ],
  invalid: [
    {
      name: 'no backoff at all',
      code: pay + `service orders {\n  call pay.charge {\n    timeout 1s\n    retry 3\n  }\n}\n`,
      errors: [{ line: 5, column: 5, endLine: 5, endColumn: 12, message: 'retry 3 sends up to 4 attempts to `pay.charge` with no delay', severity: 'warning' }],
      output: pay + `service orders {\n  call pay.charge {\n    backoff exponential 100ms..2s\n    jitter full\n    timeout 1s\n    retry 3\n  }\n}\n`,
    },
    {
      name: '`backoff none` is a warning',
      code: pay + `service orders { call pay.charge { timeout 1s; retry 2; backoff none; jitter full } }\n`,
      errors: [{ line: 2, column: 57, endColumn: 69, severity: 'warning' }],
      output: pay + `service orders { call pay.charge { timeout 1s; retry 2; backoff exponential 100ms..2s; jitter full } }\n`,
    },
    {
      name: '`backoff constant` is info',
      code: pay + `service orders { call pay.charge { timeout 1s; retry 2; backoff constant 50ms } }\n`,
      errors: [{ line: 2, column: 57, endColumn: 78, message: 'at a constant 50ms apart', severity: 'info' }],
      output: pay + `service orders { call pay.charge { jitter full; timeout 1s; retry 2; backoff exponential 100ms..2s } }\n`,
    },
  ],
});
