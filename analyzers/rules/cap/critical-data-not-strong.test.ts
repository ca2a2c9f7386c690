import { ruleTester } from '../test-kit';
import { criticalDataNotStrong } from './critical-data-not-strong';

ruleTester(criticalDataNotStrong, {
  valid: [
    `store ledger { replicas 3; replication leader-follower; consistency linearizable; holds money }`,
    { name: 'tolerant data may be eventual', code: `store carts { replicas 3; replication leaderless; consistency eventual; holds cart, session }` },
    { name: 'leader-follower default (sequential from the leader)', code: `store stock { replicas 3; replication leader-follower; holds inventory }` },
  ],
  invalid: [
    {
      code: `store ledger {\n  replicas 3\n  replication leaderless\n  consistency eventual\n  holds money, logs\n}\n`,
      errors: [{ line: 4, column: 3, endColumn: 23, severity: 'error', message: 'holds money but declares `consistency eventual`, weaker than sequential', related: [{ line: 5, column: 9, message: 'holds money' }] }],
    },
    {
      name: 'cap AP',
      code: `store seats {\n  replicas 3\n  replication leader-follower\n  cap AP\n  holds bookings\n}\n`,
      errors: [{ line: 4, column: 3, endColumn: 9, message: 'holds bookings but is `cap AP`' }],
    },
    {
      name: 'undeclared consistency on multi-leader: the holds atom',
      code: `store users { replicas 3; replication multi-leader; holds profile, identity }`,
      errors: [{ line: 1, column: 68, endColumn: 76, message: 'provides eventual (multi-leader; no consistency declared)' }],
    },
  ],
});
