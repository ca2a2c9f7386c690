import type { Range } from '../../language/range';
import type { ArchModel, Deployable, Region } from '../../language/model/types';
import { isDeployable, regionsOf } from '../../language/model/topology';
import { memo } from './memo';
import { syncEdges } from './graph';

/*
 * The zones a file's regions declare, as the zone rules (spof/single-zone, spof/zone-outage) see them. A file that
 * declares no `region` may still name zones on its elements (docs/spec-changes.md, Language): each name is then a
 * zone of one anonymous region, in the order the file first names it.
 */

export interface ZoneGroup {
  /** The declared region; undefined for the anonymous region of a file without regions. */
  readonly region?: Region;
  /** The region's zones, in declaration (or first-use) order (the region's own list, so read-only). */
  readonly zones: readonly string[];
  /** Where each zone is named: its atom in the region's `zones`, or its first atom in an element's `zones`. */
  readonly sites: ReadonlyMap<string, Range>;
  /** For the anonymous region: the element that first names each zone. */
  readonly firstUsedBy: ReadonlyMap<string, string>;
}

/** The declared regions, or — in a file without regions — the one anonymous region of every zone named. */
export function zoneGroups(model: ArchModel): ZoneGroup[] {
  if (model.regions.size > 0) {
    return [...model.regions.values()].map((region) => {
      const sites = new Map<string, Range>();
      for (const atom of region.props.statement('zones')?.atoms ?? []) if (atom.kind === 'ident' && !sites.has(atom.text)) sites.set(atom.text, atom.range);
      return { region, zones: region.zones, sites, firstUsedBy: new Map() };
    });
  }
  const sites = new Map<string, Range>();
  const firstUsedBy = new Map<string, string>();
  for (const e of model.elements.values()) {
    if (!isDeployable(e)) continue;
    for (const atom of e.props.statement('zones')?.atoms ?? []) {
      if (atom.kind !== 'ident' || sites.has(atom.text)) continue;
      sites.set(atom.text, atom.range);
      firstUsedBy.set(atom.text, e.name);
    }
  }
  return sites.size === 0 ? [] : [{ zones: [...sites.keys()], sites, firstUsedBy }];
}

/** The group a zone belongs to. */
export function groupOfZone(model: ArchModel, zone: string, groups = zoneGroups(model)): ZoneGroup | undefined {
  return groups.find((g) => g.sites.has(zone) || g.zones.includes(zone));
}

/**
 * The region an element most plausibly lives in when it names no zones: the only region of the file, else the one
 * region every placed synchronous neighbour (caller or callee) is in. Undefined when that is not clear.
 */
export function likelyRegion(model: ArchModel, e: Deployable): Region | undefined {
  if (model.regions.size === 1) return [...model.regions.values()][0];
  const regions = neighbourRegions(model).get(e.name);
  return regions?.size === 1 ? model.regions.get([...regions][0]!) : undefined;
}

/** Element → the regions its deployable synchronous neighbours (either direction, not itself) are placed in; once per model. */
function neighbourRegions(model: ArchModel): Map<string, Set<string>> {
  return memo(model, 'neighbour-regions', () => {
    const own = new Map<string, string[]>();
    const regionsOfName = (name: string): string[] => {
      let r = own.get(name);
      if (!r) {
        const e = model.elements.get(name);
        r = isDeployable(e) ? regionsOf(e) : [];
        own.set(name, r);
      }
      return r;
    };
    const out = new Map<string, Set<string>>();
    const add = (name: string, regions: readonly string[]) => {
      if (regions.length === 0) return;
      let set = out.get(name);
      if (!set) out.set(name, (set = new Set()));
      for (const r of regions) set.add(r);
    };
    for (const a of model.elements.values()) {
      if (!isDeployable(a)) continue;
      for (const edge of syncEdges(model, a)) {
        if (edge.to === a.name || !isDeployable(model.elements.get(edge.to))) continue;
        add(a.name, regionsOfName(edge.to));
        add(edge.to, regionsOfName(a.name));
      }
    }
    return out;
  });
}
