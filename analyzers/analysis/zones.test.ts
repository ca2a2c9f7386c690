import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ArchModel, Deployable, Region } from '../../language/model/types';
import { buildModelFromText } from '../../language/model/build';
import { isDeployable, regionsOf } from '../../language/model/topology';
import { syncEdges } from './graph';
import { likelyRegion } from './zones';

/** The lookup before the per-model index (spof/single-replica's regionFor): every element scanned per element. */
function naiveRegion(model: ArchModel, e: Deployable): Region | undefined {
  if (model.regions.size === 1) return [...model.regions.values()][0];
  const seen = new Set<string>();
  for (const other of model.elements.values()) {
    if (!isDeployable(other)) continue;
    const linked = other.name === e.name ? [] : syncEdges(model, other).some((x) => x.to === e.name) || syncEdges(model, e).some((x) => x.to === other.name);
    if (linked) for (const r of regionsOf(other)) seen.add(r);
  }
  return seen.size === 1 ? model.regions.get([...seen][0]!) : undefined;
}

const PLACEMENTS = ['', 'zones e1', 'zones u1', 'zones e1, u1', 'zones e1, e2'];

describe('likelyRegion', () => {
  it('matches scanning every neighbour, with zero, one or two regions', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2),
        fc.array(fc.record({ placement: fc.nat(PLACEMENTS.length - 1), calls: fc.array(fc.nat(7), { maxLength: 3 }), gateway: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        (regions, specs) => {
          const head = regions === 0 ? '' : regions === 1 ? 'region eu { zones e1, e2, u1 }\n' : 'region eu { zones e1, e2 }\nregion us { zones u1 }\n';
          const body = specs
            .map((s, i) => {
              const targets = [...new Set(s.calls.filter((t) => t < specs.length))].map((t) => `n${t}`);
              const edges = targets.length === 0 ? '' : s.gateway ? `routes ${targets.join(', ')}` : targets.map((t) => `call ${t}`).join('; ');
              return `${s.gateway ? 'gateway' : 'service'} n${i} { ${[PLACEMENTS[s.placement], edges].filter(Boolean).join('; ')} }`;
            })
            .join('\n');
          const model = buildModelFromText(head + body + '\n');
          // Only unplaced elements are asked about (the old scan also counted a placed element's own regions).
          for (const e of model.elements.values()) if (isDeployable(e) && e.zones.length === 0) assert.equal(likelyRegion(model, e)?.name, naiveRegion(model, e)?.name, e.name);
        },
      ),
      { numRuns: 200 },
    );
  });
});
