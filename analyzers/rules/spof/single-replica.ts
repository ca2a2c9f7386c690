import type { ArchModel, Deployable, Region } from '../../../language/model/types';
import { isDeployable, regionsOf } from '../../../language/model/topology';
import { syncEdges, syncReach } from '../../analysis/graph';
import type { Rule } from '../types';
import { insertProperty, replaceValue } from '../../analysis/block-edits';

/**
 * The region an element without zones most plausibly lives in: the only region of the file, else the one region
 * every zoned synchronous neighbour (caller or callee) is placed in. Undefined when that is not clear.
 */
function regionFor(model: ArchModel, e: Deployable): Region | undefined {
  if (model.regions.size === 1) return [...model.regions.values()][0];
  const seen = new Set<string>();
  for (const other of model.elements.values()) {
    if (!isDeployable(other)) continue;
    const linked = other.name === e.name ? [] : syncEdges(model, other).some((x) => x.to === e.name) || syncEdges(model, e).some((x) => x.to === other.name);
    if (linked) for (const r of regionsOf(other)) seen.add(r);
  }
  return seen.size === 1 ? model.regions.get([...seen][0]!) : undefined;
}

export const singleReplica: Rule = {
  id: 'spof/single-replica',
  severity: 'warning',
  description: 'An element with 1 replica on a synchronous path from an entry point.',
  fixable: true,
  check({ model, report }) {
    const reach = syncReach(model);
    for (const [name, entries] of reach) {
      const e = model.elements.get(name);
      if (!isDeployable(e) || e.replicas !== 1) continue;
      const from = [...entries].filter((x) => x !== name);
      const where = from.length ? `on a synchronous path from ${from.map((x) => `\`${x}\``).join(', ')}` : `an entry point`;
      const replicas = e.props.statement('replicas');
      // Spread the new replicas when the element is unplaced and its region has room for one per zone.
      const region = e.zones.length === 0 ? regionFor(model, e) : undefined;
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
  },
};
