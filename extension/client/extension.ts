import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { checkWorkspace } from './check-workspace';
import { DiagramPanel } from './diagram-panel';
import { languageServerDiagrams } from './diagram-source';
import { track } from './disposables';
import { createLanguageClient } from './language-client';
import { Simulations, type SimulationRecord } from './simulate';
import { TimelinePanel } from './timeline-panel';

/** What `activate` returns: used by the integration tests, and by other extensions that build on Faultline. */
export interface FaultlineApi {
  client: LanguageClient;
  /** How long `activate` took, language server start included (reported by the integration run). */
  activationMs: number;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<FaultlineApi> {
  const startedAt = performance.now();
  client = createLanguageClient(context);
  // Before start: the server's first `faultline/diagramChanged` must find its handler.
  DiagramPanel.connect(context, languageServerDiagrams(client));
  await client.start();
  const started = client;

  track(context, vscode.commands.registerCommand('faultline.openDiagram', (uri?: vscode.Uri) => openDiagram(context, uri)));
  track(context, vscode.commands.registerCommand('faultline.exportDiagram', () => DiagramPanel.exportActive()));
  track(context, vscode.commands.registerCommand('faultline.zoneLoss', () => DiagramPanel.current?.pickZoneLoss()));
  track(context, vscode.commands.registerCommand('faultline.checkWorkspace', () => checkWorkspace()));
  track(context, vscode.commands.registerCommand('faultline.openSample', () => openSample(context)));
  const simulations = new Simulations(context, started);
  simulations.register();
  // The diagram and the timeline step together: each step's overlay greys what is down in the diagram.
  TimelinePanel.onOverlay = (uri, overlay) => DiagramPanel.current?.showSimState(uri, overlay);
  DiagramPanel.overlayOf = (uri) => TimelinePanel.current?.overlayOf(uri) ?? null;
  TimelinePanel.focusDiagram = async () => (await DiagramPanel.current?.focusIfVisible()) === true;
  DiagramPanel.registerSerializer(context);
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    // For the integration suite only (never registered for users): the SVG the diagram webview rendered for
    // the active editor's document, so a test can assert what the user sees without reaching into the webview.
    track(
      context,
      vscode.commands.registerCommand('faultline.diagramSvgForTests', async () => {
        const panel = DiagramPanel.current;
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (!panel || panel.documentUri.toString() !== active) return undefined;
        return panel.requestExport('svg');
      }),
    );
    // What the timeline panel shows (its timeline, the last step and overlay), and the last simulation's record.
    track(context, vscode.commands.registerCommand('faultline.timelineShownForTests', () => TimelinePanel.current?.shownForTests));
    track(context, vscode.commands.registerCommand('faultline.lastSimulationForTests', (): SimulationRecord | undefined => simulations.lastRecord));
    // The diagram model (and its document version) the panel last sent to its webview, or the notice it showed.
    track(
      context,
      vscode.commands.registerCommand('faultline.diagramShownForTests', () => DiagramPanel.current?.shownForTests),
    );
  }

  track(
    context,
    vscode.workspace.onDidOpenTextDocument((document) => {
      const open = vscode.workspace.getConfiguration('faultline').get<boolean>('diagram.openOnStartup', false);
      if (open && document.languageId === 'arch' && !DiagramPanel.current) DiagramPanel.show(context, document, vscode.ViewColumn.Beside);
    }),
  );
  return { client: started, activationMs: performance.now() - startedAt };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function openDiagram(context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<void> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'arch') {
    void vscode.window.showInformationMessage('Faultline: open an .arch file to see its diagram.');
    return;
  }
  DiagramPanel.show(context, document, vscode.ViewColumn.Beside);
}

async function openSample(context: vscode.ExtensionContext): Promise<void> {
  const inWorkspace = await vscode.workspace.findFiles('**/samples/checkout-saga.arch', '**/node_modules/**', 1);
  const uri = inWorkspace[0] ?? vscode.Uri.joinPath(context.extensionUri, 'samples', 'checkout-saga.arch');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}
