import { ruleTester } from '../test-kit';
import { noRateLimit } from './no-rate-limit';

ruleTester(noRateLimit, {
  valid: [
    `gateway edge { rate-limit 500; routes api }\nservice api { replicas 2 }\n`,
    { name: 'a service behind a gateway is not an entry point', code: `gateway edge { rate-limit 500; routes api }\nservice api\n` },
    { name: 'an entry-marked store cannot declare a rate limit', code: `store db { entry }\ngateway edge { rate-limit 10 }\n` },
  ],
  invalid: [
    {
      code: `gateway edge {\n  replicas 2\n  routes api\n}\nservice api\n`,
      errors: [{ line: 1, column: 9, endColumn: 13, message: 'entry point `edge` has no rate-limit', severity: 'info' }],
    },
    {
      name: 'no entry points declared: every service is one',
      code: `service api { replicas 3; call billing }\nservice billing { rate-limit 100 }\n`,
      errors: [{ line: 1, column: 9, message: /every service is an entry point.*its 3 replicas/ }],
    },
  ],
});
