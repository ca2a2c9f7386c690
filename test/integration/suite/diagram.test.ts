import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hasBrowserRunner, open, screenshot, until } from './helpers';

/*
 * The diagram opens beside the editor and renders the file's elements. In the last test the suite and the
 * browser side work together: the runner (scripts/test-vscode.mjs) sees the FAULTLINE_DIAGRAM_READY line,
 * inspects the webview's DOM — the hostile title must be text, no <img> may exist, no dialog may have fired —
 * and clicks a node; the suite waits for the editor to reveal that node's declaration.
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
    await screenshot('diagram-checkout-saga');
  });

  it('themes the diagram from the workbench colors (dark, high contrast)', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    const before = workbench.get<string>('colorTheme');
    try {
      for (const [theme, shot] of [
        ['Default Dark Modern', 'diagram-dark'],
        ['Default High Contrast', 'diagram-high-contrast'],
      ] as const) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await until(`the ${theme} theme`, () => (vscode.window.activeColorTheme.kind !== vscode.ColorThemeKind.Light ? true : undefined));
        // The diagram still renders under the theme (the webview re-reads the variables).
        const svg = await until('an SVG export under the theme', async () => (await vscode.commands.executeCommand<string | undefined>('faultline.diagramSvgForTests')) || undefined);
        assert.ok(svg.includes('checkout'));
        await screenshot(shot);
      }
    } finally {
      await workbench.update('colorTheme', before, vscode.ConfigurationTarget.Global);
    }
  });

  it('escapes a hostile title, and a click on a node reveals its declaration', async function () {
    const editor = await open('fixtures/xss.arch');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('faultline.openDiagram');
    const svg = await until('the XSS fixture rendered', async () => {
      const s = await vscode.commands.executeCommand<string | undefined>('faultline.diagramSvgForTests');
      return s && s.includes('api') ? s : undefined;
    });
    assert.ok(!svg.includes('<img'), 'the title is escaped in the SVG');
    assert.ok(svg.includes('&lt;img'), 'the title is present as text');
    // The browser side (scripts/inspect-diagram.mjs) waits for this line, checks the webview's DOM, and clicks
    // the `api` node; the click must move the editor to `service api` on line 2.
    if (!(await hasBrowserRunner())) {
      this.skip(); // the click needs the browser side of scripts/test-vscode.mjs
    }
    console.log('FAULTLINE_DIAGRAM_READY');
    await until(
      'the click on the api node to reveal its declaration',
      () => {
        const active = vscode.window.activeTextEditor;
        return active?.document.uri.path.endsWith('fixtures/xss.arch') && active.selection.start.line === 1 ? true : undefined;
      },
      90_000,
    );
  });
});
