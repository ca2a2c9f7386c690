import { ruleTester } from '../test-kit';
import { moduloHash } from './modulo-hash';

ruleTester(moduloHash, {
  valid: [
    `store orders { partitioning consistent-hash; partition-key customer_id; shards 8 }`,
    { name: 'range partitioning', code: `store orders { partitioning range; partition-key customer_id }` },
  ],
  invalid: [
    {
      code: `store orders {\n  partitioning hash\n  partition-key customer_id\n  shards 8\n}`,
      errors: [{ line: 2, column: 16, endLine: 2, endColumn: 20, message: 'with its 8 shards, going to 9 remaps ≈ 8/9 (89%) of keys', severity: 'info' }],
      output: `store orders {\n  partitioning consistent-hash\n  partition-key customer_id\n  shards 8\n}`,
    },
    {
      name: 'no shard count declared',
      code: `store orders { partitioning hash; partition-key customer_id }`,
      errors: [{ line: 1, column: 29, message: 'with N shards (e.g. N=4), going to 5 remaps ≈ 4/5 (80%)' }],
      output: `store orders { partitioning consistent-hash; partition-key customer_id }`,
    },
  ],
});
