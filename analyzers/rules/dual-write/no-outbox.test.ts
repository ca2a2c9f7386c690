import { ruleTester } from '../test-kit';
import { noOutbox } from './no-outbox';

const infra = `store orders-db\nqueue order-events\n`;

ruleTester(noOutbox, {
  valid: [
    infra + `service orders { writes orders-db; publishes order-events { outbox } }`,
    { name: 'publishes without writing', code: infra + `service notifier { publishes order-events }` },
    { name: 'writes without publishing', code: infra + `service orders { writes orders-db }` },
  ],
  invalid: [
    {
      code: infra + `service orders {\n  writes orders-db\n  publishes order-events\n}\n`,
      errors: [{ line: 5, column: 13, endLine: 5, endColumn: 25, message: '`orders` writes `orders-db` and publishes to `order-events` without `outbox`', severity: 'warning', related: [{ line: 4, column: 10, message: '`orders` writes `orders-db`' }] }],
      output: infra + `service orders {\n  writes orders-db\n  publishes order-events { outbox }\n}\n`,
    },
    {
      name: 'each publish without outbox is reported',
      code: infra + `queue audit\nservice orders {\n  writes orders-db\n  publishes order-events {\n  }\n  publishes audit { outbox }\n}\n`,
      errors: [{ line: 6, column: 13, message: 'publishes to `order-events`' }],
      output: infra + `queue audit\nservice orders {\n  writes orders-db\n  publishes order-events {\n    outbox\n  }\n  publishes audit { outbox }\n}\n`,
    },
  ],
});
