import { insertProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

export const consumer: Rule = {
  id: 'idempotency/consumer',
  severity: 'error',
  description: 'A consumer of an at-least-once queue that is neither idempotent nor deduplicating: redelivered messages are applied twice.',
  fixable: true,
  check({ model, report }) {
    for (const service of model.elements.values()) {
      if (service.kind !== 'service') continue;
      for (const c of service.consumes) {
        const queue = model.elements.get(c.target);
        if (queue?.kind !== 'queue' || queue.delivery !== 'at-least-once' || c.idempotent || c.dedupe !== undefined) continue;
        report({
          range: c.targetRange,
          message: `\`${service.name}\` consumes \`${queue.name}\`, which delivers at-least-once, but is neither \`idempotent\` nor \`dedupe\`s: a message redelivered after a crash between processing and ack (or a broker failover) is applied twice; make the handler idempotent or deduplicate on a message key`,
          related: [{ message: `\`${queue.name}\` delivers at-least-once`, range: queue.props.statement('delivery')!.range }],
          fixes: [{ title: 'Mark the consumer `idempotent`', edits: [insertProperty(c.statement, 'idempotent', model.document, 'start')] }],
        });
      }
    }
  },
};
