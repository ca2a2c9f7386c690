import { ruleTester } from '../test-kit';
import { noBulkhead } from './no-bulkhead';

const deps = `external bank\nservice ledger {}\n`;

ruleTester(noBulkhead, {
  valid: [
    deps + `service pay { bulkhead 20; call bank { timeout 1s }; call ledger { timeout 1s } }`,
    { name: 'only one dependency', code: deps + `service pay { call bank { timeout 1s } }` },
    { name: 'two dependencies, none external', code: deps + `service audit {}\nservice pay { call audit { timeout 1s }; call ledger { timeout 1s } }` },
  ],
  invalid: [
    {
      code: deps + `service pay {\n  call bank { timeout 1s }\n  call ledger { timeout 1s }\n}\n`,
      errors: [{ line: 3, column: 9, endLine: 3, endColumn: 12, message: '`pay` calls 2 dependencies (`bank`, `ledger`), including external `bank`, with no `bulkhead`', severity: 'info', related: [{ line: 4, column: 8, message: 'the call to external `bank`' }] }],
      output: deps + `service pay {\n  bulkhead 10\n  call bank { timeout 1s }\n  call ledger { timeout 1s }\n}\n`,
    },
    {
      name: 'two operations of the same external count once',
      code: `external bank { operation charge; operation refund }\nservice ledger {}\nservice pay { call bank.charge { timeout 1s }; call bank.refund { timeout 1s }; call ledger { timeout 1s } }\n`,
      errors: [{ line: 3, column: 9, message: 'calls 2 dependencies' }],
      output: `external bank { operation charge; operation refund }\nservice ledger {}\nservice pay { bulkhead 10; call bank.charge { timeout 1s }; call bank.refund { timeout 1s }; call ledger { timeout 1s } }\n`,
    },
  ],
});
