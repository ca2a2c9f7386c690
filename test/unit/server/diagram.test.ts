import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node.js';
import { checkText } from '../../../analyzers/check';
import type { Badges, DiagramModel } from '../../../diagram/model';
import { containsPosition } from '../../../language/range';
import {
  DIAGRAM_CHANGED_NOTIFICATION,
  DIAGRAM_REQUEST,
  DiagramErrorCodes,
  type DiagramChangedParams,
  type DiagramResponse,
} from '../../../extension/server/protocol/diagram';
import { applyEdits, at, TestClient, type PublishDiagnosticsParams } from './lsp-client';

/*
 * `faultline/diagram` end to end: the real server over stdio, with a workspace faultline.json that changes one
 * rule's severity and turns another off. The diagram's badges must be exactly the published diagnostics, for the
 * version the server says, after edits and after faultline.json changes.
 */

const DIR = mkdtempSync(join(tmpdir(), 'faultline-diagram-lsp-'));
const CONFIG = join(DIR, 'faultline.json');
writeFileSync(CONFIG, JSON.stringify({ rules: { 'resilience/no-rate-limit': 'off', 'quorum/no-overlap': 'warning' } }));
const A = pathToFileURL(join(DIR, 'orders.arch')).href;

const TEXT = `region us-east { zones use1-a, use1-b, use1-c }

service orders {
  replicas 3
  zones use1-a, use1-b, use1-c
  call payments.charge {
    timeout 800ms
    retry 3
  }
  writes orders-db
}

external payments {
  operation charge
}

store orders-db {
  replicas 3
  zones use1-a, use1-b, use1-c
  replication leaderless
  write-quorum 1
  read-quorum 1
  consistency linearizable
}
`;

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info' } as const;
const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code));

/** Badges per node and container as the published diagnostics give them (owner: the declaration holding the start). */
function badgesFromDiagnostics(diagram: DiagramModel, published: PublishDiagnosticsParams): Map<string, Badges> {
  const owners = [...diagram.nodes, ...diagram.containers];
  const out = new Map<string, Badges>(owners.map((o) => [o.id, { error: 0, warning: 0, info: 0 }]));
  let attributed = 0;
  for (const d of published.diagnostics) {
    const owner = owners.find((o) => o.range && containsPosition(o.range, d.range.start));
    if (!owner) continue;
    out.get(owner.id)![SEVERITY[(d.severity ?? 1) as 1 | 2 | 3]]++;
    attributed++;
  }
  // Every diagnostic of these texts sits in a declaration: the comparison is never vacuous.
  assert.equal(attributed, published.diagnostics.length, 'every diagnostic belongs to an element');
  return out;
}

function assertBadgesMatch(response: DiagramResponse, published: PublishDiagnosticsParams): void {
  assert.equal(response.version, published.version, 'the diagram is of the published version');
  const expected = badgesFromDiagnostics(response.diagram, published);
  const actual = new Map([...response.diagram.nodes, ...response.diagram.containers].map((o) => [o.id, o.badges]));
  assert.deepEqual(actual, expected);
  // The messages the diagram shows are published diagnostics too (same rule, same severity).
  const published_ = new Set(published.diagnostics.map((d) => `${String(d.code)}:${SEVERITY[(d.severity ?? 1) as 1 | 2 | 3]}`));
  for (const node of response.diagram.nodes) for (const m of node.messages) assert.ok(published_.has(`${m.rule}:${m.severity}`), `${node.name}: ${m.rule} (${m.severity}) is published`);
}

const badgesOf = (response: DiagramResponse, name: string) => response.diagram.nodes.find((n) => n.name === name)!.badges;

