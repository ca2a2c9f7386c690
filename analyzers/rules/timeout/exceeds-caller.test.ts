import { ruleTester } from '../test-kit';
import { exceedsCaller } from './exceeds-caller';

const bank = `external bank { operation charge { idempotent } }\n`;
const payments = (call: string) => bank + `service payments {\n  operation charge { idempotent }\n  call bank.charge { ${call} }\n}\n`;

ruleTester(exceedsCaller, {
  valid: [
    payments('timeout 200ms; retry 2; backoff exponential 100ms..1s; jitter full') + `service orders { call payments.charge { timeout 1s } }`,
    { name: 'the callee has no timeout (retry/no-timeout says so)', code: payments('retry 2') + `service orders { call payments.charge { timeout 1s } }` },
    { name: 'the caller has no timeout', code: payments('timeout 5s') + `service orders { call payments.charge }` },
    {
      name: 'SPEC §5.1: a call to an operation that lists its calls is measured by those calls only',
      code:
        `external bank { operation charge { idempotent }; operation report { idempotent } }\n` +
        `service payments {\n  operation charge { idempotent; calls bank.charge }\n  operation report { calls bank.report }\n  call bank.charge { timeout 200ms }\n  call bank.report { timeout 2s; retry 2 }\n}\n` +
        `service orders { call payments.charge { timeout 1s } }\n`,
    },
  ],
  invalid: [
    {
      // 4 attempts × 800ms + 100ms + 200ms + 400ms = 3.9s > 1s.
      code: payments('timeout 800ms; retry 3; backoff exponential 100ms..2s; jitter full') + `service orders {\n  call payments.charge {\n    timeout 1s\n  }\n}\n`,
      errors: [
        {
          line: 8,
          column: 5,
          endLine: 8,
          endColumn: 15,
          message: '`orders` gives `payments.charge` 1s, but `payments` can spend 3900ms on its call to `bank.charge` alone (4 attempts × 800ms + backoff 100ms + 200ms + 400ms = 3900ms)',
          severity: 'warning',
          related: [{ line: 4, column: 22, message: '`payments` → `bank.charge`: 4 attempts × 800ms + backoff 100ms + 200ms + 400ms = 3900ms' }],
        },
      ],
    },
    {
      name: 'a gateway timeout over its routes',
      code: payments('timeout 2s; retry 1; backoff constant 500ms') + `gateway edge {\n  routes payments\n  timeout 3s\n}\n`,
      errors: [{ line: 8, column: 3, endColumn: 13, message: '`edge` gives `payments` 3s, but `payments` can spend 4500ms on its call to `bank.charge` alone (2 attempts × 2s + backoff 500ms = 4500ms)' }],
    },
    {
      name: 'the slowest chain below the callee is named when it takes longer than its slowest call alone',
      code:
        `service ledger {}\nservice bank { call ledger { timeout 2s; retry 2 } }\n` +
        `service payments { call bank { timeout 1s; retry 1 } }\nservice orders { call payments { timeout 500ms } }\n`,
      errors: [
        { line: 3, column: 32, message: '`payments` gives `bank` 1s, but `bank` can spend 6s on its call to `ledger` alone' },
        {
          line: 4,
          column: 34,
          message: /`orders` gives `payments` 500ms, but `payments` can spend 2s on its call to `bank` alone .*; counting the calls below it, one request can keep work going for up to 8s along payments → bank → ledger$/,
        },
      ],
    },
    {
      name: 'equally slow calls: the first label in code-point order, whatever the declaration order',
      code: `service z {}\nservice y {}\nservice callee { call z { timeout 2s }; call y { timeout 2s } }\nservice caller { call callee { timeout 1s } }\n`,
      errors: [{ line: 4, column: 32, message: 'on its call to `y` alone' }],
    },
    {
      name: 'SPEC §5.1: a client is a caller too',
      code: payments('timeout 800ms; retry 3') + `client app { call payments.charge { timeout 1s; retry 2 } }\n`,
      errors: [{ line: 6, column: 37, message: '`app` gives `payments.charge` 1s, but `payments` can spend 3200ms on its call to `bank.charge` alone' }],
    },
    {
      name: 'SPEC §5.1: the operation called keeps its own slow calls',
      code:
        `external bank { operation charge { idempotent }; operation report { idempotent } }\n` +
        `service payments {\n  operation charge { idempotent; calls bank.charge }\n  operation report { calls bank.report }\n  call bank.charge { timeout 200ms }\n  call bank.report { timeout 2s; retry 2 }\n}\n` +
        `service orders { call payments.report { timeout 1s } }\n`,
      errors: [{ line: 8, column: 41, message: '`orders` gives `payments.report` 1s, but `payments` can spend 6s on its call to `bank.report` alone' }],
    },
  ],
});
