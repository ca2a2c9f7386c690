import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { zoneLoss } from '../../analyzers/analysis/zone-loss';
import { zoneGroups } from '../../analyzers/analysis/zones';
import { runRules } from '../../analyzers/run-rules';
import { manualFailover } from '../../analyzers/rules/spof/manual-failover';
import { isQuorumLoss, quorumShape, zoneMajority } from '../../analyzers/rules/quorum/zone-majority';
import { AnalysisCache } from '../../extension/server/documents';
import { hover } from '../../extension/server/hover';
import { zoneLossOutcome, zonesOf } from '../../language/model/semantics';
import { isDeployable } from '../../language/model/topology';
import type { Deployable } from '../../language/model/types';

/*
 * One semantics, three voices: for every sample, element and zone, the rule (quorum/zone-majority), the zone-loss
 * view (analyzers/analysis/zone-loss.ts, which the diagram draws) and the hover must say the same thing about
 * whether the element survives losing the zone.
 *
 * - view ⇔ hover, for every deployable element and every zone of the file;
 * - quorum/zone-majority fires on an element placed over ≥ 2 zones ⇔ some zone loss leaves fewer live replicas than
 *   an operation needs (the rule's scope: quorum sizes), and the zone it names is one the view says it dies with;
 * - a loss that takes only a leader nobody replaces is spof/manual-failover's (when failover is manual or none).
 */

const SAMPLES = join(import.meta.dirname, '../../samples');
const cache = new AnalysisCache(() => ({ config: {}, key: '{}' }));
let version = 0;

/** What the element's hover says about losing `zone`: down, survives, or nothing (a zone it is not in). */
function hoverSays(markdown: string, zone: string): 'down' | 'survives' | undefined {
  const z = `\`${zone}\``;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('No zones declared: losing any zone')) return line.includes('**down**') ? 'down' : 'survives';
    if (line.startsWith(`- Losing ${z} leaves`)) return line.includes('**down**') ? 'down' : 'survives';
    if (line.startsWith('Losing any one zone (') && line.slice(0, line.indexOf(')')).split(', ').some((s) => s.endsWith(z))) return 'survives';
  }
  return undefined;
}

for (const file of readdirSync(SAMPLES).filter((f) => f.endsWith('.arch')).sort()) {
  describe(`semantics agree on samples/${file}`, () => {
    const text = readFileSync(join(SAMPLES, file), 'utf8');
    const analysis = cache.get(TextDocument.create(`file:///samples/${file}`, 'arch', ++version, text));
    const model = analysis.result.model;
    const zones = zoneGroups(model).flatMap((g) => g.zones);
    const deployables = [...model.elements.values()].filter(isDeployable) as Deployable[];
    const losses = new Map(zones.map((z) => [z, zoneLoss(model, z)]));
    const hoverOf = (e: Deployable) => {
      const h = hover(analysis, e.nameRange.start);
      assert.ok(h, `a hover on ${e.name}`);
      return (h.contents as { value: string }).value;
    };

    it('the zone-loss view and the hover agree for every element and zone', () => {
      assert.ok(zones.length > 0, 'the sample names zones');
      for (const e of deployables) {
        const markdown = hoverOf(e);
        for (const zone of zones) {
          const viewDown = losses.get(zone)!.down.some((d) => d.element === e.name);
          const said = hoverSays(markdown, zone);
          if (said === undefined) {
            assert.ok(!zonesOf(e).includes(zone), `${e.name}: the hover speaks of every zone it is placed in (${zone})`);
            assert.equal(viewDown, false, `${e.name} is not in ${zone}, so the view must not kill it`);
          } else {
            assert.equal(said === 'down', viewDown, `${e.name} losing ${zone}: hover says ${said}, view says ${viewDown ? 'down' : 'up'}`);
          }
        }
      }
    });

    it('the hover on a zone lists what the view says dies with it', () => {
      for (const group of zoneGroups(model)) {
        for (const [zone, range] of group.sites) {
          const h = hover(analysis, range.start);
          assert.ok(h, `a hover on zone ${zone}`);
          const value = (h.contents as { value: string }).value;
          const listed = [...value.matchAll(/`([^`]+)` down \(/g)].map((m) => m[1]);
          assert.deepEqual(listed, losses.get(zone)!.down.map((d) => d.element), `zone ${zone}`);
        }
      }
    });

    it('quorum/zone-majority fires exactly where a zone loss breaks a quorum, on a zone the view agrees on', () => {
      const fired = new Map<string, string>();
      for (const d of runRules(model, [zoneMajority])) {
        const m = /^losing zone (\S+) .* so `([^`]+)` stops/.exec(d.message);
        assert.ok(m, d.message);
        fired.set(m[2]!, m[1]!);
      }
      const manual = new Set(runRules(model, [manualFailover]).map((d) => /`([^`]+)`/.exec(d.message)?.[1]));
      for (const e of deployables) {
        const placedOver = zonesOf(e).length;
        const outcomes = zonesOf(e).map((z) => zoneLossOutcome(e, z, model));
        const quorumBroken = quorumShape(e) !== undefined && placedOver >= 2 && outcomes.some(isQuorumLoss);
        assert.equal(fired.has(e.name), quorumBroken, `${e.name}: rule ${fired.has(e.name) ? 'fires' : 'is silent'}, semantics says ${quorumBroken ? 'a quorum breaks' : 'no quorum breaks'}`);
        const zone = fired.get(e.name);
        if (zone) assert.ok(losses.get(zone)!.down.some((d) => d.element === e.name), `${e.name}: the rule names ${zone}, where the view has it down`);
        for (const o of outcomes) {
          if (!o.down || isQuorumLoss(o) || o.write.cause !== 'leader') continue;
          const store = model.elements.get(e.name);
          if (store?.kind === 'store' && (store.failover === 'manual' || store.failover === 'none')) {
            assert.ok(manual.has(e.name), `${e.name}: a leader lost with ${o.zone} and nobody to replace it is spof/manual-failover's finding`);
          }
        }
      }
    });
  });
}
