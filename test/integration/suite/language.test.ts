import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { code, faultlineDiagnostics, open, until, workspaceFile } from './helpers';

describe('language features', () => {
  it('publishes diagnostics with rule ids, ranges and doc links', async () => {
    const editor = await open('fixtures/problems.arch');
    const uri = editor.document.uri;
    const diagnostics = await until('lock/no-fencing on the fixture', () => {
      const all = faultlineDiagnostics(uri);
      return all.some((d) => code(d) === 'lock/no-fencing') ? all : undefined;
    });
    const noFencing = diagnostics.find((d) => code(d) === 'lock/no-fencing')!;
    // `lock stock-lock {` is line 10 (0-based 9); the name starts at character 5.
    assert.equal(noFencing.range.start.line, 9);
    assert.equal(noFencing.range.start.character, 5);
    assert.equal(noFencing.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(typeof noFencing.code === 'object' && noFencing.code.target.toString().includes('lock/no-fencing'));
  });

  it('applies a quick fix, and the diagnostic goes away', async () => {
    const editor = await open('fixtures/problems.arch');
    const uri = editor.document.uri;
    const target = await until('lock/no-fencing', () => faultlineDiagnostics(uri).find((d) => code(d) === 'lock/no-fencing'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, target.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.kind?.value === 'quickfix' && a.edit && /fencing/i.test(a.title));
    assert.ok(fix, `a fencing quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(editor.document.getText(), /\n\s+fencing\n/);
    await until('lock/no-fencing to disappear', () => !faultlineDiagnostics(uri).some((d) => code(d) === 'lock/no-fencing'));
  });

  it('answers hover with quorum math on a store', async () => {
    const editor = await open('fixtures/problems.arch');
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('store stock-db'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 8));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /stock-db/);
    assert.match(text, /majority/i);
  });

  it('completes property names inside a service block', async () => {
    const editor = await open('fixtures/problems.arch');
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('service stock'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(line + 1, 2));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const expected of ['replicas', 'call', 'writes', 'health-check']) assert.ok(labels.includes(expected), `completion offers ${expected}`);
  });

  it('checks every .arch file of the workspace on command', async () => {
    const unopened = workspaceFile('samples/notifications-pubsub.arch');
    assert.equal(faultlineDiagnostics(unopened).length, 0, 'not checked before the command');
    const count = await vscode.commands.executeCommand<number>('faultline.checkWorkspace');
    assert.ok(count >= 10, `found ${count} .arch files`);
    await until('diagnostics for a file that was never shown', () =>
      faultlineDiagnostics(unopened).some((d) => code(d) === 'idempotency/consumer') ? true : undefined,
    );
  });

  it('goes to the definition of a referenced element', async () => {
    const editor = await open('fixtures/problems.arch');
    const lines = editor.document.getText().split('\n');
    const line = lines.findIndex((l) => l.trim() === 'protects stock-db');
    const column = lines[line]!.indexOf('stock-db') + 2;
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, new vscode.Position(line, column));
    assert.ok(locations.length > 0);
    const first = locations[0]!;
    const range = 'targetRange' in first ? first.targetSelectionRange ?? first.targetRange : first.range;
    assert.equal(lines[range.start.line]!.startsWith('store stock-db'), true);
  });
});
