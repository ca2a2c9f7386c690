import { CRITICAL_CATEGORIES } from '../../../language/vocabulary/enums';
import type { Rule } from '../types';

const CRITICAL: ReadonlySet<string> = new Set(CRITICAL_CATEGORIES);

export const writeBehindCritical: Rule = {
  id: 'cache/write-behind-critical',
  severity: 'error',
  description: 'A write-behind cache in front of a store that holds critical data: acknowledged writes can be lost.',
  check({ model, report }) {
    for (const cache of model.elements.values()) {
      if (cache.kind !== 'cache' || cache.strategy !== 'write-behind' || !cache.for) continue;
      const store = model.elements.get(cache.for);
      if (store?.kind !== 'store') continue;
      const critical = store.holds.filter((c) => CRITICAL.has(c));
      if (critical.length === 0) continue;
      const holds = store.props.statement('holds');
      report({
        range: cache.props.statement('strategy')!.range,
        message:
          `cache \`${cache.name}\` is write-behind for \`${store.name}\`, which holds ${critical.join(', ')}: writes are acknowledged from cache memory ` +
          `and flushed later, so a cache node that dies before its flush loses writes the caller saw succeed (${cache.replicas} cache replica${cache.replicas === 1 ? '' : 's'}); ` +
          `use write-through or cache-aside for critical data`,
        related: [{ message: `\`${store.name}\` holds ${critical.join(', ')}`, range: holds?.range ?? store.nameRange }],
      });
    }
  },
};
