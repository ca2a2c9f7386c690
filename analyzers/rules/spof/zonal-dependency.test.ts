import { ruleTester } from '../test-kit';
import { zonalDependency } from './zonal-dependency';

const region = `region us-east { zones a, b, c }\n`;
const cell = `service cell-a { replicas 2; zones a; scope zonal }\n`;

ruleTester(zonalDependency, {
  valid: [
    { name: 'inside the cell: the caller is in the cell\'s zone too', code: region + cell + `service cell-a-worker { replicas 2; zones a; scope zonal; call cell-a { timeout 1s } }\n` },
    { name: 'a regional target is what spof/single-zone and spof/zone-outage check', code: region + `service api { replicas 3; zones a, b, c }\nservice web { replicas 3; zones a, b, c; call api { timeout 1s } }\n` },
    { name: 'a gateway routing to cells is how a cell architecture is entered', code: region + cell + `gateway router { replicas 3; zones a, b, c; routes cell-a }\n` },
    { name: 'asynchronous calls and publishing are not synchronous dependencies', code: region + cell + `service billing { replicas 3; zones a, b, c; call cell-a { mode async } }\n` },
    { name: 'an unplaced caller may run anywhere: nothing to compare', code: region + cell + `service ops { call cell-a { timeout 1s } }\n` },
    { name: 'clients are outside the system', code: region + cell + `client app { call cell-a { timeout 1s } }\n` },
    { name: 'a zonal element that covers every zone of its caller', code: region + `store cache-ab { replicas 2; zones a, b; scope zonal }\nservice api { replicas 2; zones a, b; reads cache-ab }\n` },
  ],
  invalid: [
    {
      code: region + cell + `service billing {\n  replicas 3\n  zones a, b, c\n  call cell-a { timeout 1s }\n}\n`,
      errors: [
        {
          line: 6,
          column: 8,
          endLine: 6,
          endColumn: 14,
          severity: 'warning',
          message:
            '`billing` calls `cell-a`, which is zonal (`scope zonal`) and has no replica in b and c, where `billing` has replicas: losing a, where all of `cell-a` runs, also breaks `billing`\'s replicas in b and c, so one zone\'s outage spreads to the others; have each replica use the zonal element of its own zone, or make `cell-a` regional',
          related: [
            { line: 2, column: 39, message: '`cell-a` is zone-local: replicas only in a' },
            { line: 5, column: 3, message: '`billing` has replicas in a, b and c' },
          ],
        },
      ],
    },
    {
      name: 'reads and writes count, each where it names the target; a zonal caller in another zone too',
      code: region + `store cell-b-db { replicas 3; zones b; scope zonal }\nservice cell-a-api { replicas 2; zones a; scope zonal; reads cell-b-db; writes cell-b-db }\n`,
      errors: [
        { line: 3, column: 62, message: '`cell-a-api` reads `cell-b-db`, which is zonal (`scope zonal`) and has no replica in a' },
        { line: 3, column: 80, message: '`cell-a-api` writes `cell-b-db`' },
      ],
    },
    {
      name: 'a zonal element over two zones, called from three',
      code: region + `cache c-ab { replicas 2; zones a, b; scope zonal }\nservice api { replicas 3; zones a, b, c; reads c-ab }\n`,
      errors: [{ line: 3, column: 48, message: 'has no replica in c, where `api` has replicas: losing a or b, where `c-ab` runs, also breaks `api`\'s replicas in c' }],
    },
  ],
});
