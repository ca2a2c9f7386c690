import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { FaultlineInitializationOptions } from '../server/protocol/diagram';

/**
 * Starts the Faultline language server (dist/server.cjs) over node IPC. The client stays thin: every language
 * feature lives in the server, which runs the same core as the CLI — the diagram model too (`faultline/diagram`).
 */
export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'arch' },
      { scheme: 'untitled', language: 'arch' },
      { scheme: 'vscode-remote', language: 'arch' },
    ],
    synchronize: {
      configurationSection: 'faultline',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/faultline.json'),
    },
    outputChannelName: 'Faultline',
    // The diagram panel redraws on `faultline/diagramChanged` (diagram-source.ts).
    initializationOptions: { diagramChanged: true } satisfies FaultlineInitializationOptions,
  };
  return new LanguageClient('faultline', 'Faultline', serverOptions, clientOptions);
}
