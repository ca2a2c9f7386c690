import { isDeployable } from '../../../language/model/topology';
import { reachStoppedMessage, syncReach } from '../../analysis/graph';
import { likelyRegion } from '../../analysis/zones';
import type { Rule } from '../types';
import { insertProperty, replaceValue } from '../../analysis/block-edits';

/** Entry points a message names; more are summed up as "and other entry points". */
const NAMED = 3;
const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export const singleReplica: Rule = {
  id: 'spof/single-replica',
  severity: 'warning',
  description: 'An element with 1 replica on a synchronous path from an entry point.',
  fixable: true,
  check({ model, report }) {
    // Keep enough entries to name NAMED of them besides the element itself and to know whether there are more.
    const reach = syncReach(model, { keep: NAMED + 2 });
    for (const name of reach.reached) {
      const e = model.elements.get(name);
      if (!isDeployable(e) || e.replicas !== 1) continue;
      const others = reach.reachers(name).filter((x) => x !== name);
      const from = others.slice(0, NAMED);
      const more = others.length > NAMED ? ' and other entry points' : '';
      const where = from.length ? `on a synchronous path from ${from.map((x) => `\`${x}\``).join(', ')}${more}` : `an entry point`;
      const replicas = e.props.statement('replicas');
      // Spread the new replicas when the element is unplaced and its region has room for one per zone.
      // (Not when a `zones` line is there but was rejected: a second one would be a duplicate.)
      const region = e.zones.length === 0 && !e.props.statement('zones') ? likelyRegion(model, e) : undefined;
      const zones = region && region.zones.length >= 3 ? region.zones.slice(0, 3) : undefined;
      const zonesLine = zones ? `zones ${zones.join(', ')}` : undefined;
      const edits = replicas
        ? [replaceValue(replicas, '3'), ...(zonesLine ? [insertProperty(e.statement, zonesLine, model.document)] : [])]
        : [insertProperty(e.statement, zonesLine ? ['replicas 3', zonesLine] : 'replicas 3', model.document)];
      report({
        range: replicas ? replicas.range : e.nameRange,
        message: `\`${name}\` has 1 replica and is ${where}: one crash, deploy or host failure stops every request that needs it (replicas=1 tolerates 0 failures); run 3 replicas${zones ? ` across ${zones.join(', ')}` : ''}`,
        related: from.flatMap((x) => {
          const entry = model.elements.get(x);
          return entry ? [{ message: `entry point \`${x}\` needs \`${name}\` synchronously`, range: entry.nameRange }] : [];
        }),
        fixes: [{ title: zones ? `Set \`replicas 3\` and \`zones ${zones.join(', ')}\`` : 'Set `replicas 3`', edits }],
      });
    }
    // At the top of the file, so the per-rule cap on findings (first ones in reading order) always keeps it.
    if (reach.stopped) report({ range: START, severity: 'info', message: reachStoppedMessage(reach.stopped.steps, 'single replicas on a synchronous path from an entry point') });
  },
};