describe('faultline/diagram (stdio)', { timeout: 20_000 }, () => {
  let client: TestClient;
  let text = TEXT;
  let version = 1;

  before(async () => {
    client = TestClient.start();
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(DIR).href,
      workspaceFolders: [{ uri: pathToFileURL(DIR).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
      initializationOptions: { diagramChanged: true },
    });
    await client.notify('initialized', {});
    await client.notify('textDocument/didOpen', { textDocument: { uri: A, languageId: 'arch', version, text } });
  });
  after(() => {
    client.kill();
    rmSync(DIR, { recursive: true, force: true });
  });

  it("answers with badges equal to the published diagnostics, faultline.json's severities and off rules included", async () => {
    const published = await client.diagnostics(A, (p) => p.version === 1);
    // Without the configuration the element would carry both: the no-rate-limit info and the no-overlap error.
    const unconfigured = checkText(text).diagnostics.map((d) => `${d.rule}:${d.severity}`);
    assert.ok(unconfigured.includes('resilience/no-rate-limit:info') && unconfigured.includes('quorum/no-overlap:error'), unconfigured.join());
    assert.ok(!codes(published).includes('resilience/no-rate-limit'), codes(published).join());
    assert.equal(published.diagnostics.find((d) => d.code === 'quorum/no-overlap')?.severity, 2, 'no-overlap is a warning by faultline.json');

    const response = await client.request<DiagramResponse>(DIAGRAM_REQUEST, { uri: A });
    assert.equal(response.uri, A);
    assertBadgesMatch(response, published);
    assert.equal(badgesOf(response, 'orders').info, 0, 'no badge for the rule faultline.json turns off');
    assert.deepEqual(badgesOf(response, 'orders-db'), { error: 1, warning: 2, info: 0 }, 'no-overlap counts as a warning');
  });

  it('notifies faultline/diagramChanged after each publish, and answers for the newest version', async () => {
    await client.notification<DiagramChangedParams>(DIAGRAM_CHANGED_NOTIFICATION, (p) => p.uri === A && p.version === 1);
    // An edit: the unsafe retry is fixed, and a new element appears.
    version++;
    const line = at(text, 'retry 3').line;
    const change = { range: { start: { line, character: 4 }, end: { line, character: 11 } }, text: 'retry 0' };
    text = applyEdits(text, [{ range: change.range, newText: change.text }]);
    const added = '\nstore audit-db { replicas 1 }\n';
    const end = { line: text.split('\n').length - 1, character: 0 };
    text += added;
    await client.notify('textDocument/didChange', {
      textDocument: { uri: A, version },
      contentChanges: [change, { range: { start: end, end }, text: added }],
    });
    const changed = await client.notification<DiagramChangedParams>(DIAGRAM_CHANGED_NOTIFICATION, (p) => p.uri === A && p.version === version);
    assert.equal(changed.version, 2);
    const published = await client.diagnostics(A, (p) => p.version === version);
    const response = await client.request<DiagramResponse>(DIAGRAM_REQUEST, { uri: A });
    assertBadgesMatch(response, published);
    assert.ok(!codes(published).includes('retry/unsafe-retry'));
    assert.ok(response.diagram.nodes.some((n) => n.name === 'audit-db'), 'the new element is drawn');
  });

  it('follows a changed faultline.json: re-published diagnostics, a new notification, matching badges', async () => {
    const before = client.published.length;
    const notified = client.notifications.length;
    writeFileSync(CONFIG, JSON.stringify({ rules: { 'quorum/no-overlap': 'off', 'resilience/no-circuit-breaker': 'info' } }));
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(CONFIG).href, type: 2 }] });
    const published = await client.diagnostics(A, (p) => client.published.indexOf(p) >= before);
    await client.notification<DiagramChangedParams>(DIAGRAM_CHANGED_NOTIFICATION, (p) => p.uri === A && client.notifications.findIndex((n) => n.params === p) >= notified);
    assert.ok(!codes(published).includes('quorum/no-overlap'));
    assert.ok(codes(published).includes('resilience/no-rate-limit'), 'no longer off');
    const response = await client.request<DiagramResponse>(DIAGRAM_REQUEST, { uri: A });
    assertBadgesMatch(response, published);
    assert.ok(badgesOf(response, 'orders').info >= 2, 'no-rate-limit and no-circuit-breaker are info badges now');
  });

  it('refuses a document it does not have, and malformed params, with an error (never a crash)', async () => {
    await assert.rejects(client.request(DIAGRAM_REQUEST, { uri: pathToFileURL(join(DIR, 'never-opened.arch')).href }), (e: { code?: number; message?: string }) => {
      assert.equal(e.code, DiagramErrorCodes.UnknownDocument);
      assert.match(e.message ?? '', /no open document/);
      return true;
    });
    await assert.rejects(client.request(DIAGRAM_REQUEST, { uri: 42 }), (e: { code?: number }) => e.code === -32602);
    // A closed document is unknown again.
    const B = pathToFileURL(join(DIR, 'closed.arch')).href;
    await client.notify('textDocument/didOpen', { textDocument: { uri: B, languageId: 'arch', version: 1, text: 'service s\n' } });
    await client.diagnostics(B, (p) => p.version === 1);
    await client.notify('textDocument/didClose', { textDocument: { uri: B } });
    await assert.rejects(client.request(DIAGRAM_REQUEST, { uri: B }), (e: { code?: number }) => e.code === DiagramErrorCodes.UnknownDocument);
    // Still serving.
    assert.equal((await client.request<DiagramResponse>(DIAGRAM_REQUEST, { uri: A })).version, version);
  });

  it('answers a cancelled request with RequestCancelled', async () => {
    // Hold the server inside the request: its settings are re-read after a configuration change, and the answer
    // to workspace/configuration waits for the gate.
    let release!: () => void;
    client.configurationGate = new Promise<void>((r) => (release = r));
    const asked = client.configurationRequests;
    try {
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      const source = new CancellationTokenSource();
      const pending = client.connection.sendRequest(DIAGRAM_REQUEST, { uri: A }, source.token);
      // Requests are dispatched in order: once this answers, the diagram handler is running (waiting on settings).
      await client.request('textDocument/documentSymbol', { textDocument: { uri: A } });
      await waitFor(() => client.configurationRequests > asked);
      source.cancel();
      release();
      await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);
    } finally {
      client.configurationGate = undefined;
      release();
    }
    // The next request is answered normally.
    const published = await client.diagnostics(A, (p) => p.version === version);
    assert.equal((await client.request<DiagramResponse>(DIAGRAM_REQUEST, { uri: A })).version, published.version);
  });
});

/** Waits for a condition the server's messages make true (checked after each turn of the event loop), up to 5 s. */
async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setImmediate(r));
  }
}
