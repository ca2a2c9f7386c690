import { checkText } from '../analyzers/check';
import { analyzeCallGraph } from '../analyzers/analysis/calls';
import { syncReach } from '../analyzers/analysis/graph';
import { amplification } from '../analyzers/rules/retry/amplification';
import { exceedsCaller } from '../analyzers/rules/timeout/exceeds-caller';
import { runRules } from '../analyzers/run-rules';
import { buildModelFromText } from '../language/model/build';
import type { ArchModel } from '../language/model/types';
import { median, timeMs } from './stats';

/*
 * Retry amplification and worst-case time over the call graph (analyzers/analysis/calls.ts): strongly connected
 * components, then one pass each way over the condensation. Two shapes that broke path enumeration: a 5,000-service
 * chain (depth: recursion would overflow) and a 200-service dense mesh, each service calling every later one with
 * retries (breadth: ~10^59 paths). Columns: the call-graph analysis alone, the two rules that read it
 * (retry/amplification, timeout/exceeds-caller), and the whole check (all rules). Peers, measured in the same run
 * on the same text: parse + model (work every check does anyway) and one breadth-first reachability walk from the
 * entry points over the same edges (syncReach, the cheapest linear pass there is). Each analysis is timed on a
 * freshly built model (the per-model caches start empty), built outside the timer. Target: each well under 1s.
 */

function chain(n: number): string {
  return Array.from({ length: n }, (_, i) => `service s${i} { ${i === 0 ? 'entry; ' : ''}${i + 1 < n ? `call s${i + 1} { timeout 1ms; retry 1 }` : ''} }`).join('\n') + '\n';
}

function denseMesh(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(`service s${i} {`);
    for (let j = i + 1; j < n; j++) lines.push(`  call s${j} { timeout 1s; retry 3 }`);
    lines.push('}');
  }
  return lines.join('\n') + '\n';
}

/** Runs `fn` on a fresh model each time; only `fn` is timed. */
function timeOnFreshModel(text: string, fn: (m: ArchModel) => unknown, runs: number, warmup = 2): number[] {
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

const cases = [
  { name: '5,000-service chain', text: chain(5000) },
  { name: '200-service dense mesh', text: denseMesh(200) },
];

console.log('faultline call-graph bench — retry amplification + worst-case time by SCC condensation and DP');
console.log('case                     elements  calls  parse+model ms  reach BFS ms  call graph ms  2 rules ms  check ms  findings (amp / timeout)');
for (const c of cases) {
  const model = buildModelFromText(c.text);
  const calls = [...model.elements.values()].reduce((n, e) => n + (e.kind === 'service' ? e.calls.length : 0), 0);
  const runs = 7;
  const parse = median(timeMs(() => buildModelFromText(c.text), runs, 1));
  const reach = median(timeOnFreshModel(c.text, (m) => syncReach(m), runs));
  const graph = median(timeOnFreshModel(c.text, (m) => analyzeCallGraph(m), runs));
  const rules = median(timeOnFreshModel(c.text, (m) => runRules(m, [amplification, exceedsCaller]), runs));
  const check = median(timeMs(() => checkText(c.text), 3, 1));
  const found = runRules(buildModelFromText(c.text), [amplification, exceedsCaller]);
  const amp = found.filter((d) => d.rule === amplification.id).length;
  const tmo = found.filter((d) => d.rule === exceedsCaller.id).length;
  console.log(
    `${c.name.padEnd(24)} ${String(model.elements.size).padStart(8)} ${String(calls).padStart(6)} ${parse.toFixed(1).padStart(15)} ${reach.toFixed(1).padStart(13)} ${graph.toFixed(1).padStart(14)} ${rules.toFixed(1).padStart(11)} ${check.toFixed(0).padStart(9)}  ${amp} / ${tmo}`,
  );
}
