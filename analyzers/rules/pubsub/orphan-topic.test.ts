import { ruleTester } from '../test-kit';
import { orphanTopic } from './orphan-topic';

ruleTester(orphanTopic, {
  valid: [
    `queue events\nservice a { publishes events }\nservice b { consumes events { idempotent } }`,
    {
      name: 'a dead-letter queue counts as published',
      code: `queue dlq\nqueue events { dead-letter dlq }\nservice a { publishes events }\nservice b { consumes events; consumes dlq }`,
    },
    { name: 'a queue nobody uses is not an orphan topic', code: `queue spare` },
  ],
  invalid: [
    {
      code: `queue events\nservice a {\n  publishes events\n}\n`,
      errors: [{ line: 1, column: 7, endLine: 1, endColumn: 13, message: '`events` is published to by `a` but nothing consumes it', severity: 'warning', related: [{ line: 3, column: 13, message: 'published by `a`' }] }],
    },
    {
      name: 'consumed, never published',
      code: `queue events\nservice b { consumes events }\n`,
      errors: [{ line: 1, column: 7, message: '`events` is consumed by `b` but nothing publishes to it' }],
    },
    {
      name: 'a dead-letter queue nobody reads',
      code: `queue dlq\nqueue events { dead-letter dlq }\nservice a { publishes events }\nservice b { consumes events }\n`,
      errors: [{ line: 1, column: 7, message: '`dlq` is published to by `events (dead letters)`' }],
    },
  ],
});
