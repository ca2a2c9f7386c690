import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/*
 * Runs against the PACKAGED extension: the .vsix was installed into the server's extensions folder and no
 * development copy is loaded (the development extension is an empty probe). Opening a sample must bring
 * Faultline's diagnostics — proof that the package holds everything it needs (bundles, grammar, server).
 */
async function until<T>(what: string, probe: () => T | undefined, limitMs = 60_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function run(): Promise<void> {
  const installed = vscode.extensions.getExtension('faultline.faultline');
  assert.ok(installed, 'the installed Faultline extension is present');
  assert.ok(!installed.extensionPath.includes('/test/integration/probe'), 'it is the installed copy, not a development path');
  const folder = vscode.workspace.workspaceFolders![0]!.uri;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'samples/cart-leaderless.arch'));
  await vscode.window.showTextDocument(document);
  const found = await until('quorum/no-overlap from the installed extension', () =>
    vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'faultline' && (typeof d.code === 'object' ? d.code.value : d.code) === 'quorum/no-overlap'),
  );
  console.log(`vsix: ${installed.packageJSON.version} at ${installed.extensionPath} reported ${found.code && typeof found.code === 'object' ? found.code.value : found.code}`);

  // The runnable model ships too: the seed worker bundle and the timeline webview (issue 11). A scenario of the
  // sample runs in the installed server's workers and its result comes back as a sim/ diagnostic and a timeline.
  const record = await vscode.commands.executeCommand<{ outcomes: { scenario: string; seeds: number; timeline: unknown }[] } | undefined>('faultline.runScenarios', {
    uri: document.uri.toString(),
    scenarios: ['cart-zone-loss'],
  });
  assert.ok(record && record.outcomes[0]?.seeds, 'the scenario ran');
  assert.ok(record.outcomes[0]!.timeline, 'with its timeline');
  const sim = await until('a sim/ diagnostic from the installed extension', () =>
    vscode.languages.getDiagnostics(document.uri).find((d) => d.source === 'faultline-sim'),
  );
  console.log(`vsix: cart-zone-loss ran ${record.outcomes[0]!.seeds} seeds: ${sim.message.slice(0, 120)}`);
  console.log('integration (vsix): 2 passed, 0 failed');
}
