import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { checkText } from '../analyzers/check';
import { generateArch } from './generate';
import { median, timeMs } from './stats';

/*
 * Keystroke-to-diagnostics through the real language server (dist/server.cjs over stdio): an incremental
 * edit of a 1,000-element file is sent, and the clock stops when diagnostics for that version arrive.
 * That includes the debounce, the check and the JSON-RPC round trip. The peer, measured in the same run:
 * the same check called in-process (`checkText`), so the ratio is what the server adds on top of the work.
 */

const ELEMENTS = 1000;
const EDITS = 15;
const text = `// edited line\n${generateArch(ELEMENTS)}`;
const server = spawn(process.execPath, [resolve('dist/server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
const waiting = new Map<number, (t: number) => void>();
connection.onNotification('textDocument/publishDiagnostics', (p: { version?: number }) => {
  if (p.version !== undefined) waiting.get(p.version)?.(performance.now());
});
connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
connection.onRequest('client/registerCapability', () => null);
connection.listen();

const uri = 'file:///bench/large.arch';
const diagnosticsFor = (version: number) => new Promise<number>((done) => waiting.set(version, done));
await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
await connection.sendNotification('initialized', {});
let version = 1;
let arrived = diagnosticsFor(version);
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'arch', version, text } });
await arrived;

const latencies: number[] = [];
for (let i = 0; i < EDITS; i++) {
  version++;
  arrived = diagnosticsFor(version);
  // Type one character into the comment on line 0 (and take it out again on the next edit).
  const change = i % 2 === 0 ? { range: { start: { line: 0, character: 14 }, end: { line: 0, character: 14 } }, text: 'x' } : { range: { start: { line: 0, character: 14 }, end: { line: 0, character: 15 } }, text: '' };
  const sent = performance.now();
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
  latencies.push((await arrived) - sent);
}
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();

const peer = median(timeMs(() => checkText(text), 9));
const sorted = [...latencies].sort((a, b) => a - b);
console.log(`faultline lsp bench — ${ELEMENTS} elements (${text.split('\n').length} lines), ${EDITS} keystrokes`);
console.log(`keystroke → diagnostics: median ${median(latencies).toFixed(0)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(0)} ms`);
console.log(`peer, checkText in-process: median ${peer.toFixed(0)} ms — the server adds ${(median(latencies) / peer).toFixed(2)}× (debounce + round trip)`);
