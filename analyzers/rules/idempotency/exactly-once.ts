import type { Rule } from '../types';

export const exactlyOnce: Rule = {
  id: 'idempotency/exactly-once',
  severity: 'info',
  description: 'A queue that claims exactly-once delivery: end to end that needs an idempotent consumer or a transactional sink.',
  check({ model, report }) {
    for (const queue of model.elements.values()) {
      if (queue.kind !== 'queue' || queue.delivery !== 'exactly-once') continue;
      // The consumers that rely on the claim: they do not protect themselves.
      const exposed = [...model.elements.values()].flatMap((e) =>
        e.kind === 'service' ? e.consumes.filter((c) => c.target === queue.name && !c.idempotent && c.dedupe === undefined).map((c) => ({ service: e.name, c })) : [],
      );
      const who = exposed.length ? `; ${exposed.map((x) => `\`${x.service}\``).join(', ')} ${exposed.length === 1 ? 'relies' : 'rely'} on it with no \`idempotent\` or \`dedupe\`` : '';
      report({
        range: queue.props.statement('delivery')!.range,
        message: `\`${queue.name}\` claims exactly-once delivery: brokers only give exactly-once inside their own transactions; a consumer that crashes after its side effect but before committing its offset gets the message again, so end to end it is at-least-once unless the consumer is idempotent or writes its effect and offset in one transaction${who}`,
        related: exposed.map((x) => ({ message: `\`${x.service}\` consumes \`${queue.name}\``, range: x.c.targetRange })),
      });
    }
  },
};
