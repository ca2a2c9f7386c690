import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../../language/model/build';
import { isLeaderless, zoneLossOutcome, zonesOf } from '../../../language/model/semantics';
import { DEFAULT_LIMITS, SIM_DEFAULTS } from '../defaults';
import type { Record } from '../history';
import { planScenario } from '../plan';
import { QuorumWorld } from './world';

/*
 * The leaderless runner and the static zone-loss view (language/model/semantics.ts) answer the same question for
 * every leaderless store of every sample and every zone it is placed in — does it still take writes, and serve
 * reads, once the zone is lost? — and must not contradict each other:
 * - static: writes survive ⇒ every write the client issues after the loss is acknowledged; they stop ⇒ none is;
 * - the same for reads (answered with a value, or none is).
 * (test/unit/sim-agreement.test.ts does the same for the groups that have a leader.)
 */

const SAMPLES = join(import.meta.dirname, '../../../samples');
/** Beside the samples (whose leaderless stores all survive a zone): stores that stop writing, reading, or both. */
const SYNTHETIC = `region r { zones a, b, c }
store strict-w3 { replicas 3; zones a, b; replication leaderless; write-quorum 3; read-quorum 1 }
store strict-r2 { replicas 3; zones a, b; replication leaderless; write-quorum 1; read-quorum 2 }
store sloppy-w3 { replicas 3; zones a, b; replication leaderless; write-quorum 3; read-quorum 3; sloppy-quorum }
store one-zone { replicas 2; zones c; replication leaderless; write-quorum 1; read-quorum 1 }`;
const LOSS_AT_MS = 3_000;
const RUN_MS = 8_000;

function afterLoss(history: readonly Record[]) {
  const writes = new Set<number>();
  const reads = new Set<number>();
  let acked = 0;
  let answered = 0;
  for (const r of history) {
    if (r.kind === 'put' && r.t > LOSS_AT_MS) writes.add(r.id);
    if (r.kind === 'get' && r.t > LOSS_AT_MS) reads.add(r.id);
    if (r.kind === 'acked' && writes.has(r.id)) acked++;
    if (r.kind === 'got' && reads.has(r.id)) answered++;
  }
  return { writes: writes.size, acked, reads: reads.size, answered };
}

describe('the leaderless runner agrees with the static zone-loss view on every sample', () => {
  let compared = 0;
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.arch')).sort().map((f) => [f, readFileSync(join(SAMPLES, f), 'utf8')] as const);
  for (const [file, text] of [...files, ['(synthetic)', SYNTHETIC] as const]) {
    const model = buildModelFromText(text);
    for (const e of model.elements.values()) {
      if (e.kind !== 'store' || !isLeaderless(e)) continue;
      for (const zone of zonesOf(e)) {
        const probe = buildModelFromText(`${text}\nscenario agreement-probe {\n  target ${e.name}\n  duration ${RUN_MS / 1000}s\n  load 20\n  at ${LOSS_AT_MS / 1000}s lose zone ${zone}\n}\n`);
        const scenario = probe.elements.get('agreement-probe');
        if (scenario?.kind !== 'scenario' || scenario.faults.length !== 1) continue;
        const planned = planScenario(probe, scenario);
        if (!planned.ok || !('quorum' in planned)) continue;
        const statics = zoneLossOutcome(e, zone, model);
        it(`${file}: ${e.name} losing ${zone} — static: writes ${statics.write.ok ? 'survive' : 'stop'}, reads ${statics.read.ok ? 'survive' : 'stop'}`, () => {
          compared++;
          const plan = planned.quorum;
          for (const seed of [1, 2]) {
            const run = new QuorumWorld({ protocol: plan.protocol, topology: plan.topology, crashedByZoneLoss: plan.crashedByZoneLoss, faults: scenario.faults, durationMs: plan.durationMs, settleMs: plan.settleMs, load: plan.load, readRate: plan.readRate, clientTimeoutMs: SIM_DEFAULTS.clientTimeoutMs, clientAttempts: SIM_DEFAULTS.clientAttempts, seed, limits: DEFAULT_LIMITS, trace: false }).run();
            const o = afterLoss(run.history);
            assert.ok(o.writes > 0 && o.reads > 0);
            assert.equal(o.acked, statics.write.ok ? o.writes : 0, `seed ${seed}: ${o.acked} of ${o.writes} writes after the loss acknowledged`);
            assert.equal(o.answered, statics.read.ok ? o.reads : 0, `seed ${seed}: ${o.answered} of ${o.reads} reads after the loss answered`);
          }
        });
      }
    }
  }
  it('compared some stores', () => assert.ok(compared >= 20, `${compared} comparisons`));
});
