import os from 'node:os';
import { checkText } from '../analyzers/check';
import { analyzeLoad } from '../analyzers/analysis/load';
import { RULES } from '../analyzers/registry';
import { runRules } from '../analyzers/run-rules';
import { buildModelFromText } from '../language/model/build';
import type { ArchModel } from '../language/model/types';
import { generateArch, generateTieredArch } from './generate';
import { median, timeMs } from './stats';

/*
 * The load analysis of SPEC §5.2 (analyzers/analysis/load.ts) and the rules that read it (retry/storm,
 * capacity/zone-loss), on the 1,000-element designs of the other benches with `load` and `capacity` declared: a
 * client fleet and the gateway carry load, every deployable a capacity: either so small that every element is
 * overloaded (a finding on nearly each one: the worst case), or enough to spare (no finding: the usual case).
 * In the tiered design every service calls two of the next tier, so the load doubles at each tier. Columns: parse + model; the load
 * analysis alone on a fresh model; the two load rules; every rule (`runRules` with the whole registry, the
 * "all rules on top" row of the README); and the whole `checkText`. Peer, in the same run: the same design
 * without `load`, where the load rules return at once. Budget: all rules on top of the model ≤ 30 ms at 1,000
 * elements (README, Performance).
 *
 *   npm run bench -- load
 */

/** `load` on the gateway and a client in front of it, `capacity` on every deployable. */
function withLoad(text: string, capacity: number): string {
  return (
    `client fleet { instances 100000; load 800; call edge { timeout 5s; retry 2; backoff exponential 100ms..1s; jitter full } }\n` +
    text
      .replace(/^gateway edge \{\n/m, 'gateway edge {\n  load 200\n')
      .replace(/^(  replicas 3)$/gm, `$1\n  capacity ${capacity}`)
      .replace(/\{ replicas 3;/g, `{ replicas 3; capacity ${capacity};`)
  );
}

const loadRules = RULES.filter((r) => r.id === 'retry/storm' || r.id === 'capacity/zone-loss');

function timeOnFreshModel(text: string, fn: (m: ArchModel) => unknown, runs: number, warmup = 3): number[] {
  for (let i = 0; i < warmup; i++) fn(buildModelFromText(text));
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const m = buildModelFromText(text);
    const t0 = process.hrtime.bigint();
    fn(m);
    out.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return out;
}

console.log(`faultline load bench — ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, node ${process.version}`);
console.log('case                                   elements  parse+model ms  load analysis ms  2 load rules ms  all rules ms  check ms  findings (storm / zone-loss)   peer: all rules ms without load');
const runs = 21;
for (const [name, base, capacity] of [
  ['ring, every element overloaded', generateArch(1000), 500],
  ['ring, capacity to spare', generateArch(1000), 1e9],
  ['tiered, every element overloaded', generateTieredArch(1000), 500],
  ['tiered, capacity to spare', generateTieredArch(1000), 1e300],
] as const) {
  const text = withLoad(base, capacity);
  const model = buildModelFromText(text);
  const parse = median(timeMs(() => buildModelFromText(text), runs));
  const analysis = median(timeOnFreshModel(text, (m) => analyzeLoad(m), runs));
  const rules2 = median(timeOnFreshModel(text, (m) => runRules(m, loadRules), runs));
  const all = median(timeOnFreshModel(text, (m) => runRules(m, RULES), runs));
  const check = median(timeMs(() => checkText(text), runs));
  const peer = median(timeOnFreshModel(base, (m) => runRules(m, RULES), runs));
  const found = runRules(buildModelFromText(text), loadRules);
  const storm = found.filter((d) => d.rule === 'retry/storm').length;
  const zone = found.filter((d) => d.rule === 'capacity/zone-loss').length;
  console.log(
    `${name.padEnd(38)} ${String(model.elements.size).padStart(8)} ${parse.toFixed(1).padStart(15)} ${analysis.toFixed(2).padStart(17)} ${rules2.toFixed(2).padStart(16)} ${all.toFixed(1).padStart(13)} ${check.toFixed(1).padStart(9)}  ${`${storm} / ${zone}`.padStart(27)}   ${peer.toFixed(1).padStart(10)}`,
  );
}
