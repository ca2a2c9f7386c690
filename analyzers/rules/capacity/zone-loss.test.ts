import { ruleTester } from '../test-kit';
import { zoneLoss } from './zone-loss';

const region = `region us-east { zones a, b, c }\n`;
// 700 req/s reach `api` from the gateway; api runs 3 × 300 req/s over a, b, c: losing a zone leaves 600.
const design = (api: string, load = 700) => region + `gateway edge { replicas 3; zones a, b, c; load ${load}; capacity 1000; routes api }\nservice api {\n  ${api}\n}\n`;

ruleTester(zoneLoss, {
  valid: [
    { name: 'SPEC §5.2: no load declared anywhere: silent', code: region + `gateway edge { replicas 3; zones a, b, c; routes api }\nservice api { replicas 3; zones a, b, c; capacity 1 }\n` },
    { name: 'N+1: two zones left carry the load', code: design('replicas 3; zones a, b, c; capacity 300', 600) },
    { name: 'no capacity declared', code: design('replicas 3; zones a, b, c') },
    { name: 'every replica in one zone is spof/single-zone', code: design('replicas 3; zones a; capacity 100') },
    { name: '`scope zonal`: lost with its zone by design', code: design('replicas 2; zones a; scope zonal; capacity 100') },
    { name: 'no zones declared: nothing to lose', code: `gateway edge { load 700; routes api }\nservice api { replicas 3; capacity 100 }\n` },
    { name: 'retries do not count: static stability is about the steady load', code: region + `client app { load 500; call api { timeout 1s; retry 3 } }\nservice api { replicas 3; zones a, b, c; capacity 250 }\n` },
    { name: 'unreached elements take no load', code: design('replicas 3; zones a, b, c; capacity 300', 600) + `service batch { replicas 2; zones a, b; capacity 1 }\n` },
  ],
  invalid: [
    {
      code: design('replicas 3; zones a, b, c; capacity 300'),
      errors: [
        {
          line: 4,
          column: 30,
          endLine: 4,
          endColumn: 42,
          severity: 'warning',
          message:
            'losing zone a, which holds 1 of the 3 replicas of `api`, leaves 2 × 300 req/s = 600 req/s, below the 700 req/s peak load that reaches it from `edge`: the surviving zones cannot carry the load until it scales out, which is when scaling is slowest (N+1, static stability); run 5 replicas (3 left after losing a zone: 900 req/s) or raise `capacity`',
          related: [
            { line: 4, column: 15, message: '1 of the 3 replicas of `api` is in a' },
            { line: 2, column: 43, message: '`edge` declares a peak load of 700 req/s' },
          ],
        },
      ],
      output: design('replicas 5; zones a, b, c; capacity 300'),
    },
    {
      name: 'round-robin placement: 4 replicas over 3 zones put 2 in the first, which is the zone to lose',
      code: design('replicas 4; zones a, b, c; capacity 300', 650),
      errors: [{ line: 4, column: 30, message: 'losing zone a, which holds 2 of the 4 replicas of `api`, leaves 2 × 300 req/s = 600 req/s, below the 650 req/s peak load' }],
      output: design('replicas 5; zones a, b, c; capacity 300', 650),
    },
    {
      name: 'the load of every entry point and client that reaches it is summed, biggest share first',
      code:
        region +
        `client web { load 300; call api { timeout 1s } }\nclient partners { load 500; call api { timeout 1s } }\n` +
        `service api { replicas 2; zones a, b; capacity 500; reads db; writes db }\n` +
        `store db { replicas 3; zones a, b, c; capacity 700 }\n`,
      errors: [
        { line: 4, column: 39, message: 'leaves 1 × 500 req/s = 500 req/s, below the 800 req/s peak load that reaches it from `partners` (500 req/s) and `web` (300 req/s)' },
        // A store: adding members changes its quorum math, so no fix.
        { line: 5, column: 39, message: /leaves 2 × 700 req\/s = 1,400 req\/s, below the 1,600 req\/s peak load .*; add replicas or raise `capacity`$/ },
      ],
    },
  ],
});
