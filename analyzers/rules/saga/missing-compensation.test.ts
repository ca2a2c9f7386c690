import { ruleTester } from '../test-kit';
import { missingCompensation } from './missing-compensation';

const services = `service orders {}\nservice inventory {}\nservice payments {}\nservice shipping {}\n`;

ruleTester(missingCompensation, {
  valid: [
    services +
      `saga checkout {\n  step reserve { action inventory.reserve; compensate inventory.release }\n  step charge { action payments.charge; pivot }\n  step ship { action shipping.ship }\n}`,
    {
      name: 'no pivot: the last step needs no compensation',
      code: services + `saga checkout {\n  step reserve { action inventory.reserve; compensate inventory.release }\n  step charge { action payments.charge }\n}`,
    },
    { name: 'a single step is its own commit point', code: services + `saga one { step charge { action payments.charge } }` },
  ],
  invalid: [
    {
      name: 'before the pivot, multi-line step block; the undo of charge is refund',
      code: services + `saga checkout {\n  step charge {\n    action payments.charge\n  }\n  step ship { action shipping.ship; pivot }\n}\n`,
      errors: [{ line: 6, column: 8, endLine: 6, endColumn: 14, message: 'step `charge` (step 1 of 2) runs before the pivot `ship`', severity: 'error', related: [{ line: 9, column: 8, message: 'the pivot step `ship`' }] }],
      output: services + `saga checkout {\n  step charge {\n    action payments.charge\n    compensate payments.refund\n  }\n  step ship { action shipping.ship; pivot }\n}\n`,
    },
    {
      name: 'no pivot: every step but the last; one-line blocks',
      code: services + `saga checkout {\n  step reserve { action inventory.reserve }\n  step charge { action payments.charge }\n  step ship { action shipping.ship }\n}\n`,
      errors: [
        { line: 6, column: 8, message: 'before the last step `ship` (no step is marked `pivot`)' },
        { line: 7, column: 8, message: 'step `charge` (step 2 of 3)' },
      ],
      output:
        services +
        `saga checkout {\n  step reserve { action inventory.reserve; compensate inventory.release }\n  step charge { action payments.charge; compensate payments.refund }\n  step ship { action shipping.ship }\n}\n`,
    },
    {
      name: 'the target declares operations but no undo: no fix that would name an undeclared one',
      code:
        `service orders {}\nexternal stripe { operation charge { idempotent } }\nservice shipping {}\n` +
        `saga checkout {\n  step charge { action stripe.charge }\n  step ship { action shipping.ship; pivot }\n}\n`,
      errors: [{ line: 5, column: 8, message: 'has no `compensate`' }],
    },
    {
      name: 'a declared matching undo is used',
      code:
        `external stripe {\n  operation charge\n  operation refund { idempotent }\n}\nservice shipping {}\n` +
        `saga checkout {\n  step charge { action stripe.charge }\n  step ship { action shipping.ship; pivot }\n}\n`,
      errors: [{ line: 7, column: 8 }],
      output:
        `external stripe {\n  operation charge\n  operation refund { idempotent }\n}\nservice shipping {}\n` +
        `saga checkout {\n  step charge { action stripe.charge; compensate stripe.refund }\n  step ship { action shipping.ship; pivot }\n}\n`,
    },
  ],
});
