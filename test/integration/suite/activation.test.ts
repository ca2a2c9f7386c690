import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, until } from './helpers';

describe('activation', () => {
  it('activates on an .arch file and reports the language', async () => {
    const editor = await open('samples/clean-reference.arch');
    assert.equal(editor.document.languageId, 'arch');
    const extension = await until('the Faultline extension to be listed', () =>
      vscode.extensions.all.find((e) => e.packageJSON?.name === 'faultline'),
    );
    await until('the extension to activate', () => extension.isActive);
    const api = extension.exports as { activationMs?: number };
    assert.ok(typeof api.activationMs === 'number' && api.activationMs > 0);
    console.log(`FAULTLINE_METRIC activation_ms ${api.activationMs.toFixed(0)}`);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['faultline.openDiagram', 'faultline.exportDiagram', 'faultline.checkWorkspace']) {
      assert.ok(commands.includes(id), `command ${id} is registered`);
    }
  });
});
