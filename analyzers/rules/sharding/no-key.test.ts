import { ruleTester } from '../test-kit';
import { noKey } from './no-key';

ruleTester(noKey, {
  valid: [
    `store orders { partitioning consistent-hash; partition-key customer_id; shards 8 }`,
    { name: 'not partitioned', code: `store orders { replicas 3 }` },
  ],
  invalid: [
    {
      code: `store orders {\n  partitioning consistent-hash\n  shards 8\n}`,
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 31, message: 'partitioned by consistent-hash across 8 shards but declares no `partition-key`', severity: 'error' }],
    },
    {
      code: `store events { partitioning range }`,
      errors: [{ line: 1, column: 16, message: 'partitioned by range but declares no' }],
    },
  ],
});
