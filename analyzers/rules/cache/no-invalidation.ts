import { insertProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

export const noInvalidation: Rule = {
  id: 'cache/no-invalidation',
  severity: 'warning',
  description: 'A cache with neither a `ttl` nor event-driven invalidation: a stale entry is served forever.',
  fixable: true,
  check({ model, report }) {
    for (const cache of model.elements.values()) {
      if (cache.kind !== 'cache' || cache.ttlMs !== undefined || cache.invalidation === 'event') continue;
      const invalidation = cache.props.statement('invalidation');
      const store = cache.for ? model.elements.get(cache.for) : undefined;
      const how = cache.invalidation ? `\`invalidation ${cache.invalidation}\` with no \`ttl\`` : 'no `ttl` and no `invalidation event`';
      report({
        // `invalidation ttl|manual` names the problem; without it the cache itself does.
        range: invalidation?.range ?? cache.nameRange,
        message:
          `cache \`${cache.name}\`${store ? ` in front of \`${store.name}\`` : ''} has ${how}: once the source changes, ` +
          `an entry that is never rewritten stays stale with no upper bound; add a \`ttl\` (the longest staleness readers accept) or invalidate on change events`,
        ...(store ? { related: [{ message: `the cached store \`${store.name}\``, range: store.nameRange }] } : {}),
        fixes: [{ title: 'Add `ttl 5m`', edits: [insertProperty(cache.statement, 'ttl 5m', model.document)] }],
      });
    }
  },
};
