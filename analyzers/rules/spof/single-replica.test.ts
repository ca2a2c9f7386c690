import { ruleTester } from '../test-kit';
import { singleReplica } from './single-replica';

const region = `region us-east { zones a, b, c }\n`;

ruleTester(singleReplica, {
  valid: [
    region + `gateway edge { replicas 2; zones a, b; routes api }\nservice api { replicas 3; zones a, b, c }\n`,
    {
      name: 'a single replica that no entry point reaches synchronously',
      code: `gateway edge { replicas 2; routes api }\nservice api { replicas 2; publishes jobs { outbox } }\nqueue jobs { replicas 3 }\nservice worker { replicas 1; consumes jobs { idempotent } }\n`,
    },
  ],
  invalid: [
    {
      name: 'explicit replicas 1: the value is replaced, zones added from the only region',
      code: region + `gateway edge { replicas 2; zones a, b; routes api }\nservice api {\n  replicas 1\n}\n`,
      errors: [{ line: 4, column: 3, endLine: 4, endColumn: 13, message: '`api` has 1 replica and is on a synchronous path from `edge`', severity: 'warning', related: [{ line: 2, column: 9, message: 'entry point `edge` needs `api` synchronously' }] }],
      output: region + `gateway edge { replicas 2; zones a, b; routes api }\nservice api {\n  replicas 3\n  zones a, b, c\n}\n`,
    },
    {
      name: 'default replicas on a store behind a service: the name is flagged',
      code: `gateway edge { replicas 2; routes api }\nservice api { replicas 2; writes db }\nstore db { engine postgres }\n`,
      errors: [{ line: 3, column: 7, endColumn: 9, message: 'tolerates 0 failures' }],
      output: `gateway edge { replicas 2; routes api }\nservice api { replicas 2; writes db }\nstore db { engine postgres; replicas 3 }\n`,
    },
    {
      name: 'an entry point itself, placed in one zone: zones are kept',
      code: region + `gateway edge { zones a }\n`,
      errors: [{ line: 2, column: 9, message: '`edge` has 1 replica and is an entry point' }],
      output: region + `gateway edge { zones a; replicas 3 }\n`,
    },
    {
      name: 'no block, unplaced, region with 3 zones',
      code: region + `gateway edge { replicas 2; zones a, b; routes api }\nservice api\n`,
      errors: [{ line: 3, column: 9 }],
      output: region + `gateway edge { replicas 2; zones a, b; routes api }\nservice api { replicas 3; zones a, b, c }\n`,
    },
    {
      name: 'two regions: the zones come from the region of its placed neighbours',
      code: `region eu { zones e1, e2, e3 }\nregion us { zones u1, u2 }\ngateway edge { replicas 2; zones e1, e2; routes api }\nservice api { replicas 1 }\n`,
      errors: [{ line: 4, column: 15, endColumn: 25, message: 'run 3 replicas across e1, e2, e3' }],
      output: `region eu { zones e1, e2, e3 }\nregion us { zones u1, u2 }\ngateway edge { replicas 2; zones e1, e2; routes api }\nservice api { replicas 3; zones e1, e2, e3 }\n`,
    },
    {
      name: 'every service an entry point (no gateway, no entry marks): three are named, the rest summed up',
      code: `service a { replicas 3; call x }\nservice b { replicas 3; call x }\nservice c { replicas 3; call x }\nservice d { replicas 3; call x }\nservice x\n`,
      errors: [
        {
          line: 5,
          column: 9,
          message: '`x` has 1 replica and is on a synchronous path from `a`, `b`, `c` and other entry points:',
          related: [
            { line: 1, column: 9, message: 'entry point `a` needs `x` synchronously' },
            { line: 2, column: 9, message: 'entry point `b` needs `x` synchronously' },
            { line: 3, column: 9, message: 'entry point `c` needs `x` synchronously' },
          ],
        },
      ],
      output: `service a { replicas 3; call x }\nservice b { replicas 3; call x }\nservice c { replicas 3; call x }\nservice d { replicas 3; call x }\nservice x { replicas 3 }\n`,
    },
    {
      name: 'an entry point reached by exactly three others: all three named, nothing summed up',
      code: `service a { replicas 3; call x }\nservice b { replicas 3; call x }\nservice c { replicas 3; call x }\nservice x\n`,
      errors: [{ line: 4, column: 9, message: 'is on a synchronous path from `a`, `b`, `c`: one crash' }],
      output: `service a { replicas 3; call x }\nservice b { replicas 3; call x }\nservice c { replicas 3; call x }\nservice x { replicas 3 }\n`,
    },
    {
      name: 'two regions and neighbours in both: no zones are guessed',
      code: `region eu { zones e1, e2, e3 }\nregion us { zones u1, u2, u3 }\ngateway edge { replicas 2; zones e1, e2; routes api }\ngateway west { replicas 2; zones u1, u2; routes api }\nservice api\n`,
      errors: [{ line: 5, column: 9, message: 'run 3 replicas' }],
      output: `region eu { zones e1, e2, e3 }\nregion us { zones u1, u2, u3 }\ngateway edge { replicas 2; zones e1, e2; routes api }\ngateway west { replicas 2; zones u1, u2; routes api }\nservice api { replicas 3 }\n`,
    },
    {
      name: 'region with 2 zones: only the replica count changes',
      code: `region us { zones u1, u2 }\ngateway edge { replicas 2; zones u1, u2; routes api }\nservice api\n`,
      errors: [{ line: 3, column: 9 }],
      output: `region us { zones u1, u2 }\ngateway edge { replicas 2; zones u1, u2; routes api }\nservice api { replicas 3 }\n`,
    },
  ],
});
