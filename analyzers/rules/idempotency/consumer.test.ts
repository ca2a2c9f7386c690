import { ruleTester } from '../test-kit';
import { consumer } from './consumer';

const q = `queue events { delivery at-least-once }\nservice shipping {}\n`;

ruleTester(consumer, {
  valid: [
    q + `service billing { consumes events { idempotent } }`,
    { name: 'deduplicates on a key', code: q + `service billing { consumes events { dedupe event_id } }` },
    { name: 'an at-most-once queue never redelivers', code: `queue pings { delivery at-most-once }\nservice billing { consumes pings }` },
  ],
  invalid: [
    {
      code: q + `service billing {\n  consumes events {\n  }\n}\n`,
      errors: [{ line: 4, column: 12, endLine: 4, endColumn: 18, message: '`billing` consumes `events`, which delivers at-least-once, but is neither `idempotent` nor `dedupe`s', severity: 'error', related: [{ line: 1, column: 16, message: '`events` delivers at-least-once' }] }],
      output: q + `service billing {\n  consumes events {\n    idempotent\n  }\n}\n`,
    },
    {
      name: 'a consumes without a block',
      code: q + `service billing { consumes events }\n`,
      errors: [{ line: 3, column: 28, endColumn: 34 }],
      output: q + `service billing { consumes events { idempotent } }\n`,
    },
  ],
});
