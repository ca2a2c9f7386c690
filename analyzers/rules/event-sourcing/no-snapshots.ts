import { insertProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

export const noSnapshots: Rule = {
  id: 'event-sourcing/no-snapshots',
  severity: 'info',
  description: 'An event-sourced store without snapshots: rebuilding an entity replays its whole history.',
  fixable: true,
  check({ model, report }) {
    for (const store of model.elements.values()) {
      if (store.kind !== 'store' || !store.eventSourced || store.props.has('snapshot-every')) continue;
      report({
        range: store.props.statement('event-sourced')!.range,
        message:
          `store \`${store.name}\` is event-sourced without \`snapshot-every\`: loading an entity replays every event since it was created, ` +
          `so load time and recovery after a crash grow without bound with its history; with \`snapshot-every 1000\` a load replays at most 1000 events`,
        fixes: [{ title: 'Add `snapshot-every 1000`', edits: [insertProperty(store.statement, 'snapshot-every 1000', model.document)] }],
      });
    }
  },
};
