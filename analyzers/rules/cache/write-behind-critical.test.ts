import { ruleTester } from '../test-kit';
import { writeBehindCritical } from './write-behind-critical';

ruleTester(writeBehindCritical, {
  valid: [
    `store ledger { holds money }\ncache ledger-cache { strategy write-through; for ledger; ttl 1m }`,
    { name: 'write-behind for tolerant data', code: `store views { holds analytics, feed }\ncache view-counter { strategy write-behind; for views; ttl 1m }` },
  ],
  invalid: [
    {
      code: `store ledger {\n  replicas 3\n  holds money, analytics\n}\ncache ledger-cache {\n  replicas 2\n  strategy write-behind\n  for ledger\n  ttl 1m\n}`,
      errors: [
        {
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 24,
          message: 'cache `ledger-cache` is write-behind for `ledger`, which holds money:',
          severity: 'error',
          related: [{ line: 3, column: 3, message: '`ledger` holds money' }],
        },
      ],
    },
    {
      code: `store stock { holds inventory, bookings }\ncache c { strategy write-behind; for stock; ttl 1m }`,
      errors: [{ line: 2, column: 11, message: 'holds inventory, bookings' }],
    },
  ],
});
