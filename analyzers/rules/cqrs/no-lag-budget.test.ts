import { ruleTester } from '../test-kit';
import { noLagBudget } from './no-lag-budget';

const stores = `store orders-db { event-sourced; snapshot-every 500 }\nstore order-views {}\nqueue order-events {}\n`;

ruleTester(noLagBudget, {
  valid: [
    stores + `projection order-summary { source orders-db; store order-views; lag-budget 2s }`,
    { name: 'from a queue', code: stores + `projection order-summary {\n  source order-events\n  lag-budget 500ms\n}` },
  ],
  invalid: [
    {
      code: stores + `projection order-summary {\n  source order-events\n  store order-views\n}`,
      errors: [
        {
          line: 4,
          column: 12,
          endLine: 4,
          endColumn: 25,
          message: 'projection `order-summary` has no `lag-budget`: it is updated asynchronously along `order-events` (queue) → `order-summary`',
          severity: 'warning',
          related: [{ line: 5, column: 3, message: "the projection's source `order-events`" }],
        },
      ],
    },
    { name: 'no source declared', code: `projection p`, errors: [{ line: 1, column: 12, message: 'the source → `p`' }] },
  ],
});
