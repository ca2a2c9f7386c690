import { ruleTester } from '../test-kit';
import { compensationNotIdempotent } from './compensation-not-idempotent';

ruleTester(compensationNotIdempotent, {
  valid: [
    `service payments {\n  operation charge\n  operation refund { idempotent }\n}\nservice shipping {}\n` +
      `saga checkout {\n  step charge { action payments.charge; compensate payments.refund }\n  step ship { action shipping.ship; pivot }\n}`,
    {
      name: 'an external idempotent as a whole',
      code: `external stripe { idempotent }\nservice shipping {}\nsaga checkout {\n  step charge { action stripe.charge; compensate stripe.refund }\n  step ship { action shipping.ship }\n}`,
    },
  ],
  invalid: [
    {
      name: 'operation declared without idempotent',
      code: `service payments {\n  operation charge\n  operation refund\n}\nservice shipping {}\n` + `saga checkout {\n  step charge { action payments.charge; compensate payments.refund }\n  step ship { action shipping.ship }\n}`,
      errors: [
        {
          line: 7,
          column: 52,
          endLine: 7,
          endColumn: 67,
          message: 'compensation `payments.refund` of step `charge` is not idempotent (operation `payments.refund` is declared without `idempotent`)',
          severity: 'warning',
          related: [{ line: 3, column: 13, message: '`payments.refund` is declared here' }],
        },
      ],
    },
    {
      name: 'operation not declared at all',
      code: `store stock {}\nservice shipping {}\nsaga checkout {\n  step reserve { action stock.reserve; compensate stock.release }\n  step ship { action shipping.ship }\n}`,
      errors: [{ line: 4, column: 51, message: "`stock` does not declare `operation release { idempotent }`" }],
    },
  ],
});
