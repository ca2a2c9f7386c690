import { ruleTester } from '../test-kit';
import { singleZone } from './single-zone';

const region = `region us-east { zones a, b, c }\n`;

ruleTester(singleZone, {
  valid: [
    region + `service api { replicas 3; zones a, b, c }\n`,
    { name: 'a region with a single zone has nowhere to spread', code: `region dc { zones only }\nservice api { replicas 3; zones only }\n` },
    { name: 'no region and only one zone name in the file: nowhere to spread', code: `service api { replicas 3; zones a }\nservice web { replicas 2; zones a }\n` },
    { name: 'one replica is single-replica, not single-zone', code: region + `service api { zones a }\n` },
    { name: 'SPEC §5.1: a `scope zonal` element is zone-local on purpose (a cell)', code: region + `service cell-a { replicas 3; zones a; scope zonal }\n` },
  ],
  invalid: [
    {
      code: region + `service api {\n  replicas 3\n  zones b\n}\n`,
      errors: [{ line: 4, column: 9, endLine: 4, endColumn: 10, message: 'all 3 replicas of `api` are in zone b, but region us-east has 3 zones', severity: 'warning', related: [{ line: 1, column: 18, message: 'region us-east declares 3 zones' }] }],
      output: region + `service api {\n  replicas 3\n  zones b, a, c\n}\n`,
    },
    {
      name: '`scope regional` (the default, declared) is checked',
      code: region + `service api { replicas 3; zones b; scope regional }\n`,
      errors: [{ line: 2, column: 33, message: 'all 3 replicas of `api` are in zone b' }],
    },
    {
      name: 'two replicas: spread over two zones',
      code: region + `store db { replicas 2; zones c, c }\n`,
      errors: [{ line: 2, column: 30, endColumn: 34, message: 'spread them over c, a' }],
      output: region + `store db { replicas 2; zones c, a }\n`,
    },
    {
      name: 'a file without regions: its zone names form one anonymous region',
      code: `service web { replicas 2; zones x, y }\nstore db { replicas 3; zones y }\n`,
      errors: [{ line: 2, column: 30, endColumn: 31, message: 'all 3 replicas of `db` are in zone y, but the file (which declares no region) uses 2 zones (x, y)', related: [{ line: 1, column: 33, message: 'zone x is used by `web`' }] }],
      output: `service web { replicas 2; zones x, y }\nstore db { replicas 3; zones y, x }\n`,
    },
  ],
});
