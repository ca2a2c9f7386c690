import { ruleTester } from '../test-kit';
import { noOutbox } from './no-outbox';

const infra = `store orders-db\nqueue order-events\n`;

ruleTester(noOutbox, {
  valid: [
    infra + `service orders { writes orders-db; publishes order-events { outbox } }`,
    { name: 'publishes without writing', code: infra + `service notifier { publishes order-events }` },
    { name: 'writes without publishing', code: infra + `service orders { writes orders-db }` },
    {
      name: 'SPEC §5.2: a write to a cache does not count (derived data, rebuilt from the store)',
      code: infra + `cache orders-cache { for orders-db; ttl 5m }\nservice orders { writes orders-cache; publishes order-events }`,
    },
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
    {
      name: 'a store write next to a cache write still counts; only the store is named',
      code: infra + `cache orders-cache { for orders-db; ttl 5m }\nservice orders {\n  writes orders-cache\n  writes orders-db\n  publishes order-events\n}\n`,
      errors: [{ line: 7, column: 13, message: /^`orders` writes `orders-db` and publishes/, related: [{ line: 6, column: 10, message: '`orders` writes `orders-db`' }] }],
    },
    {
      name: 'SPEC §5.1: a write to a cluster (configuration in etcd) is a write like any other',
      code: infra + `cluster etcd { replicas 3; consensus raft }\nservice config { writes etcd; publishes order-events }`,
      errors: [{ line: 4, column: 41, message: '`config` writes `etcd` and publishes to `order-events` without `outbox`' }],
    },
  ],
});
