import { ruleTester } from '../test-kit';
import { noTracing } from './no-tracing';

const traced = `observability tracing`;

ruleTester(noTracing, {
  valid: [
    `gateway edge { routes a }\nservice a { ${traced}; call b }\nservice b { ${traced}; call c }\nservice c { sidecar envoy { provides tracing } }\n`,
    { name: 'a 2-hop chain is short enough to follow', code: `gateway edge { routes a }\nservice a { call b }\nservice b { writes db }\nstore db\n` },
    { name: 'async calls do not form a synchronous chain', code: `service a { call b }\nservice b { call c { mode async } }\nservice c { call d }\nservice d\n` },
  ],
  invalid: [
    {
      code: `gateway edge { routes a }\nservice a { ${traced}; call b }\nservice b {\n  observability metrics\n  call c\n}\nservice c { ${traced} }\n`,
      errors: [{ line: 3, column: 9, endColumn: 10, message: 'sits on a 3-hop synchronous call chain edge → a → b → c', severity: 'info', related: [{ line: 1, column: 9, message: '`edge` is on the same call chain' }, { line: 2, column: 9, message: '`a` is on the same call chain' }, { line: 7, column: 9, message: '`c` is on the same call chain' }] }],
      output: `gateway edge { routes a }\nservice a { ${traced}; call b }\nservice b {\n  observability metrics, tracing\n  call c\n}\nservice c { ${traced} }\n`,
    },
    {
      name: 'every untraced service on the chain is reported once, even with a cycle',
      code: `service a { call b }\nservice b { call c }\nservice c { call a; call d }\nservice d { ${traced} }\n`,
      errors: [
        { line: 1, column: 9, message: 'a → b → c → d' },
        { line: 2, column: 9, message: 'a → b → c → d' },
        { line: 3, column: 9, message: 'a → b → c → d' },
      ],
      output: `service a { call b; observability tracing }\nservice b { call c; observability tracing }\nservice c { call a; call d; observability tracing }\nservice d { ${traced} }\n`,
    },
  ],
});
