import { insertProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

export const noLease: Rule = {
  id: 'lock/no-lease',
  severity: 'error',
  description: 'A lock without a lease: a holder that dies or stalls keeps the lock forever.',
  fixable: true,
  check({ model, report }) {
    for (const lock of model.elements.values()) {
      if (lock.kind !== 'lock' || lock.props.has('lease')) continue;
      report({
        range: lock.nameRange,
        message: `lock \`${lock.name}\` has no lease: if a holder crashes or is partitioned away the lock is never released, and if the lock is then broken by hand two holders can run at once; give it a lease (and fencing)`,
        fixes: [{ title: 'Add `lease 10s`', edits: [insertProperty(lock.statement, 'lease 10s', model.document)] }],
      });
    }
  },
};
