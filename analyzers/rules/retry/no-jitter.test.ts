import { ruleTester } from '../test-kit';
import { noJitter } from './no-jitter';

const pay = `external pay { operation charge { idempotent } }\n`;

ruleTester(noJitter, {
  valid: [
    pay + `service orders { call pay.charge { timeout 1s; retry 3; backoff exponential 100ms..2s; jitter full } }`,
    { name: 'equal jitter', code: pay + `service orders { call pay.charge { timeout 1s; retry 3; backoff exponential 100ms..2s; jitter equal } }` },
    { name: 'a backoff without retries never waits', code: pay + `service orders { call pay.charge { timeout 1s; backoff exponential 100ms..2s } }` },
    { name: '`retry 0` never waits either', code: pay + `service orders { call pay.charge { timeout 1s; retry 0; backoff exponential 100ms..2s } }` },
    { name: 'constant backoff is retry/no-backoff’s business', code: pay + `service orders { call pay.charge { timeout 1s; retry 3; backoff constant 100ms } }` },
  ],
  invalid: [
    {
      code: pay + `service orders {\n  call pay.charge {\n    timeout 1s\n    retry 3\n    backoff exponential 100ms..2s\n  }\n}\n`,
      errors: [{ line: 6, column: 5, endLine: 6, endColumn: 34, message: 'retries after exactly 100ms, 200ms, 400ms', severity: 'warning' }],
      output: pay + `service orders {\n  call pay.charge {\n    jitter full\n    timeout 1s\n    retry 3\n    backoff exponential 100ms..2s\n  }\n}\n`,
    },
    {
      name: '`jitter none` is replaced',
      code: pay + `service orders { call pay.charge { timeout 1s; retry 3; backoff exponential 1s..2s; jitter none } }\n`,
      errors: [{ line: 2, column: 85, endColumn: 96, message: '1s, 2s, 2s' }],
      output: pay + `service orders { call pay.charge { timeout 1s; retry 3; backoff exponential 1s..2s; jitter full } }\n`,
    },
    {
      name: 'lists exactly retry delays when retry < 3, with the default base',
      code: pay + `service orders { call pay.charge { timeout 1s; retry 2; backoff exponential } }\n`,
      errors: [{ line: 2, column: 57, message: /retries after exactly 100ms, 200ms, so the retries/ }],
      output: pay + `service orders { call pay.charge { jitter full; timeout 1s; retry 2; backoff exponential } }\n`,
    },
    {
      name: 'retry 1: one delay',
      code: pay + `service orders { call pay.charge { timeout 1s; retry 1; backoff exponential 1s..2s } }\n`,
      errors: [{ line: 2, column: 57, message: /retries after exactly 1s, so/ }],
    },
  ],
});
