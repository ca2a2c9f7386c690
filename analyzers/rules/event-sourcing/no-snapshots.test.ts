import { ruleTester } from '../test-kit';
import { noSnapshots } from './no-snapshots';

ruleTester(noSnapshots, {
  valid: [
    `store ledger { event-sourced; snapshot-every 500 }`,
    { name: 'not event-sourced', code: `store ledger { replicas 3 }` },
  ],
  invalid: [
    {
      code: `store ledger {\n  replicas 3\n  event-sourced // every change is an event\n}\n`,
      errors: [{ line: 3, column: 3, endLine: 3, endColumn: 16, message: 'is event-sourced without `snapshot-every`', severity: 'info' }],
      output: `store ledger {\n  replicas 3\n  event-sourced // every change is an event\n  snapshot-every 1000\n}\n`,
    },
    {
      code: `store ledger { event-sourced }`,
      errors: [{ line: 1, column: 16 }],
      output: `store ledger { event-sourced; snapshot-every 1000 }`,
    },
    {
      name: 'the closing brace shares a line with a comment',
      code: `store ledger {\n  event-sourced\n  /* end */ }`,
      errors: [{ line: 2, column: 3 }],
      output: `store ledger {\n  event-sourced; snapshot-every 1000\n  /* end */ }`,
    },
  ],
});
