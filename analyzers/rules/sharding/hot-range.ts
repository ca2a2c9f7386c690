import type { Rule } from '../types';

/**
 * Keys that grow with time: every new write sorts after the last, so under range partitioning all inserts land
 * on the shard that owns the top of the range. Suffix `_at`/`-at`, `time`/`date` anywhere, or a `seq` prefix.
 */
export function monotonicKeyReason(key: string): string | undefined {
  const k = key.toLowerCase();
  if (/[_-]at$/.test(k)) return 'a timestamp (`*_at`)';
  if (k.includes('time')) return 'a time';
  if (k.includes('date')) return 'a date';
  if (k.startsWith('seq')) return 'a sequence number';
  return undefined;
}

export const hotRange: Rule = {
  id: 'sharding/hot-range',
  severity: 'warning',
  description: 'Range partitioning on a time- or sequence-like key: every new write lands on the last shard.',
  check({ model, report }) {
    for (const store of model.elements.values()) {
      if (store.kind !== 'store' || store.partitioning !== 'range' || !store.partitionKey) continue;
      const reason = monotonicKeyReason(store.partitionKey);
      if (!reason) continue;
      const keyStatement = store.props.statement('partition-key')!;
      const shards = store.shards ?? 1;
      report({
        range: keyStatement.atoms[0]?.range ?? keyStatement.range,
        message:
          `\`partition-key ${store.partitionKey}\` looks like ${reason}, which only grows: with range partitioning every insert goes to the shard holding the newest range, ` +
          `so 1 of ${store.shards !== undefined ? shards : 'N'} shards takes 100% of the writes; hash the key, or prefix it with a well-spread field`,
        related: [{ message: '`partitioning range`', range: store.props.statement('partitioning')!.range }],
      });
    }
  },
};
