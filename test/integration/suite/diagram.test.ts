import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, until } from './helpers';

/*
 * The diagram opens beside the editor and renders the file's elements. The last test leaves the XSS fixture's
 * diagram open on purpose: the runner (scripts/test-vscode.mjs) then inspects the webview's DOM from the
 * browser side — the title must be text, no <img> may exist, no dialog may have fired — clicks a node and
 * checks that the editor moved to its declaration, and saves screenshots.
 */
describe('diagram', () => {
  it('opens to the side and renders the sample', async () => {
    await open('samples/checkout-saga.arch');
    await vscode.commands.executeCommand('faultline.openDiagram');
    const tab = await until('a diagram tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && /faultline\.diagram/.test(t.input.viewType)),
    );
    assert.ok(tab.label.includes('checkout-saga'), `tab label ${tab.label}`);
  });

  it('exports the rendered SVG holding every element name', async () => {
    const svg = await until('an SVG export', async () => (await vscode.commands.executeCommand<string | undefined>('faultline.diagramSvgForTests')) || undefined, 30_000);
    for (const name of ['checkout', 'payments', 'orders-db']) assert.ok(svg.includes(name), `the SVG names ${name}`);
    assert.match(svg, /<svg[\s>]/);
  });

  it('leaves the XSS fixture diagram open for the browser-side checks', async () => {
    await open('fixtures/xss.arch');
    await vscode.commands.executeCommand('faultline.openDiagram');
    const svg = await until('the XSS fixture rendered', async () => {
      const s = await vscode.commands.executeCommand<string | undefined>('faultline.diagramSvgForTests');
      return s && s.includes('api') ? s : undefined;
    });
    assert.ok(!svg.includes('<img'), 'the title is escaped in the SVG');
    assert.ok(svg.includes('&lt;img'), 'the title is present as text');
  });
});
