import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  NotificationType,
  ProposedFeatures,
  RequestType,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node.js';
import { codeActions } from './code-actions';
import { completion } from './completion';
import { ConfigStore } from './config';
import { diagramHandler } from './diagram';
import { DiagnosticsScheduler } from './diagnostics';
import { AnalysisCache, createDocuments } from './documents';
import { formatDocument } from './formatting';
import { FramingGuard } from './framing-guard';
import { hover } from './hover';
import { definition, prepareRename, references, rename } from './navigation';
import { logError, safe } from './safe';
import { LEGEND, semanticTokens } from './semantic-tokens';
import { documentSymbols, foldingRanges } from './symbols';
import {
  DIAGRAM_CHANGED_NOTIFICATION,
  DIAGRAM_REQUEST,
  type DiagramChangedParams,
  type DiagramParams,
  type DiagramResponse,
  type FaultlineInitializationOptions,
} from './protocol/diagram';

const DiagramRequestType = new RequestType<DiagramParams, DiagramResponse, void>(DIAGRAM_REQUEST);
const DiagramChangedType = new NotificationType<DiagramChangedParams>(DIAGRAM_CHANGED_NOTIFICATION);

/*
 * The Faultline language server. `createConnection(ProposedFeatures.all)` picks the transport from the command
 * line (`--stdio`, `--node-ipc`, `--socket=N`), so the VS Code client and tests can start it the same way.
 * Every feature reads the one cached analysis of the document's current version (documents.ts).
 */

