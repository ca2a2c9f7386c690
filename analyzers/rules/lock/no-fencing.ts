import type { RelatedInformation } from '../../../language/diagnostic';
import { insertProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

export const noFencing: Rule = {
  id: 'lock/no-fencing',
  severity: 'error',
  description: 'A lock that protects a store without fencing tokens: a holder whose lease expired can still write.',
  fixable: true,
  check({ model, report }) {
    for (const lock of model.elements.values()) {
      if (lock.kind !== 'lock' || !lock.protects || lock.fencing) continue;
      const store = model.elements.get(lock.protects);
      const storeFences = store?.kind === 'store' && store.fencing;
      const related: RelatedInformation[] = [];
      if (store) {
        related.push({
          message: storeFences
            ? `\`${store.name}\` declares \`fencing\`, but that fences its own deposed leaders, not holders of \`${lock.name}\``
            : `\`${store.name}\` accepts writes from every holder of \`${lock.name}\``,
          range: store.nameRange,
        });
      }
      const lease = lock.leaseMs !== undefined ? `${lock.leaseMs / 1000}s ` : '';
      report({
        range: lock.nameRange,
        message: `lock \`${lock.name}\` protects \`${lock.protects}\` but declares no fencing: a holder paused (GC, VM stall) past its ${lease}lease resumes and writes while another holder has the lock, and \`${lock.protects}\` cannot tell the two apart${storeFences ? ` (the store's own \`fencing\` is about deposed leaders and does not count)` : ''}; add \`fencing\` so the store rejects writes with a stale token`,
        related,
        fixes: [{ title: 'Add `fencing`', edits: [insertProperty(lock.statement, 'fencing', model.document)] }],
      });
    }
  },
};
