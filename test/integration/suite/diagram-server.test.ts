import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FaultlineApi } from '../../../extension/client/extension';
import type { DiagramShown } from '../../../extension/client/diagram-panel';
import { code, faultlineDiagnostics, open, screenshot, until, workspaceFile } from './helpers';

/*
 * The diagram comes from the language server (`faultline/diagram`): its badges are the Problems panel's, with the
 * workspace's faultline.json applied. The fixture's faultline.json turns off a rule that badges `orders` and
 * lowers another one; it is put at the workspace root (the only place the server reads it) during the test, so
 * the test also sees the panel follow a configuration change without any edit. Every wait is on a condition.
 */

type Counts = { error: number; warning: number; info: number };
const SEVERITY: Record<vscode.DiagnosticSeverity, keyof Counts | undefined> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: undefined,
};

type Shown = Extract<DiagramShown, { version: number }>;

/** Per element: the badges the diagnostics give (each counts on the declaration that holds its start). */
function badgesFromDiagnostics(shown: Shown, diagnostics: readonly vscode.Diagnostic[]): Record<string, Counts> {
  const owners = [...shown.diagram.nodes, ...shown.diagram.containers];
  const out: Record<string, Counts> = Object.fromEntries(owners.map((o) => [o.name, { error: 0, warning: 0, info: 0 }]));
  for (const d of diagnostics) {
    const p = d.range.start;
    const owner = owners.find((o) => o.range && new vscode.Range(o.range.start.line, o.range.start.character, o.range.end.line, o.range.end.character).contains(p));
    const severity = SEVERITY[d.severity];
    if (owner && severity) out[owner.name]![severity]++;
  }
  return out;
}

const badgesOfModel = (shown: Shown): Record<string, Counts> =>
  Object.fromEntries([...shown.diagram.nodes, ...shown.diagram.containers].map((o) => [o.name, { ...o.badges }]));

/** The badges the webview drew, per node, read from its SVG (`fl-badge-<severity>` groups holding the count). */
function renderedNodeBadges(svg: string): Record<string, Counts> {
  const nodes = svg.slice(svg.indexOf('<g class="fl-nodes">'), svg.indexOf('<g class="fl-edge-labels">'));
  const out: Record<string, Counts> = {};
  for (const chunk of nodes.split('<g class="fl-node ').slice(1)) {
    const name = /data-name="([^"]*)"/.exec(chunk)?.[1];
    if (!name) continue;
    const counts = { error: 0, warning: 0, info: 0 };
    for (const m of chunk.matchAll(/fl-badge-(error|warning|info)"><rect[^>]*\/><text[^>]*>(\d+)<\/text>/g)) counts[m[1] as keyof Counts] = Number(m[2]);
    out[name] = counts;
  }
  return out;
}

/**
 * Waits until the diagnostics satisfy `ready` and the panel shows the diagram of the document's current version
 * with exactly the badges those diagnostics give; on a time-out the last difference is in the error.
 */
