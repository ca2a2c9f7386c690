import { ruleTester } from '../test-kit';
import { hotRange } from './hot-range';

ruleTester(hotRange, {
  valid: [
    `store orders { partitioning range; partition-key customer_id }`,
    { name: 'hash on a timestamp is spread', code: `store events { partitioning consistent-hash; partition-key created_at }` },
    { name: '`format` is not `_at`', code: `store docs { partitioning range; partition-key format }` },
  ],
  invalid: [
    {
      code: `store events {\n  partitioning range\n  partition-key created_at\n  shards 16\n}`,
      errors: [{ line: 3, column: 17, endLine: 3, endColumn: 27, message: 'looks like a timestamp (`*_at`), which only grows', severity: 'warning', related: [{ line: 2, column: 3, message: '`partitioning range`' }] }],
    },
    { code: `store log { partitioning range; partition-key seq_no; shards 4 }`, errors: [{ line: 1, column: 47, message: 'a sequence number' }] },
    { code: `store log { partitioning range; partition-key event_time }`, errors: [{ line: 1, column: 47, message: '1 of N shards' }] },
    { code: `store log { partitioning range; partition-key order_date }`, errors: [{ line: 1, column: 47, message: 'a date' }] },
  ],
});
