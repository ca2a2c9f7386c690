import type { Rule } from '../types';
import { providedConsistency, show, weaker } from './levels';

export const readMismatch: Rule = {
  id: 'consistency/read-mismatch',
  severity: 'warning',
  description: 'A service reads a store asking for stronger consistency than the store provides.',
  check({ model, report }) {
    for (const reader of model.elements.values()) {
      if (reader.kind !== 'service') continue;
      for (const read of reader.reads) {
        const store = model.elements.get(read.target);
        if (!read.consistency || store?.kind !== 'store') continue;
        const provided = providedConsistency(store, read);
        if (!weaker(provided.consistency, read.consistency)) continue;
        const declared = store.props.statement('consistency');
        report({
          range: read.props.statement('consistency')?.range ?? read.targetRange,
          message: `\`${reader.name}\` needs ${show(read.consistency)} from \`${store.name}\`, which provides only ${show(provided.consistency)} (${provided.why}): the reader's assumptions (e.g. seeing its own or the latest writes) will not hold; strengthen the store or relax the read`,
          related: [{ message: `\`${store.name}\` provides ${show(provided.consistency)}`, range: declared?.range ?? store.nameRange }],
        });
      }
    }
  },
};
