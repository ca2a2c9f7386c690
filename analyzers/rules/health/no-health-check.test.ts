import { ruleTester } from '../test-kit';
import { noHealthCheck } from './no-health-check';

ruleTester(noHealthCheck, {
  valid: [
    `gateway edge { routes api }\nservice api { replicas 3; health-check 5s }\n`,
    { name: 'one replica: nothing to route around', code: `gateway edge { routes api }\nservice api\n` },
    { name: 'not behind a gateway', code: `service worker { replicas 3 }\n` },
  ],
  invalid: [
    {
      code: `gateway edge { routes api }\nservice api {\n  replicas 3\n}\n`,
      errors: [{ line: 2, column: 9, endColumn: 12, message: '`api` has 3 replicas behind gateway `edge` but no health-check', severity: 'warning', related: [{ line: 1, column: 9, message: 'gateway `edge` sends traffic towards `api`' }] }],
      output: `gateway edge { routes api }\nservice api {\n  replicas 3\n  health-check 5s\n}\n`,
    },
    {
      name: 'a store two hops behind the gateway; the gateway itself is not behind one',
      code: `gateway edge { replicas 2; health-check 5s; routes api }\nservice api { replicas 2; health-check 5s; reads db }\nstore db { replicas 3 }\n`,
      errors: [{ line: 3, column: 7, message: '1/3 share' }],
      output: `gateway edge { replicas 2; health-check 5s; routes api }\nservice api { replicas 2; health-check 5s; reads db }\nstore db { replicas 3; health-check 5s }\n`,
    },
  ],
});
