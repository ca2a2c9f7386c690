import { isDeployable } from '../../../language/model/topology';
import type { Rule } from '../types';
import { replaceValue } from '../../analysis/block-edits';

export const singleZone: Rule = {
  id: 'spof/single-zone',
  severity: 'warning',
  description: 'An element with 2 or more replicas all in one zone while its region declares 2 or more zones.',
  fixable: true,
  check({ model, report }) {
    for (const e of model.elements.values()) {
      if (!isDeployable(e) || e.replicas < 2) continue;
      const zones = new Set(e.placement.flatMap((r) => (r.zone ? [r.zone] : [])));
      if (zones.size !== 1) continue;
      const zone = [...zones][0]!;
      const regionName = model.zoneRegion.get(zone);
      const region = regionName ? model.regions.get(regionName) : undefined;
      if (!region || region.zones.length < 2) continue;
      const property = e.props.statement('zones');
      if (!property) continue;
      // Keep the current zone first, then the region's other zones, one per replica up to the region's size.
      const spread = [zone, ...region.zones.filter((z) => z !== zone)].slice(0, Math.min(e.replicas, region.zones.length));
      const first = property.atoms[0]!;
      const last = property.atoms[property.atoms.length - 1]!;
      report({
        range: { start: first.range.start, end: last.range.end },
        message: `all ${e.replicas} replicas of \`${e.name}\` are in zone ${zone}, but region ${region.name} has ${region.zones.length} zones (${region.zones.join(', ')}): losing ${zone} takes down every replica at once; spread them over ${spread.join(', ')}`,
        related: [{ message: `region ${region.name} declares ${region.zones.length} zones`, range: region.props.statement('zones')?.range ?? region.nameRange }],
        fixes: [{ title: `Spread over \`zones ${spread.join(', ')}\``, edits: [replaceValue(property, spread.join(', '))] }],
      });
    }
  },
};