async function diagramAgreeing(document: vscode.TextDocument, ready: (d: vscode.Diagnostic[]) => boolean, what: string) {
  let last = 'nothing yet';
  try {
    return await until(what, async () => {
      const diagnostics = faultlineDiagnostics(document.uri);
      if (!ready(diagnostics)) return (last = `diagnostics not there yet: ${diagnostics.map(code).join(', ')}`), undefined;
      const shown = await vscode.commands.executeCommand<DiagramShown | undefined>('faultline.diagramShownForTests');
      if (!shown || shown.uri !== document.uri.toString()) return (last = `panel shows ${shown?.uri ?? 'nothing'}`), undefined;
      if (!('version' in shown)) return (last = `panel notice: ${shown.notice}`), undefined;
      if (shown.version !== document.version) return (last = `panel version ${shown.version}, document ${document.version}`), undefined;
      const expected = badgesFromDiagnostics(shown, diagnostics);
      const actual = badgesOfModel(shown);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) return (last = `badges ${JSON.stringify(actual)} ≠ diagnostics ${JSON.stringify(expected)}`), undefined;
      return { shown, diagnostics };
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}; last: ${last}`);
  }
}

describe('diagram from the language server', () => {
  const config = workspaceFile('faultline.json');
  const has = (rule: string) => (d: vscode.Diagnostic[]) => d.some((x) => code(x) === rule);

  after(async () => {
    // Leave the workspace as the other tests expect it: no faultline.json, the rule back on.
    try {
      await vscode.workspace.fs.delete(config);
    } catch {
      // not there
    }
    const uri = workspaceFile('fixtures/config-badges.arch');
    await until('resilience/no-rate-limit back after faultline.json is removed', () => has('resilience/no-rate-limit')(faultlineDiagnostics(uri)));
  });

  it("draws the server's badges, and follows the workspace's faultline.json", async () => {
    const editor = await open('fixtures/config-badges.arch');
    const document = editor.document;
    await vscode.commands.executeCommand('faultline.openDiagram');

    // Without faultline.json: `orders` carries the no-rate-limit info badge, no-overlap is an error.
    const before = await diagramAgreeing(document, has('resilience/no-rate-limit'), 'the diagram to agree with the diagnostics (defaults)');
    const orders = (s: Shown) => s.diagram.nodes.find((n) => n.name === 'orders')!.badges;
    assert.ok(orders(before.shown).info >= 1, `orders has an info badge: ${JSON.stringify(orders(before.shown))}`);
    const overlap = (d: vscode.Diagnostic[]) => d.find((x) => code(x) === 'quorum/no-overlap')?.severity;
    assert.equal(overlap(before.diagnostics), vscode.DiagnosticSeverity.Error);

    // The workspace's faultline.json: no-rate-limit off, no-overlap a warning. No edit: the server re-analyzes
    // on the file change, publishes, and the panel redraws from the new analysis.
    await vscode.workspace.fs.copy(workspaceFile('fixtures/config-badges/faultline.json'), config, { overwrite: true });
    const configured = (d: vscode.Diagnostic[]) => !has('resilience/no-rate-limit')(d) && overlap(d) === vscode.DiagnosticSeverity.Warning;
    const after_ = await diagramAgreeing(document, configured, 'the diagram to agree with the diagnostics (faultline.json)');
    assert.equal(orders(after_.shown).info, orders(before.shown).info - 1, 'the rule faultline.json turns off badges nothing');
    const db = (s: Shown) => s.diagram.nodes.find((n) => n.name === 'orders-db')!.badges;
    assert.equal(db(after_.shown).error, db(before.shown).error - 1, 'no-overlap is no longer an error badge');
    assert.equal(db(after_.shown).warning, db(before.shown).warning + 1, 'no-overlap is a warning badge');

    // What the webview drew: the same badges on every node.
    const expected = Object.fromEntries(after_.shown.diagram.nodes.map((n) => [n.name, n.badges]));
    const svg = await until('the rendered SVG to show those badges', async () => {
      const s = await vscode.commands.executeCommand<string | undefined>('faultline.diagramSvgForTests');
      return s && JSON.stringify(renderedNodeBadges(s)) === JSON.stringify(expected) ? s : undefined;
    });
    assert.ok(svg.includes('orders-db'));
    await screenshot('diagram-faultline-json');
  });

  it('answers a document the server does not have with an error, not a crash', async () => {
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'faultline')!;
    const api = extension.exports as FaultlineApi;
    const missing = workspaceFile('fixtures/never-opened.arch');
    await assert.rejects(
      api.client.sendRequest('faultline/diagram', { uri: api.client.code2ProtocolConverter.asUri(missing) }),
      (e: { code?: number; message?: string }) => e.code === 1 && /no open document/.test(e.message ?? ''),
    );
    // The panel still serves the open document.
    const shown = await vscode.commands.executeCommand<DiagramShown | undefined>('faultline.diagramShownForTests');
    assert.ok(shown && 'version' in shown, 'the panel still shows a diagram');
  });
});
