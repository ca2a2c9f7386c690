import { ruleTester } from '../test-kit';
import { stepNotIdempotent } from './step-not-idempotent';

const head = `service payments {\n  operation charge\n  operation refund { idempotent }\n}\n`;

ruleTester(stepNotIdempotent, {
  valid: [
    head +
      `service shipping { operation ship { idempotent } }\n` +
      `saga checkout {\n  step charge { action payments.charge; compensate payments.refund; pivot }\n  step ship { action shipping.ship }\n}`,
    {
      name: 'no pivot: nothing is retried forward',
      code: head + `service shipping {}\nsaga checkout {\n  step charge { action payments.charge; compensate payments.refund }\n  step ship { action shipping.ship }\n}`,
    },
    {
      name: 'an idempotent external',
      code: head + `external mailer { idempotent }\nsaga checkout {\n  step charge { action payments.charge; pivot }\n  step notify { action mailer.send }\n}`,
    },
  ],
  invalid: [
    {
      code: head + `service shipping { operation ship }\nsaga checkout {\n  step charge { action payments.charge; pivot }\n  step ship { action shipping.ship }\n}`,
      errors: [
        {
          line: 8,
          column: 22,
          endLine: 8,
          endColumn: 35,
          message: 'step `ship` (step 2 of 2) comes after the pivot `charge` (step 1)',
          severity: 'warning',
          related: [{ line: 7, column: 8, message: 'the pivot step `charge`' }, { line: 5, column: 30, message: '`shipping.ship` is declared here' }],
        },
      ],
    },
    {
      name: 'every step after the pivot, the pivot itself is not',
      code:
        head +
        `service shipping {}\nservice mail {}\nsaga checkout {\n  step charge { action payments.charge; pivot }\n  step ship { action shipping.ship }\n  step notify { action mail.send }\n}`,
      errors: [
        { line: 9, column: 22, message: '`shipping` does not declare `operation ship { idempotent }`' },
        { line: 10, column: 24, message: 'step `notify` (step 3 of 3)' },
      ],
    },
  ],
});
