import os from 'node:os';
import { buildModelFromText } from '../language/model/build';
import { checkText } from '../analyzers/check';
import { emitResult, QUICK } from './emit';
import { generateArch } from './generate';
import { median, timeMs } from './stats';

/*
 * Parse + model time for 100, 1,000 and 10,000 elements, and the whole check (all rules) on top.
 * The peer, measured in the same run on the same machine: JSON.parse of the same model written as JSON
 * (V8's native parser, the fastest reader of structured text a Node process has). The ratio is what to watch;
 * absolute numbers depend on the machine. Run with `npm run bench` (optionally `node --expose-gc` for heap).
 */

const sizes = [100, 1000, 10000];
const rows: string[] = [];
const record: { elements: number; lines: number; modelMs: number[]; checkMs: number[]; jsonParseMs: number[]; heapMb: number }[] = [];
console.log(`faultline parse bench — ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, node ${process.version}`);
console.log('elements   lines  parse+model ms (median)  check ms (median)  rules add ms  JSON.parse ms  ratio  heap MB');
for (const n of sizes) {
  const text = generateArch(n);
  const lines = text.split('\n').length;
  const runs = QUICK ? (n >= 10000 ? 3 : 7) : n >= 10000 ? 7 : 21;
  const model = timeMs(() => buildModelFromText(text), runs);
  const check = timeMs(() => checkText(text), runs);
  const json = JSON.stringify(
    buildModelFromText(text).document.statements.map((s) => ({ head: s.head, atoms: s.atoms.map((a) => a.text), block: s.block?.statements.map((c) => ({ head: c.head, atoms: c.atoms.map((a) => a.text) })) })),
  );
  const peer = timeMs(() => JSON.parse(json), runs);
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const keep = buildModelFromText(text);
  const heapMb = (process.memoryUsage().heapUsed - before) / 1e6;
  void keep;
  const m = median(model);
  const c = median(check);
  const p = median(peer);
  const row = `${String(n).padStart(8)} ${String(lines).padStart(7)} ${m.toFixed(1).padStart(24)} ${c.toFixed(1).padStart(18)} ${(c - m).toFixed(1).padStart(13)} ${p.toFixed(2).padStart(14)} ${(m / p).toFixed(1).padStart(6)}× ${heapMb.toFixed(1).padStart(8)}`;
  rows.push(row);
  record.push({ elements: n, lines, modelMs: model, checkMs: check, jsonParseMs: peer, heapMb });
  console.log(row);
}
emitResult('parse', { sizes: record });
