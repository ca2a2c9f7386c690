import type { Range } from '../../../language/range';
import type { Rule } from '../types';

export const orphanTopic: Rule = {
  id: 'pubsub/orphan-topic',
  severity: 'warning',
  description: 'A queue that is published to but never consumed, or consumed but never published to.',
  check({ model, report }) {
    const publishers = new Map<string, { who: string; range: Range }[]>();
    const consumers = new Map<string, { who: string; range: Range }[]>();
    const add = (m: typeof publishers, queue: string, who: string, range: Range) => m.set(queue, [...(m.get(queue) ?? []), { who, range }]);
    for (const e of model.elements.values()) {
      if (e.kind === 'service') {
        for (const p of e.publishes) add(publishers, p.target, e.name, p.targetRange);
        for (const c of e.consumes) add(consumers, c.target, e.name, c.targetRange);
      }
      // A dead-letter queue is fed by the broker on behalf of the queue that names it.
      if (e.kind === 'queue' && e.deadLetter) add(publishers, e.deadLetter, `${e.name} (dead letters)`, e.props.statement('dead-letter')!.range);
      // A projection built from a queue reads it.
      if (e.kind === 'projection' && e.source && model.elements.get(e.source)?.kind === 'queue') add(consumers, e.source, `projection ${e.name}`, e.props.statement('source')!.range);
    }
    for (const queue of model.elements.values()) {
      if (queue.kind !== 'queue') continue;
      const pub = publishers.get(queue.name) ?? [];
      const con = consumers.get(queue.name) ?? [];
      if (pub.length > 0 && con.length === 0) {
        report({
          range: queue.nameRange,
          message: `\`${queue.name}\` is published to by ${pub.map((p) => `\`${p.who}\``).join(', ')} but nothing consumes it: messages pile up until retention drops them, and whatever was meant to react to them never does`,
          related: pub.map((p) => ({ message: `published by \`${p.who}\``, range: p.range })),
        });
      } else if (con.length > 0 && pub.length === 0) {
        report({
          range: queue.nameRange,
          message: `\`${queue.name}\` is consumed by ${con.map((c) => `\`${c.who}\``).join(', ')} but nothing publishes to it: the consumers wait for events no element sends (a missing \`publishes\`, or a misspelt queue)`,
          related: con.map((c) => ({ message: `consumed by \`${c.who}\``, range: c.range })),
        });
      }
    }
  },
};
