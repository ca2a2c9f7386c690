import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../language/model/build';
import { isLeaderless, zoneLossOutcome, zonesOf } from '../../language/model/semantics';
import type { ArchModel, Scenario } from '../../language/model/types';
import { planScenario } from '../../analyzers/sim/plan';
import { sweep } from '../../analyzers/sim/run';

/*
 * The simulator and the static rules judge the same question — can this store still take writes once a zone is
 * lost? — from one semantics module (language/model/semantics.ts); here they must not contradict each other, on
 * every store and cluster of every sample that the simulator runs, for every zone it is placed in:
 * - the static view says writes survive ⇒ every seed regains a writable leader after the loss;
 * - it says writes stop for want of replicas (a quorum, or every replica) ⇒ no seed ever has a writable leader
 *   again before the zone comes back.
 * (When only "the leader may have been in that zone" stops writes, the static view assumes the worst leader,
 * which the simulator knows: nothing to compare.)
 */

const SAMPLES = join(import.meta.dirname, '../../samples');
const LOSS_AT_MS = 3000;
const RUN_MS = 15_000;

/** The sample with one more scenario: lose `zone` at 3s, and expect a writable leader again within 11s. */
function withLoss(text: string, target: string, zone: string): { model: ArchModel; scenario?: Scenario } {
  const probe = `scenario agreement-probe {\n  target ${target}\n  duration ${RUN_MS / 1000}s\n  load 20\n  at ${LOSS_AT_MS / 1000}s lose zone ${zone}\n  expect leader-within ${(RUN_MS - LOSS_AT_MS) / 1000 - 1}s\n}\n`;
  const model = buildModelFromText(`${text}\n${probe}`);
  const s = model.elements.get('agreement-probe');
  return s?.kind === 'scenario' && s.faults.length === 1 && s.expectations.length === 1 ? { model, scenario: s } : { model };
}

describe('the simulator agrees with the static zone-loss view on every sample', () => {
  let compared = 0;
  for (const file of readdirSync(SAMPLES).filter((f) => f.endsWith('.arch')).sort()) {
    const text = readFileSync(join(SAMPLES, file), 'utf8');
    const model = buildModelFromText(text);
    for (const e of model.elements.values()) {
      // Groups with a leader: "a writable leader again" is the simulator's side of the question. (Leaderless
      // stores have no leader to regain; their writes need W live replicas, which the quorum tests cover.)
      if ((e.kind !== 'store' && e.kind !== 'cluster') || isLeaderless(e)) continue;
      // A leaderless store has no leader to regain: analyzers/sim/quorum/agreement.test.ts compares its writes.
      if (isLeaderless(e)) continue;
      for (const zone of zonesOf(e)) {
        const { model: probeModel, scenario } = withLoss(text, e.name, zone);
        if (!scenario || !planScenario(probeModel, scenario).ok) continue;
        const statics = zoneLossOutcome(e, zone, model).write;
        if (!statics.ok && statics.cause !== 'quorum' && statics.cause !== 'no-replica') continue;
        it(`${file}: ${e.name} losing ${zone} — static: writes ${statics.ok ? 'survive' : `stop (${statics.cause})`}`, () => {
          compared++;
          const report = sweep(probeModel, scenario, [1, 2]);
          const x = report.expectations[0]!;
          assert.equal(x.passed, statics.ok, `${x.expect}: ${x.detail}`);
        });
      }
    }
  }
  it('compared some stores', () => assert.ok(compared >= 10, `${compared} comparisons`));
});

