import { insertProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

export const noOutbox: Rule = {
  id: 'dual-write/no-outbox',
  severity: 'warning',
  description: 'A service that writes a store and publishes to a queue without an outbox: a crash between the two loses or invents an event.',
  fixable: true,
  check({ model, report }) {
    for (const service of model.elements.values()) {
      if (service.kind !== 'service') continue;
      // SPEC §5.2: a write to a cache does not count — a cache holds derived data that can be rebuilt.
      const writes = service.writes.filter((w) => model.elements.get(w.target)?.kind !== 'cache');
      if (writes.length === 0) continue;
      const stores = writes.map((w) => `\`${w.target}\``).join(', ');
      for (const p of service.publishes) {
        if (p.outbox) continue;
        report({
          range: p.targetRange,
          message: `\`${service.name}\` writes ${stores} and publishes to \`${p.target}\` without \`outbox\`: the two are separate systems with no shared transaction, so a crash or timeout between them commits the data without the event (or sends an event for data that rolled back); write the event to an outbox table in the same transaction and relay it`,
          related: writes.map((w) => ({ message: `\`${service.name}\` writes \`${w.target}\``, range: w.targetRange })),
          fixes: [{ title: 'Publish through an outbox', edits: [insertProperty(p.statement, 'outbox', model.document, 'start')] }],
        });
      }
    }
  },
};
