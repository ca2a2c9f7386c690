import { ruleTester } from '../test-kit';
import { noInvalidation } from './no-invalidation';

const store = `store products { replicas 3 }\n`;

ruleTester(noInvalidation, {
  valid: [
    store + `cache product-cache { for products; ttl 10m }`,
    { name: 'event invalidation', code: store + `cache product-cache {\n  for products\n  invalidation event\n}` },
  ],
  invalid: [
    {
      name: 'multi-line block, on the name',
      code: store + `cache product-cache {\n  strategy cache-aside\n  for products\n}\n`,
      errors: [{ line: 2, column: 7, endLine: 2, endColumn: 20, message: 'cache `product-cache` in front of `products` has no `ttl` and no `invalidation event`', severity: 'warning', related: [{ line: 1, column: 7, message: 'the cached store `products`' }] }],
      output: store + `cache product-cache {\n  strategy cache-aside\n  for products\n  ttl 5m\n}\n`,
    },
    {
      name: '`invalidation manual` without ttl, one-line block',
      code: store + `cache product-cache { for products; invalidation manual }\n`,
      errors: [{ line: 2, column: 37, endLine: 2, endColumn: 56, message: '`invalidation manual` with no `ttl`' }],
      output: store + `cache product-cache { for products; invalidation manual; ttl 5m }\n`,
    },
    {
      name: 'no block at all',
      code: `cache sessions\n`,
      errors: [{ line: 1, column: 7 }],
      output: `cache sessions { ttl 5m }\n`,
    },
  ],
});
