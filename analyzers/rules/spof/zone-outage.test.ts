import { ruleTester } from '../test-kit';
import { zoneOutage } from './zone-outage';

const region = `region us-east { zones use1-a, use1-b, use1-c }\n`;

ruleTester(zoneOutage, {
  valid: [
    region + `gateway edge { replicas 3; zones use1-a, use1-b, use1-c; routes api }\nservice api { replicas 3; zones use1-a, use1-b, use1-c }\n`,
    {
      name: 'a consensus store keeps its majority when any one zone is lost',
      code:
        region +
        `gateway edge { replicas 3; zones use1-a, use1-b, use1-c; routes api }\nservice api { replicas 3; zones use1-a, use1-b, use1-c; writes db }\n` +
        `store db { replicas 3; zones use1-a, use1-b, use1-c; election raft }\n`,
    },
    { name: 'no region, spread over the file’s zones', code: `gateway edge { replicas 2; zones x, y; routes api }\nservice api { replicas 2; zones x, y }\n` },
  ],
  invalid: [
    {
      // Unplaced replicas are assumed to be in the lost zone (worst case; docs/spec-changes.md), whichever zone it is.
      name: 'an element without zones may lose every replica with any zone',
      code: region + `gateway edge { replicas 3; zones use1-a, use1-b, use1-c; routes api }\nservice api { replicas 2 }\n`,
      errors: ['use1-a', 'use1-b', 'use1-c'].map((zone, i) => ({
        line: 1,
        column: 24 + 8 * i,
        message: `Losing zone ${zone} takes down api (no zones declared: assumed in ${zone}); entry points affected: edge (via edge → api)`,
        related: [{ line: 3, column: 9, message: `\`api\` declares no zones, so all its replicas may be in ${zone}` }],
      })),
    },
    {
      code: region + `gateway edge { replicas 2; zones use1-b, use1-c; routes api }\nservice api { replicas 3; zones use1-a }\n`,
      errors: [
        {
          line: 1,
          column: 24,
          endColumn: 30,
          message: 'Losing zone use1-a takes down api (3/3 replicas); entry points affected: edge (via edge → api)',
          severity: 'warning',
          related: [{ line: 3, column: 9, message: 'down when use1-a is lost: every replica of `api` is in use1-a' }],
        },
      ],
    },
    {
      name: 'a consensus store that loses its majority with one zone',
      code:
        region +
        `gateway edge { replicas 3; zones use1-a, use1-b, use1-c; routes api }\nservice api { replicas 3; zones use1-a, use1-b, use1-c; writes db }\n` +
        `store db { replicas 3; zones use1-a, use1-a, use1-b; election raft }\n`,
      errors: [{ line: 1, column: 24, message: 'takes down db (1/3 live, below the majority of 2); entry points affected: edge (via edge → api → db)' }],
    },
    {
      name: 'a file without regions: each zone is reported where it is first named',
      code: `gateway edge { replicas 2; zones x, y; routes api }\nservice api { replicas 2; zones y, y }\n`,
      errors: [{ line: 1, column: 37, endColumn: 38, message: 'Losing zone y takes down api (2/2 replicas); entry points affected: edge (via edge → api)', related: [{ line: 2, column: 9, message: 'every replica of `api` is in y' }] }],
    },
    {
      name: 'a file without regions: a leaderless store below its default quorum',
      code: `gateway edge { replicas 2; zones x, y; routes api }\nservice api { replicas 2; zones x, y; reads kv }\nstore kv { replicas 3; zones x, x, y; replication leaderless }\n`,
      errors: [{ line: 1, column: 34, message: 'Losing zone x takes down kv (1/3 live, below W=2 (default))' }],
    },
  ],
});
