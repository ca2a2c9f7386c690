import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_FINDINGS_PER_FILE } from '../../../analyzers/limits';
import { denseMesh } from '../check/dense-mesh';
import { TestClient } from './lsp-client';

describe('language server: output limits', () => {
  it('publishes at most MAX_FINDINGS_PER_FILE findings for a dense mesh, plus a note per rule left out', async () => {
    const client = TestClient.start();
    try {
      await client.request('initialize', { processId: null, rootUri: null, capabilities: {} });
      await client.notify('initialized', {});
      const uri = 'untitled:mesh.arch';
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'arch', version: 1, text: denseMesh(40) } });
      const published = await client.diagnostics(uri, () => true, 20_000);
      const notes = published.diagnostics.filter((d) => /more `[^`]+` \w+ findings? not shown/.test(d.message));
      assert.ok(notes.length > 0, 'says what it left out');
      assert.ok(published.diagnostics.length - notes.length <= MAX_FINDINGS_PER_FILE, `${published.diagnostics.length} published`);
      assert.ok(notes.every((n) => n.severity === 3), 'the notes are information');
    } finally {
      client.kill();
    }
  });
});
