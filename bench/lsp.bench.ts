import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';
import { checkText } from '../analyzers/check';
import { generateArch } from './generate';
import { median, timeMs } from './stats';

/*
 * The editor path through the real language server (dist/server.cjs over stdio), each figure beside its peer
 * measured in-process in the same run (issue 13):
 *
 *   keystroke → diagnostics, 1,000 elements: an incremental edit is sent and the clock stops when diagnostics for
 *     that version arrive (debounce, check, JSON-RPC round trip). The edits cycle through typing into a comment,
 *     typing into a property value (the model changes) and Enter / Backspace of a whole line (every later line
 *     moves). The next edit is sent as soon as the diagnostics are in. Peer: `checkText` of the same text, in this
 *     process right after each keystroke's diagnostics (paired samples).
 *   hover / completion while the server rechecks 10,000 elements: right after each edit (typing into the zones
 *     of an element in the middle), a hover on an element far from the edit, a completion on an unedited line and
 *     a completion at the edited position are sent; the clock stops at each answer. The hover's content is
 *     compared with the server's answer once the check is done. Peer: the same hover on an idle server (half a
 *     second after the check), and `checkText` of the text in-process.
 *
 *   npm run bench -- lsp
 *   LSP_BENCH_SERVER=/path/to/server.cjs npm run bench -- lsp   another build (e.g. a before/after)
 *   LSP_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" …   node flags for the server process (profiling)
 *   BENCH_RUNS=60 …                                              keystrokes in the first part (default 45)
 *
 * Writes every figure (ms of each sample) to bench/results/lsp.json as well.
 */

const serverPath = resolve(process.env.LSP_BENCH_SERVER ?? 'dist/server.cjs');
const nodeArgs = (process.env.LSP_BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const runsFromEnv = Number(process.env.BENCH_RUNS);
const EDITS = runsFromEnv > 0 ? runsFromEnv : 45;
const ROUNDS_LARGE = 8;

interface Stats {
  p50: number;
  p90: number;
  min: number;
  max: number;
}
function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  return { p50: median(s), p90: s[Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)]!, min: s[0]!, max: s[s.length - 1]! };
}
const fmt = (s: Stats) => `p50 ${s.p50.toFixed(0)} ms, p90 ${s.p90.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;

interface Change {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** A document as the client sees it: its text, kept in step with the changes sent. */
class Doc {
  version = 1;
  constructor(
    readonly uri: string,
    public text: string,
  ) {}
  apply(change: Change): void {
    const offset = (p: { line: number; character: number }) => {
      let at = 0;
      for (let l = 0; l < p.line; l++) at = this.text.indexOf('\n', at) + 1;
      return at + p.character;
    };
    this.text = this.text.slice(0, offset(change.range.start)) + change.text + this.text.slice(offset(change.range.end));
  }
  lineOf(needle: string): number {
    const at = this.text.indexOf(needle);
    if (at < 0) throw new Error(`bench: ${needle} not in the document`);
    return this.text.slice(0, at).split('\n').length - 1;
  }
}

class Server {
  readonly connection: MessageConnection;
  private readonly waiting = new Map<string, (t: number) => void>();
  private readonly child;
  constructor() {
    this.child = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
      if (p.version !== undefined) this.waiting.get(`${p.uri}@${p.version}`)?.(performance.now());
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }
  diagnosticsFor(doc: Doc): Promise<number> {
    return new Promise<number>((done) => this.waiting.set(`${doc.uri}@${doc.version}`, done));
  }
  async start(): Promise<void> {
    await this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    await this.connection.sendNotification('initialized', {});
  }
  async open(doc: Doc): Promise<void> {
    const arrived = this.diagnosticsFor(doc);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: 'arch', version: doc.version, text: doc.text } });
    await arrived;
  }
  /** Sends the change; resolves when it is written, with the promise of its diagnostics. */
  async change(doc: Doc, change: Change): Promise<{ sent: number; arrived: Promise<number> }> {
    doc.version++;
    doc.apply(change);
    const arrived = this.diagnosticsFor(doc);
    const sent = performance.now();
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version: doc.version }, contentChanges: [change] });
    return { sent, arrived };
  }
  async timed<T>(method: string, params: unknown): Promise<{ ms: number; result: T }> {
    const t0 = performance.now();
    const result = await this.connection.sendRequest<T>(method, params);
    return { ms: performance.now() - t0, result };
  }
  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    this.connection.dispose();
  }
}

const at = (line: number, character: number) => ({ line, character });

// ---- keystroke → diagnostics, 1,000 elements ----
const SMALL = 1000;
const small = new Doc('file:///bench/large.arch', `// edited line\n${generateArch(SMALL)}`);
const server = new Server();
await server.start();
await server.open(small);
const valueLine = small.lineOf('call svc-251.get {') + 2; // `    retry 1` of svc-250
const newlineLine = small.lineOf('store db-100 {') + 2;
const kinds = ['comment', 'value', 'newline'] as const;
const keystrokes: Record<(typeof kinds)[number] | 'all', number[]> = { comment: [], value: [], newline: [], all: [] };
// The peer runs in this process right after each keystroke's diagnostics, on the same text: paired samples.
const peer: number[] = [];
for (let i = 0; i < 3; i++) checkText(small.text);
for (let i = 0; i < EDITS; i++) {
  const kind = kinds[i % 3]!;
  const undo = Math.floor(i / 3) % 2 === 1;
  let change: Change;
  if (kind === 'comment') change = undo ? { range: { start: at(0, 14), end: at(0, 15) }, text: '' } : { range: { start: at(0, 14), end: at(0, 14) }, text: 'x' };
  else if (kind === 'value') change = undo ? { range: { start: at(valueLine, 11), end: at(valueLine, 12) }, text: '' } : { range: { start: at(valueLine, 11), end: at(valueLine, 11) }, text: '2' };
  else change = undo ? { range: { start: at(newlineLine, 0), end: at(newlineLine + 1, 0) }, text: '' } : { range: { start: at(newlineLine, 0), end: at(newlineLine, 0) }, text: '\n' };
  const { sent, arrived } = await server.change(small, change);
  const ms = (await arrived) - sent;
  keystrokes[kind].push(ms);
  keystrokes.all.push(ms);
  peer.push(...timeMs(() => checkText(small.text), 1, 0));
}
await server.stop();

