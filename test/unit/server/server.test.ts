import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { applyEdits, at, TestClient, type PublishDiagnosticsParams } from './lsp-client';

/*
 * End to end: the real language server in a child process, driven over stdio the way VS Code drives it.
 */

const DIR = mkdtempSync(join(tmpdir(), 'faultline-lsp-'));
// The workspace's faultline.json turns one rule off: the server must honour it.
writeFileSync(join(DIR, 'faultline.json'), JSON.stringify({ rules: { 'resilience/no-rate-limit': 'off' } }));
const uri = (name: string) => pathToFileURL(join(DIR, name)).href;

const PROBLEMS = `region us-east { zones use1-a, use1-b, use1-c }

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

const FEATURES = `region us-east { zones use1-a, use1-b, use1-c }

// the order service
// takes orders
service orders {
  replicas 3
  zones use1-a, use1-b
  call payments.charge {
    timeout 800ms
    retry 2

  }
  reads orders-db
  writes 

}

external payments {
  operation charge { idempotent }
}

store orders-db "Orders" {
  replicas 5
  zones use1-a, use1-b, use1-c
  replication leaderless
  write-quorum 3
  read-quorum 3
}

store audit-db { replicas 1 }
`;

const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => d.code);

describe('language server (stdio)', { timeout: 20_000 }, () => {
  let client: TestClient;
  let text = PROBLEMS;
  let version = 1;
  const A = uri('problems.arch');
  const B = uri('features.arch');

  before(async () => {
    client = TestClient.start();
    client.settings = { rules: { 'quorum/concurrent-writes': 'off' } };
    const init = await client.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(DIR).href,
      workspaceFolders: [{ uri: pathToFileURL(DIR).href, name: 'ws' }],
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
    });
    assert.equal((init.capabilities.textDocumentSync as { change: number }).change, 2);
    await client.notify('initialized', {});
    await client.notify('textDocument/didOpen', { textDocument: { uri: A, languageId: 'arch', version, text } });
    await client.notify('textDocument/didOpen', { textDocument: { uri: B, languageId: 'arch', version: 1, text: FEATURES } });
  });
  after(() => {
    client.kill();
    rmSync(DIR, { recursive: true, force: true });
  });

  it('publishes diagnostics with source, code, codeDescription and related information', async () => {
    const p = await client.diagnostics(A);
    assert.equal(p.version, 1);
    const ids = codes(p);
    assert.ok(ids.includes('quorum/no-overlap'), ids.join());
    assert.ok(ids.includes('retry/unsafe-retry'));
    // Configured off: by the editor setting and by the workspace's faultline.json.
    assert.ok(!ids.includes('quorum/concurrent-writes'));
    assert.ok(!ids.includes('resilience/no-rate-limit'));
    const overlap = p.diagnostics.find((d) => d.code === 'quorum/no-overlap')!;
    assert.equal(overlap.source, 'faultline');
    assert.equal(overlap.severity, 1);
    assert.deepEqual(overlap.range, { start: at(text, 'read-quorum 1'), end: at(text, 'read-quorum 1', 13) });
    assert.equal(overlap.codeDescription?.href, 'https://github.com/faultline-dev/faultline/blob/main/docs/rules/quorum/no-overlap.md');
    assert.equal(overlap.relatedInformation?.[0]?.location.uri, A);
    assert.deepEqual(overlap.relatedInformation?.[0]?.location.range.start, at(text, 'write-quorum 1'));
    const unsafe = p.diagnostics.find((d) => d.code === 'retry/unsafe-retry')!;
    assert.equal(unsafe.range.start.line, at(text, 'retry 3').line);
  });

  it('offers the quick fix, whose edit removes the diagnostic once applied (incremental change)', async () => {
    const p = await client.diagnostics(A, (x) => x.version === 1);
    const overlap = p.diagnostics.find((d) => d.code === 'quorum/no-overlap')!;
    const actions = await client.request<Array<{ title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, Array<{ range: never; newText: string }>> } }>>(
      'textDocument/codeAction',
      { textDocument: { uri: A }, range: overlap.range, context: { diagnostics: [overlap] } },
    );
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.kind, 'quickfix');
    const disable = actions.find((a) => a.title === 'Disable quorum/no-overlap for this line');
    assert.ok(disable);
    assert.equal(disable.edit.changes[A]![0]!.newText, '  // faultline-disable-next-line quorum/no-overlap\n');

    const edits = fix.edit.changes[A]!;
    text = applyEdits(text, edits);
    version++;
    await client.notify('textDocument/didChange', {
      textDocument: { uri: A, version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
    });
    const updated = await client.diagnostics(A, (x) => x.version === version);
    assert.ok(!codes(updated).includes('quorum/no-overlap'), codes(updated).join());
    assert.ok(codes(updated).includes('retry/unsafe-retry'));
  });

  it('publishes quick edits in version order, never an older version after a newer one', async () => {
    // Two quick edits; the second fixes the unsafe retry. The check starts at once when edits come slower than it
    // runs (diagnostics.ts), so the first version may be published — but only while it is the newest the server has.
    const line = at(text, 'retry 3').line;
    const changes = [
      { range: { start: { line, character: 4 }, end: { line, character: 11 } }, text: 'retry 2' },
      { range: { start: { line, character: 4 }, end: { line, character: 11 } }, text: 'retry 0' },
    ];
    const first = version + 1;
    for (const change of changes) {
      version++;
      text = applyEdits(text, [{ range: change.range, newText: change.text }]);
      await client.notify('textDocument/didChange', { textDocument: { uri: A, version }, contentChanges: [change] });
    }
    const updated = await client.diagnostics(A, (x) => x.version === version);
    assert.ok(!codes(updated).includes('retry/unsafe-retry'), codes(updated).join());
    const order = client.published.filter((p) => p.uri === A && p.version !== undefined && p.version >= first).map((p) => p.version!);
    assert.deepEqual(order, [...order].sort((a, b) => a - b), `published in version order: ${order.join(', ')}`);
    assert.equal(order[order.length - 1], version, 'the newest version is published last');
  });

  it('hovers a store with its quorum math, a property with its description, a call with its worst case', async () => {
    const h = await client.request<{ contents: { kind: string; value: string } }>('textDocument/hover', { textDocument: { uri: B }, position: at(FEATURES, 'orders-db "', 2) });
    assert.equal(h.contents.kind, 'markdown');
    const v = h.contents.value;
    assert.match(v, /\*\*store\*\* `orders-db` — Orders/);
    assert.match(v, /\| 5 \| 3 \| 3 \| 3 \| 2 \| 2 \| yes \|/);
    assert.match(v, /W \+ R = 6 > N = 5/);
    assert.match(v, /use1-a ×2, use1-b ×2, use1-c ×1/);

    const prop = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: B }, position: at(FEATURES, 'replication', 3) });
    assert.match(prop.contents.value, /\*\*replication\*\*/);
    assert.match(prop.contents.value, /`leaderless`/);

    const value = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: B }, position: at(FEATURES, 'leaderless', 2) });
    assert.match(value.contents.value, /`leaderless` — value of `replication`/);

    const call = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: B }, position: at(FEATURES, 'payments.charge', 2) });
    assert.match(call.contents.value, /attempts: 3/);
    assert.match(call.contents.value, /worst case: 3 attempts × 800ms = 2400ms/);
  });

  it('completes properties of the enclosing block and values after a head', async () => {
    type Item = { label: string; sortText?: string; insertText?: string };
    const complete = (position: { line: number; character: number }) => client.request<Item[]>('textDocument/completion', { textDocument: { uri: B }, position });
    const inService = await complete({ line: at(FEATURES, 'writes ').line + 1, character: 2 });
    const labels = inService.map((i) => i.label);
    assert.ok(labels.includes('replicas') && labels.includes('call') && labels.includes('bulkhead'), labels.join());
    const sort = (l: string) => inService.find((i) => i.label === l)!.sortText!;
    assert.ok(sort('bulkhead') < sort('replicas'), 'unused properties come first');

    const inCall = await complete({ line: at(FEATURES, 'retry 2').line + 1, character: 4 });
    assert.ok(inCall.some((i) => i.label === 'timeout'));
    assert.ok(inCall.some((i) => i.label === 'circuit-breaker'));
    assert.ok(!inCall.some((i) => i.label === 'replicas'));

    const afterWrites = await complete(at(FEATURES, 'writes ', 7));
    assert.deepEqual(afterWrites.map((i) => i.label).sort(), ['audit-db', 'orders-db']);

    const topLevel = await complete({ line: 1, character: 0 });
    const service = topLevel.find((i) => i.label === 'service');
    assert.equal(service?.insertText, 'service ${1:name} {\n\t$0\n}');
    assert.ok(topLevel.some((i) => i.label === 'network'));
  });

  it('goes to definitions, finds references and renames', async () => {
    type Loc = { uri: string; range: { start: { line: number; character: number } } };
    const def = await client.request<Loc[]>('textDocument/definition', { textDocument: { uri: B }, position: at(FEATURES, 'payments.charge', 1) });
    assert.deepEqual(def[0]?.range.start, at(FEATURES, 'payments {', 0));
    const op = await client.request<Loc[]>('textDocument/definition', { textDocument: { uri: B }, position: at(FEATURES, 'payments.charge', 10) });
    assert.deepEqual(op[0]?.range.start, at(FEATURES, 'operation charge', 10));
    const zone = await client.request<Loc[]>('textDocument/definition', { textDocument: { uri: B }, position: at(FEATURES, 'use1-b', 1, 1) });
    assert.deepEqual(zone[0]?.range.start, at(FEATURES, 'use1-b'));

    const refs = await client.request<Loc[]>('textDocument/references', { textDocument: { uri: B }, position: at(FEATURES, 'orders-db', 1, 1), context: { includeDeclaration: true } });
    assert.equal(refs.length, 2);
    const refsOnly = await client.request<Loc[]>('textDocument/references', { textDocument: { uri: B }, position: at(FEATURES, 'orders-db', 1, 1), context: { includeDeclaration: false } });
    assert.deepEqual(refsOnly.map((r) => r.range.start), [at(FEATURES, 'orders-db')]);

    const prepared = await client.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: B }, position: at(FEATURES, 'orders-db', 3) });
    assert.equal(prepared.placeholder, 'orders-db');
    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: { uri: B }, position: at(FEATURES, 'replication', 2) }));

    const edit = await client.request<{ changes: Record<string, Array<{ range: never; newText: string }>> }>('textDocument/rename', {
      textDocument: { uri: B },
      position: at(FEATURES, 'payments', 2),
      newName: 'billing',
    });
    const renamed = applyEdits(FEATURES, edit.changes[B]!);
    assert.match(renamed, /call billing\.charge \{/);
    assert.match(renamed, /external billing \{/);
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: B }, position: at(FEATURES, 'payments', 2), newName: 'orders' }));
  });

  it('gives an outline, folding ranges, formatting and semantic tokens', async () => {
    type Sym = { name: string; detail?: string; children?: Sym[] };
    const symbols = await client.request<Sym[]>('textDocument/documentSymbol', { textDocument: { uri: B } });
    assert.deepEqual(symbols.map((s) => s.name), ['us-east', 'orders', 'payments', 'orders-db', 'audit-db']);
    const orders = symbols[1]!;
    assert.equal(orders.detail, 'service');
    assert.deepEqual(orders.children?.map((c) => c.name), ['replicas', 'zones', 'call', 'reads', 'writes']);
    assert.deepEqual(orders.children?.[2]?.children?.map((c) => c.name), ['timeout', 'retry']);

    const folds = await client.request<Array<{ startLine: number; endLine: number; kind?: string }>>('textDocument/foldingRange', { textDocument: { uri: B } });
    assert.ok(folds.some((f) => f.kind === 'comment' && f.startLine === 2 && f.endLine === 3));
    assert.ok(folds.some((f) => f.startLine === at(FEATURES, 'service orders').line));

    const messy = uri('messy.arch');
    const messyText = 'service  a {replicas 2\n      zones x\n}\n';
    await client.notify('textDocument/didOpen', { textDocument: { uri: messy, languageId: 'arch', version: 1, text: messyText } });
    const edits = await client.request<Array<{ range: never; newText: string }>>('textDocument/formatting', { textDocument: { uri: messy }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(applyEdits(messyText, edits), 'service a {\n  replicas 2\n  zones x\n}\n');
    const broken = uri('broken.arch');
    await client.notify('textDocument/didOpen', { textDocument: { uri: broken, languageId: 'arch', version: 1, text: 'service a {\n  replicas 2 {\n' } });
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri: broken }, options: { tabSize: 2, insertSpaces: true } }), []);

    const tokens = await client.request<{ resultId: string; data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: B } });
    assert.ok(tokens.data.length > 50 && tokens.data.length % 5 === 0);
    // After an edit, the delta from the last result, applied, is the whole data of the new text.
    const tokenDoc = uri('tokens.arch');
    await client.notify('textDocument/didOpen', { textDocument: { uri: tokenDoc, languageId: 'arch', version: 1, text: FEATURES } });
    const first = await client.request<{ resultId: string; data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: tokenDoc } });
    await client.notify('textDocument/didChange', { textDocument: { uri: tokenDoc, version: 2 }, contentChanges: [{ text: `service added {\n  replicas 2\n}\n${FEATURES}` }] });
    const delta = await client.request<{ resultId: string; edits: Array<{ start: number; deleteCount: number; data?: number[] }> }>('textDocument/semanticTokens/full/delta', {
      textDocument: { uri: tokenDoc },
      previousResultId: first.resultId,
    });
    assert.notEqual(delta.resultId, first.resultId);
    assert.equal(delta.edits.length, 1);
    const patched = first.data.slice();
    for (const e of delta.edits) patched.splice(e.start, e.deleteCount, ...(e.data ?? []));
    const whole = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri: tokenDoc } });
    assert.deepEqual(patched, whole.data);
    assert.ok(delta.edits[0]!.data!.length < whole.data.length / 2, 'the delta carries the change, not the whole');
    // A delta from a result the server no longer holds is answered with the whole data.
    const unknown = await client.request<{ data?: number[] }>('textDocument/semanticTokens/full/delta', { textDocument: { uri: tokenDoc }, previousResultId: 'nope' });
    assert.deepEqual(unknown.data, whole.data);
  });

  it('survives a handler failure and re-checks on configuration change', async () => {
    // A malformed request: the handler fails, logs, and answers empty; the server keeps serving.
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: B }, position: null }), null);
    assert.ok(client.logs.some((l) => /hover failed/.test(l)));
    client.settings = { rules: { 'quorum/concurrent-writes': 'off', 'retry/no-backoff': 'off' } };
    const before = client.published.length;
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const p = await client.diagnostics(A, (x) => client.published.indexOf(x) >= before);
    assert.ok(!codes(p).includes('retry/no-backoff'), codes(p).join());
  });

  it('shuts down and exits', async () => {
    assert.equal(await client.stop(), 0);
  });
});

describe('faultline lsp --stdio', { timeout: 20_000 }, () => {
  it('serves the same language server from the CLI, for editors other than VS Code', async () => {
    const client = TestClient.start('cli');
    try {
      const init = await client.request<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.ok(init.capabilities.hoverProvider, 'the server answers initialize with its capabilities');
      await client.notify('initialized', {});
      const doc = 'file:///tmp/faultline-cli-lsp.arch';
      await client.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'arch', version: 1, text: 'lock l {\n  protects s\n}\nstore s\n' } });
      const published = await client.diagnostics(doc, (p) => p.diagnostics.length > 0, 15_000);
      assert.ok(published.diagnostics.some((d) => d.code === 'lock/no-lease'), 'diagnostics arrive over stdio');
      assert.equal(await client.stop(), 0);
    } finally {
      client.kill();
    }
  });
});
