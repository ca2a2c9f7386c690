import { ruleTester } from '../test-kit';
import { exactlyOnce } from './exactly-once';

ruleTester(exactlyOnce, {
  valid: [
    `queue events { delivery at-least-once }\nservice billing { consumes events { idempotent } }`,
    { name: 'no delivery claim', code: `queue events\nservice billing { consumes events { dedupe id } }` },
  ],
  invalid: [
    {
      code: `queue events {\n  delivery exactly-once\n}\nservice billing { consumes events }\n`,
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 24, message: '`events` claims exactly-once delivery', severity: 'info', related: [{ line: 4, column: 28, message: '`billing` consumes `events`' }] }],
    },
    {
      name: 'names the consumers that rely on the claim',
      code: `queue events { delivery exactly-once }\nservice billing { consumes events }\nservice audit { consumes events { idempotent } }\n`,
      errors: [{ line: 1, column: 16, message: '; `billing` relies on it with no `idempotent` or `dedupe`' }],
    },
  ],
});