export function startServer(connection: Connection = defaultConnection()): void {
  const documents = createDocuments();
  const config = new ConfigStore(connection);
  const cache = new AnalysisCache((uri) => config.current(uri));
  const diagnostics = new DiagnosticsScheduler(connection, documents, cache, config);
  let dynamicConfiguration = false;
  let dynamicWatch = false;
  let workspaceFolders = false;

  const analysisOf = (uri: string) => {
    const doc = documents.get(uri);
    return doc ? cache.syntax(doc) : undefined;
  };

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities ?? {};
    config.supportsWorkspaceConfiguration = caps.workspace?.configuration === true;
    dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    dynamicWatch = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    workspaceFolders = caps.workspace?.workspaceFolders === true;
    // Only a client that asked for it gets `faultline/diagramChanged` (other editors would log an unknown method).
    const options = (params.initializationOptions ?? {}) as FaultlineInitializationOptions;
    if (options.diagramChanged === true) {
      diagnostics.onPublished = (uri, version) => {
        connection.sendNotification(DiagramChangedType, { uri, version }).catch((e: unknown) => logError(connection, 'diagramChanged', e));
      };
    }
    try {
      const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
      config.setFolders(folders);
    } catch (e) {
      logError(connection, 'workspace folders', e);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', '.', ','], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        semanticTokensProvider: { legend: LEGEND, full: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'faultline', version: '0.1.0' },
    };
  });

  connection.onInitialized(
    safe(connection, 'initialized', undefined, async () => {
      if (dynamicConfiguration) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'faultline' });
      if (workspaceFolders) {
        // Only readable after `initialize`, and only when the client sends folder changes.
        connection.workspace.onDidChangeWorkspaceFolders(
          safe(connection, 'didChangeWorkspaceFolders', undefined, async () => {
            const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
            config.setFolders(folders.map((f) => f.uri));
            reconfigure();
          }),
        );
      }
      if (dynamicWatch) await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/faultline.json' }] });
    }),
  );

  const reconfigure = () => {
    cache.clear();
    diagnostics.scheduleAll();
  };
  connection.onDidChangeConfiguration(
    safe(connection, 'didChangeConfiguration', undefined, (params) => {
      config.invalidate(config.supportsWorkspaceConfiguration ? undefined : (params.settings ?? null));
      reconfigure();
    }),
  );
  connection.onDidChangeWatchedFiles(
    safe(connection, 'didChangeWatchedFiles', undefined, (params) => {
      if (!params.changes.some((c) => c.uri.endsWith('/faultline.json'))) return;
      config.reloadFiles();
      reconfigure();
    }),
  );
  // `TextDocuments` fires onDidChangeContent right after onDidOpen: the opened version is checked at once, and
  // only later changes are debounced.
  const justOpened = new Map<string, number>();
  documents.onDidOpen((e) => {
    try {
      justOpened.set(e.document.uri, e.document.version);
      diagnostics.schedule(e.document.uri, 0);
    } catch (err) {
      logError(connection, 'didOpen', err);
    }
  });
  documents.onDidChangeContent((e) => {
    try {
      const opened = justOpened.get(e.document.uri);
      justOpened.delete(e.document.uri);
      if (opened !== e.document.version) diagnostics.schedule(e.document.uri);
    } catch (err) {
      logError(connection, 'didChange', err);
    }
  });
  documents.onDidClose((e) => {
    try {
      justOpened.delete(e.document.uri);
      diagnostics.close(e.document.uri);
      cache.delete(e.document.uri);
      config.forget(e.document.uri);
    } catch (err) {
      logError(connection, 'didClose', err);
    }
  });

  connection.onHover(safe(connection, 'hover', null, (p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? hover(a, p.position) : null;
  }));
  connection.onCompletion(safe(connection, 'completion', [], (p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? completion(a, p.position) : [];
  }));
  connection.onDefinition(safe(connection, 'definition', [], (p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? definition(a, p.textDocument.uri, p.position) : [];
  }));
  connection.onReferences(safe(connection, 'references', [], (p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? references(a, p.textDocument.uri, p.position, p.context.includeDeclaration) : [];
  }));
  connection.onPrepareRename(safe(connection, 'prepareRename', null, (p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? prepareRename(a, p.position) : null;
  }));
  connection.onRenameRequest(safe(connection, 'rename', null, (p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? rename(a, p.textDocument.uri, p.position, p.newName) : null;
  }));
  connection.onDocumentSymbol(safe(connection, 'documentSymbol', [], (p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? documentSymbols(a) : [];
  }));
  connection.onFoldingRanges(safe(connection, 'foldingRange', [], (p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? foldingRanges(a) : [];
  }));
  connection.onDocumentFormatting(safe(connection, 'formatting', [], (p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? formatDocument(doc) : [];
  }));
  connection.languages.semanticTokens.on(safe(connection, 'semanticTokens', { data: [] }, (p) => {
    const a = analysisOf(p.textDocument.uri);
    return a ? semanticTokens(a) : { data: [] };
  }));
  connection.onCodeAction(safe(connection, 'codeAction', [], (p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? codeActions(p, cache.get(doc)) : [];
  }));

  connection.onRequest(
    DiagramRequestType,
    safe(connection, 'diagram', new ResponseError(ErrorCodes.InternalError, 'faultline/diagram: the diagram could not be built (see the server log)'), diagramHandler(documents, cache, config)),
  );

  connection.onShutdown(() => diagnostics.dispose());

  // Last line of defence: a stray exception or rejection is logged, never fatal.
  process.on('uncaughtException', (e) => logError(connection, 'uncaught exception', e));
  process.on('unhandledRejection', (e) => logError(connection, 'unhandled rejection', e));

  documents.listen(connection);
  connection.listen();
}

/**
 * The transport from the command line: node IPC, a socket or a pipe as vscode-languageserver reads them, else
 * stdio (`--stdio`, and `faultline lsp`'s default) with stdin read through the framing guard, so one malformed
 * header is logged to stderr and skipped instead of leaving the server deaf to everything after it.
 */
function defaultConnection(): Connection {
  const args = process.argv.slice(2);
  if (args.some((a) => a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) return createConnection(ProposedFeatures.all);
  const input = process.stdin.pipe(new FramingGuard((message) => void process.stderr.write(`faultline lsp: ${message}\n`)));
  // Given streams, the library does not move console output off stdout (it does for `--stdio`): stdout is the protocol's.
  const toStderr = (...values: unknown[]) => void process.stderr.write(`${values.map(String).join(' ')}\n`);
  console.log = console.info = console.debug = console.warn = toStderr;
  return createConnection(ProposedFeatures.all, input, process.stdout);
}
