import type { Rule } from '../types';

export const noKey: Rule = {
  id: 'sharding/no-key',
  severity: 'error',
  description: 'A partitioned store that does not say which field it partitions on.',
  check({ model, report }) {
    for (const store of model.elements.values()) {
      if (store.kind !== 'store' || !store.partitioning || store.props.has('partition-key')) continue;
      const shards = store.shards !== undefined ? ` across ${store.shards} shards` : '';
      report({
        range: store.props.statement('partitioning')!.range,
        message:
          `store \`${store.name}\` is partitioned by ${store.partitioning}${shards} but declares no \`partition-key\`: the key decides which queries hit one shard ` +
          `and which fan out to all, whether related rows can share a transaction, and where hot spots form; name it with \`partition-key FIELD\``,
      });
    }
  },
};
