import { isDeployable } from '../../../language/model/topology';
import type { Rule } from '../types';
import { replaceValue } from '../../analysis/block-edits';
import { groupOfZone } from '../../analysis/zones';

export const singleZone: Rule = {
  id: 'spof/single-zone',
  severity: 'warning',
  description: 'An element with 2 or more replicas all in one zone while its region declares 2 or more zones.',
  fixable: true,
  check({ model, report }) {
    for (const e of model.elements.values()) {
      // `scope zonal` (SPEC §5.1): deliberately zone-local, like a cell; its callers are the ones to check.
      if (!isDeployable(e) || e.replicas < 2 || e.scope === 'zonal') continue;
      const zones = new Set(e.placement.flatMap((r) => (r.zone ? [r.zone] : [])));
      if (zones.size !== 1) continue;
      const zone = [...zones][0]!;
      // The zone's region, or the anonymous region of every zone named in a file without regions.
      const group = groupOfZone(model, zone);
      if (!group || group.zones.length < 2) continue;
      const region = group.region;
      const property = e.props.statement('zones');
      if (!property) continue;
      // Keep the current zone first, then the region's other zones, one per replica up to the region's size.
      const spread = [zone, ...group.zones.filter((z) => z !== zone)].slice(0, Math.min(e.replicas, group.zones.length));
      const other = group.zones.find((z) => z !== zone)!;
      const otherUser = group.firstUsedBy.get(other);
      const where = region ? `region ${region.name} has` : `the file (which declares no region) uses`;
      const related = region
        ? [{ message: `region ${region.name} declares ${region.zones.length} zones`, range: region.props.statement('zones')?.range ?? region.nameRange }]
        : [{ message: `zone ${other} is used${otherUser ? ` by \`${otherUser}\`` : ''}`, range: group.sites.get(other)! }];
      const first = property.atoms[0]!;
      const last = property.atoms[property.atoms.length - 1]!;
      report({
        range: { start: first.range.start, end: last.range.end },
        message: `all ${e.replicas} replicas of \`${e.name}\` are in zone ${zone}, but ${where} ${group.zones.length} zones (${group.zones.join(', ')}): losing ${zone} takes down every replica at once; spread them over ${spread.join(', ')}`,
        related,
        fixes: [{ title: `Spread over \`zones ${spread.join(', ')}\``, edits: [replaceValue(property, spread.join(', '))] }],
      });
    }
  },
};
