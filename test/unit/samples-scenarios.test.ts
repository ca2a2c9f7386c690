import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../language/model/build';
import type { Scenario } from '../../language/model/types';
import { sweep } from '../../analyzers/sim/run';

/*
 * Every sample's scenarios pass or fail as its header says (issue 10). A header line
 * `// Scenario NAME: passes…` or `// Scenario NAME: fails on purpose…` is required for each scenario, and names
 * only scenarios that exist. A few seeds here; `faultline simulate samples/…` runs each scenario's own count.
 */

const SAMPLES = join(import.meta.dirname, '../../samples');
const SEEDS = [1, 2, 3, 4];
const HEADER = /^\/\/ Scenario (\S+): (passes|fails on purpose)/gm;

const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.arch')).sort();

describe('sample scenarios do what their headers say', () => {
  for (const file of files) {
    const text = readFileSync(join(SAMPLES, file), 'utf8');
    const model = buildModelFromText(text);
    const scenarios = [...model.elements.values()].filter((e): e is Scenario => e.kind === 'scenario');
    const said = new Map([...text.matchAll(HEADER)].map((m) => [m[1]!, m[2] === 'passes']));
    it(`${file}: a scenario when it has a store, lock or saga`, () => {
      const runnable = [...model.elements.values()].some((e) => e.kind === 'store' || e.kind === 'lock' || e.kind === 'saga');
      assert.ok(!runnable || scenarios.length > 0, 'the sample shows no run of its design');
    });
    it(`${file}: a header line for each scenario, and none for a scenario that is not there`, () => {
      assert.deepEqual([...said.keys()].sort(), scenarios.map((s) => s.name).sort());
    });
    for (const scenario of scenarios) {
      const passes = said.get(scenario.name);
      if (passes === undefined) continue;
      it(`${file}: scenario ${scenario.name} ${passes ? 'passes' : 'fails'}`, () => {
        const report = sweep(model, scenario, SEEDS);
        const summary = report.expectations.map((x) => `${x.passed ? 'holds' : 'fails'}: ${x.expect}: ${x.detail}`).join('\n');
        console.log(`${file} ${scenario.name}\n${summary}`);
        assert.equal(report.error, undefined, report.error);
        assert.ok(report.expectations.every((x) => !x.detail.startsWith('not simulated')), summary);
        assert.equal(report.passed, passes, summary);
      });
    }
  }
});
