import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { generateArch } from '../../../bench/generate';
import { until } from './helpers';

/*
 * Issue 13 in the real VS Code: type into a 10,000-element document and hover while the language server rechecks
 * it. The server answers from its last analysis when the hovered line did not change, and runs the check (and the
 * semantic tokens) in steps between which it reads requests (extension/server/documents.ts), so each hover comes
 * back quickly even though a check of the whole file takes over a second. What is timed is the whole round trip a
 * user waits for: VS Code's hover command, the extension host, the server and back.
 */

const HOVER_GOAL_MS = 200;
const KEYSTROKES = 9;

describe('responsiveness on a huge document', () => {
  it('answers hover within 200 ms while a 10,000-element document is rechecked after each keystroke', async function () {
    this.timeout(180_000);
    const document = await vscode.workspace.openTextDocument({ language: 'arch', content: generateArch(10_000) });
    const editor = await vscode.window.showTextDocument(document);
    await until('the first check of the huge document', () => vscode.languages.getDiagnostics(document.uri).some((d) => d.source === 'faultline') || undefined, 90_000);
    // What the editor asks once a file opens (outline, folding, tokens) has been answered: typing starts from there.
    await until('the outline of the huge document', async () => ((await vscode.commands.executeCommand<unknown[]>('vscode.executeDocumentSymbolProvider', document.uri))?.length ?? 0) > 0 || undefined, 90_000);
    const lines = document.getText().split('\n');
    // Hover the gateway's name near the top; type at the end of the file, far from it.
    const hoverAt = new vscode.Position(lines.findIndex((l) => l.startsWith('gateway edge')), 9);
    const times: number[] = [];
    for (let i = 0; i < KEYSTROKES; i++) {
      const end = document.lineAt(document.lineCount - 1).range.end;
      assert.ok(await editor.edit((b) => b.insert(end, `\n// keystroke ${i}`)));
      const started = performance.now();
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, hoverAt);
      times.push(performance.now() - started);
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
      assert.match(text, /gateway/, 'the hover is the gateway’s');
    }
    const sorted = times.slice().sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(`FAULTLINE_METRIC hoverDuringRecheckMs ${median.toFixed(1)}`);
    console.log(`FAULTLINE_METRIC hoverDuringRecheckMaxMs ${sorted[sorted.length - 1]!.toFixed(1)}`);
    assert.ok(median <= HOVER_GOAL_MS, `hover took ${times.map((t) => t.toFixed(0)).join(', ')} ms while rechecking`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
