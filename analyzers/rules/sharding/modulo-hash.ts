import type { Rule } from '../types';

/** Share of keys whose shard changes when `key % n` becomes `key % (n + 1)`: all but the ≈ 1/(n+1) that stay. */
export function remappedShare(n: number): number {
  return n / (n + 1);
}

export const moduloHash: Rule = {
  id: 'sharding/modulo-hash',
  severity: 'info',
  description: 'Hash partitioning by key modulo shard count: changing the shard count moves almost every key.',
  fixable: true,
  check({ model, report }) {
    for (const store of model.elements.values()) {
      if (store.kind !== 'store' || store.partitioning !== 'hash') continue;
      const statement = store.props.statement('partitioning')!;
      const value = statement.atoms[0]!;
      // Without a declared count, show the arithmetic on a typical small cluster.
      const n = store.shards ?? 4;
      const pct = Math.round(remappedShare(n) * 100);
      const count = store.shards !== undefined ? `with its ${n} shards` : `with N shards (e.g. N=${n})`;
      report({
        range: value.range,
        message:
          `\`partitioning hash\` places keys by hash(key) % N: ${count}, going to ${n + 1} remaps ≈ ${n}/${n + 1} (${pct}%) of keys, ` +
          `so resharding moves nearly all data at once; consistent hashing moves only ≈ 1/${n + 1}`,
        fixes: [{ title: 'Use `partitioning consistent-hash`', edits: [{ range: value.range, newText: 'consistent-hash' }] }],
      });
    }
  },
};
