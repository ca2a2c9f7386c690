import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';

/*
 * A minimal LSP client for tests: starts the REAL server (`node --import tsx extension/server/main.ts --stdio`) as
 * a child process and speaks JSON-RPC to it. Notifications are recorded, and tests wait on them with a timeout.
 */

export const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = resolve(ROOT, 'extension/server/main.ts');
const CLI = resolve(ROOT, 'cli/main.ts');
const TSX = import.meta.resolve('tsx');

// LSP positions and ranges are the core's own (0-based, UTF-16).
import type { Position, Range } from '../../../language/range';
export type { Position, Range };
export interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Array<{
    range: Range;
    severity?: number;
    code?: string | number;
    codeDescription?: { href: string };
    source?: string;
    message: string;
    relatedInformation?: Array<{ location: { uri: string; range: Range }; message: string }>;
    data?: unknown;
  }>;
}

interface Waiter<T> {
  match: (value: T) => boolean;
  resolve: (value: T) => void;
}

export class TestClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly shownMessages: string[] = [];
  readonly logs: string[] = [];
  settings: unknown = {};
  /** When set, `workspace/configuration` is answered only once it resolves (to hold a request mid-flight). */
  configurationGate: Promise<void> | undefined;
  /** How many `workspace/configuration` requests the server sent. */
  configurationRequests = 0;
  /** Every other notification the server sent (custom methods such as `faultline/diagramChanged`), in order. */
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  private readonly notificationWaiters: Waiter<{ method: string; params: unknown }>[] = [];
  private readonly waiters: Waiter<PublishDiagnosticsParams>[] = [];
  private readonly messageWaiters: Waiter<string>[] = [];
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    this.exited = new Promise((done) => child.once('exit', (code) => done(code)));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of [...this.waiters]) if (w.match(p)) this.waiters.splice(this.waiters.indexOf(w), 1) && w.resolve(p);
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    const shown = (p: { message: string }) => {
      this.shownMessages.push(p.message);
      for (const w of [...this.messageWaiters]) if (w.match(p.message)) this.messageWaiters.splice(this.messageWaiters.indexOf(w), 1) && w.resolve(p.message);
      return null;
    };
    connection.onNotification('window/showMessage', shown);
    connection.onRequest('window/showMessageRequest', shown);
    connection.onRequest('workspace/configuration', async (p: { items: unknown[] }) => {
      this.configurationRequests++;
      if (this.configurationGate) await this.configurationGate;
      return p.items.map(() => this.settings);
    });
    connection.onNotification((method: string, params: unknown) => {
      const n = { method, params };
      this.notifications.push(n);
      for (const w of [...this.notificationWaiters]) if (w.match(n)) this.notificationWaiters.splice(this.notificationWaiters.indexOf(w), 1) && w.resolve(n);
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/workspaceFolders', () => null);
    connection.listen();
  }

  /** `entry` is the server's own entry (what VS Code starts) or the CLI's `faultline lsp --stdio`. */
  static start(entry: 'server' | 'cli' = 'server'): TestClient {
    const args = entry === 'server' ? [MAIN, '--stdio'] : [CLI, 'lsp', '--stdio'];
    const child = spawn(process.execPath, ['--import', TSX, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.on('data', () => {}); // drained; the server logs through the connection
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    return new TestClient(child, connection);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Resolves with the first diagnostics for `uri` (already received or not) that match, or rejects after `ms`. */
  diagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true, ms = 5000): Promise<PublishDiagnosticsParams> {
    const seen = this.published.find((p) => p.uri === uri && match(p));
    if (seen) return Promise.resolve(seen);
    return withTimeout(new Promise((resolve) => this.waiters.push({ match: (p) => p.uri === uri && match(p), resolve })), ms, `diagnostics for ${uri}`);
  }

  /** Resolves with the first notification of `method` (already received or not) whose params match. */
  notification<P>(method: string, match: (params: P) => boolean = () => true, ms = 5000): Promise<P> {
    const test = (n: { method: string; params: unknown }) => n.method === method && match(n.params as P);
    const seen = this.notifications.find(test);
    if (seen) return Promise.resolve(seen.params as P);
    return withTimeout(
      new Promise<{ method: string; params: unknown }>((resolve) => this.notificationWaiters.push({ match: test, resolve })),
      ms,
      `a ${method} notification`,
    ).then((n) => n.params as P);
  }

  shownMessage(match: (m: string) => boolean, ms = 5000): Promise<string> {
    const seen = this.shownMessages.find(match);
    if (seen) return Promise.resolve(seen);
    return withTimeout(new Promise((resolve) => this.messageWaiters.push({ match, resolve })), ms, 'a shown message');
  }

  async stop(): Promise<number | null> {
    await this.request('shutdown', null);
    await this.notify('exit', null);
    const code = await withTimeout(this.exited, 5000, 'server exit');
    this.connection.dispose();
    return code;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms}ms waiting for ${what}`)), ms);
    }),
  ]);
}

/** The position of `needle` in `text` (its `nth` occurrence), plus `offset` characters. */
export function at(text: string, needle: string, offset = 0, nth = 0): Position {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`\`${needle}\` (#${nth}) not in text`);
  }
  const before = text.slice(0, index + offset);
  const lines = before.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

/** Applies LSP edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: ReadonlyArray<{ range: Range; newText: string }>): string {
  const offset = (p: Position) => {
    const lines = text.split('\n');
    let o = 0;
    for (let i = 0; i < p.line; i++) o += lines[i]!.length + 1;
    return o + p.character;
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
