import { ruleTester } from '../test-kit';
import { amplification } from './amplification';

// edge → front → middle → back, each call retried 3 times: 4 × 4 = 16 attempts at `back`.
const chain = (frontRetry: number, middleRetry: number) =>
  `gateway edge { routes front }\n` +
  `service front {\n  call middle.get {\n    timeout 2s\n    retry ${frontRetry}\n  }\n}\n` +
  `service middle {\n  operation get { idempotent }\n  call back.get {\n    timeout 500ms\n    retry ${middleRetry}\n  }\n}\n` +
  `service back { operation get { idempotent } }\n`;

ruleTester(amplification, {
  valid: [
    { name: '4 × 2 = 8 ≤ 10', code: chain(3, 1) },
    { name: 'retry only at the outermost level', code: chain(9, 0) },
    { name: 'a raised limit', code: chain(3, 3), config: { amplificationLimit: 20 } },
    {
      name: 'a cycle ends the chain',
      code: `gateway edge { routes a }\nservice a { call b { timeout 1s; retry 2 } }\nservice b { call a { timeout 1s; retry 2 } }\n`,
    },
  ],
  invalid: [
    {
      code: chain(3, 3),
      errors: [{ line: 12, column: 5, endLine: 12, endColumn: 12, message: 'Retries multiply to 16× on `back.get` along edge → front → middle → back (4 × 4 attempts, limit 10)', severity: 'warning', related: [{ line: 5, column: 5, message: 'retry 3 on `front` → `middle.get` (×4)' }] }],
    },
    {
      name: 'a lower limit; the deepest retrying call is reported once',
      code: chain(1, 2) + `service extra { entry; call middle.get { timeout 1s; retry 1 } }\n`,
      config: { amplificationLimit: 4 },
      errors: [{ line: 12, column: 5, message: 'Retries multiply to 6× on `back.get` along edge → front → middle → back' }],
    },
  ],
});
