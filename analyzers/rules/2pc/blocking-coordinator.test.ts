import { ruleTester } from '../test-kit';
import { blockingCoordinator } from './blocking-coordinator';

const stores = `store orders { replicas 3 }\nstore stock { replicas 3 }\n`;

ruleTester(blockingCoordinator, {
  valid: [
    stores + `service tm { replicas 3 }\ntransaction place { protocol two-phase-commit; coordinator tm; participants orders, stock }\n`,
    { name: 'no coordinator declared', code: stores + `transaction place { protocol two-phase-commit; participants orders, stock }\n` },
  ],
  invalid: [
    {
      code: stores + `service tm\ntransaction place {\n  protocol two-phase-commit\n  coordinator tm\n  participants orders, stock\n}\n`,
      errors: [
        { line: 6, column: 3, endLine: 6, endColumn: 17, message: 'coordinator `tm` of transaction `place` has 1 replica: if it dies after the 2 participants voted yes', severity: 'warning', related: [{ line: 3, column: 9, message: '`tm` runs 1 replica' }] },
      ],
      output: stores + `service tm { replicas 3 }\ntransaction place {\n  protocol two-phase-commit\n  coordinator tm\n  participants orders, stock\n}\n`,
    },
    {
      name: 'explicit replicas 1 is replaced',
      code: stores + `service tm {\n  replicas 1\n}\ntransaction place { coordinator tm; participants orders, stock }\n`,
      errors: [{ line: 6, column: 21, endColumn: 35 }],
      output: stores + `service tm {\n  replicas 3\n}\ntransaction place { coordinator tm; participants orders, stock }\n`,
    },
  ],
});