const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`faultline lsp bench — ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, node ${process.version}, load ${load}; server ${serverPath}`);
console.log(`keystroke → diagnostics, ${SMALL} elements (${small.text.split('\n').length} lines), ${EDITS} keystrokes: ${fmt(stats(keystrokes.all))}`);
for (const k of kinds) console.log(`  ${k.padEnd(8)} ${fmt(stats(keystrokes[k]))}`);
const peerStats = stats(peer);
console.log(`  peer, checkText in-process: ${fmt(peerStats)} — the server's p50 is ${(stats(keystrokes.all).p50 / peerStats.p50).toFixed(2)}× it`);

// ---- hover / completion while the server rechecks 10,000 elements ----
const LARGE = 10000;
const large = new Doc('file:///bench/huge.arch', `// edited line\n${generateArch(LARGE)}`);
const big = new Server();
await big.start();
const t0 = performance.now();
await big.open(large);
const openMs = performance.now() - t0;
const editLine = large.lineOf('service svc-2500 "') + 2; // `  zones use1-a, use1-b, use1-c`
const editEnd = '  zones use1-a, use1-b, use1-c'.length;
const hoverAt = { line: large.lineOf('store db-2900 {'), character: 7 }; // far from the edit (db-2900 is not touched)
const completeAt = { line: large.lineOf('store db-2900 {') + 1, character: 2 }; // the start of `  replicas 3`: property names
const idle: number[] = [];
const settle = () => new Promise((done) => setTimeout(done, 500));
const busy = { hover: [] as number[], completion: [] as number[], edited: [] as number[], diagnostics: [] as number[] };
let mismatches = 0;
const hoverParams = { textDocument: { uri: large.uri }, position: hoverAt };
type HoverResult = { contents: { value: string } } | null;
await settle();
for (let i = 0; i < 3; i++) idle.push((await big.timed<HoverResult>('textDocument/hover', hoverParams)).ms);
for (let round = 0; round < ROUNDS_LARGE; round++) {
  const typing = round % 2 === 0;
  const change: Change = typing ? { range: { start: at(editLine, editEnd), end: at(editLine, editEnd) }, text: ', ' } : { range: { start: at(editLine, editEnd), end: at(editLine, editEnd + 2) }, text: '' };
  const { sent, arrived } = await big.change(large, change);
  const [hover, completion, edited] = await Promise.all([
    big.timed<HoverResult>('textDocument/hover', hoverParams),
    big.timed<unknown[]>('textDocument/completion', { textDocument: { uri: large.uri }, position: completeAt }),
    big.timed<unknown[]>('textDocument/completion', { textDocument: { uri: large.uri }, position: at(editLine, typing ? editEnd + 2 : editEnd) }),
  ]);
  busy.hover.push(hover.ms);
  busy.completion.push(completion.ms);
  busy.edited.push(edited.ms);
  busy.diagnostics.push((await arrived) - sent);
  // The answer once the check is done, and the peer: the same hover on a server that has nothing else to do.
  await settle();
  const after = await big.timed<HoverResult>('textDocument/hover', hoverParams);
  idle.push(after.ms);
  if (JSON.stringify(after.result) !== JSON.stringify(hover.result)) mismatches++;
}
await big.stop();
const largePeer = timeMs(() => checkText(large.text), 3, 1);
console.log(`hover / completion while the server rechecks ${LARGE} elements (${large.text.split('\n').length} lines), ${ROUNDS_LARGE} edits; open → diagnostics ${openMs.toFixed(0)} ms`);
console.log(`  hover on an unedited element:   ${fmt(stats(busy.hover))}${mismatches ? ` — ${mismatches} answer(s) differed from the answer after the check` : ', same content as after the check'}`);
console.log(`  completion on an unedited line: ${fmt(stats(busy.completion))}`);
console.log(`  completion at the edited line:  ${fmt(stats(busy.edited))}`);
console.log(`  keystroke → diagnostics:        ${fmt(stats(busy.diagnostics))}`);
console.log(`  peer, the same hover on an idle server: ${fmt(stats(idle))}; checkText in-process: ${fmt(stats(largePeer))}`);

mkdirSync(resolve('bench/results'), { recursive: true });
writeFileSync(
  join(resolve('bench/results'), 'lsp.json'),
  `${JSON.stringify(
    {
      machine: `${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}`,
      node: process.version,
      load,
      date: new Date().toISOString(),
      server: serverPath,
      keystroke: { elements: SMALL, ms: keystrokes, peerCheckTextMs: peer },
      recheck: { elements: LARGE, openMs, ms: busy, idleHoverMs: idle, peerCheckTextMs: largePeer, hoverMismatches: mismatches },
    },
    null,
    2,
  )}\n`,
);
