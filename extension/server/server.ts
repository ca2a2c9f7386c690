import {
  CodeLensRefreshRequest,
  type CancellationToken,
  CodeActionKind,
  MarkupKind,
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
import { AnalysisCache, createDocuments, editSince, toNewRange, toOldPosition, withLine, type Analysis } from './documents';
import { formatDocument } from './formatting';
import { containsPosition, type Position, type Range } from '../../language/range';
import { FramingGuard } from './framing-guard';
import { hover } from './hover';
import { definition, prepareRename, references, rename } from './navigation';
import { logError, safe } from './safe';
import { doingNow, startLoopMonitor } from './trace';
import { LEGEND, SentTokens, semanticTokenSteps } from './semantic-tokens';
import { inSlices } from './sliced';
import { documentSymbols, foldingRanges } from './symbols';
import {
  DIAGRAM_CHANGED_NOTIFICATION,
  DIAGRAM_REQUEST,
  type DiagramChangedParams,
  type DiagramParams,
  type DiagramResponse,
  type FaultlineInitializationOptions,
} from './protocol/diagram';
import {
  SIMULATE_REQUEST,
  SIMULATION_PROGRESS_NOTIFICATION,
  SIMULATION_STALE_NOTIFICATION,
  SIMULATION_TARGETS_REQUEST,
  type SimulateParams,
  type SimulateResult,
  type SimulationProgressParams,
  type SimulationStaleParams,
  type SimulationTargetsParams,
  type SimulationTargetsResult,
} from './protocol/simulation';
import { simDiagnostics, simHover } from './sim-diagnostics';
import { simulationLenses } from './sim-lenses';
import { simulationTargets } from './sim-targets';
import { runSimulation, SimulationStore, type StoredRun } from './simulation';

const DiagramRequestType = new RequestType<DiagramParams, DiagramResponse, void>(DIAGRAM_REQUEST);
const DiagramChangedType = new NotificationType<DiagramChangedParams>(DIAGRAM_CHANGED_NOTIFICATION);
const SimulationTargetsType = new RequestType<SimulationTargetsParams, SimulationTargetsResult, void>(SIMULATION_TARGETS_REQUEST);
const SimulateType = new RequestType<SimulateParams, SimulateResult, void>(SIMULATE_REQUEST);
const SimulationProgressType = new NotificationType<SimulationProgressParams>(SIMULATION_PROGRESS_NOTIFICATION);
const SimulationStaleType = new NotificationType<SimulationStaleParams>(SIMULATION_STALE_NOTIFICATION);

/** How long hover and completion wait for the check of the current version before answering from the last one. */
const GRACE_MS = 50;
/** A typed line with these is not completed from the last analysis: it may open or close a block or comment. */
const BLOCK_MARKS = /[{}]|\/\*|\*\//;

/** Where a hover or completion is answered from, and how a range of that analysis maps to the current text. */
interface Answering {
  analysis: Analysis;
  position: Position;
  back: (range: Range) => Range | undefined;
}

/*
 * The Faultline language server. `createConnection(ProposedFeatures.all)` picks the transport from the command
 * line (`--stdio`, `--node-ipc`, `--socket=N`), so the VS Code client and tests can start it the same way.
 * Every feature reads the one cached analysis of the document's current version (documents.ts).
 */

export function startServer(connection: Connection = defaultConnection()): void {
  startLoopMonitor();
  const documents = createDocuments();
  const config = new ConfigStore(connection);
  const cache = new AnalysisCache((uri) => config.current(uri));
  const diagnostics = new DiagnosticsScheduler(connection, documents, cache, config);
  const diagram = diagramHandler(documents, cache, config);
  const simulations = new SimulationStore();
  const sentTokens = new SentTokens();
  /** Stored runs already reported stale (a run is reported once, when it turns stale). */
  // Per stored run, what it read when last reported stale: reported again only when the design changes again (a
  // rerun that met a half-typed file is then retried once the file is runnable), never on every keystroke.
  const reportedStale = new WeakMap<StoredRun, string | undefined>();
  diagnostics.extra = (uri, analysis) => {
    const { diagnostics: found, stale } = simDiagnostics(uri, analysis.result.model, simulations.runs(uri));
    // A file with a syntax error cannot run: say nothing yet, and report once it parses again.
    const blocked = analysis.result.model.diagnostics.some((d) => d.rule === 'syntax');
    const fresh = blocked ? [] : stale.filter((s) => !reportedStale.has(s.run) || reportedStale.get(s.run) !== s.fingerprint);
    for (const s of fresh) reportedStale.set(s.run, s.fingerprint);
    const runnable = fresh.filter((s) => s.fingerprint !== undefined);
    if (runnable.length) connection.sendNotification(SimulationStaleType, { uri, runs: runnable.map((s) => s.run.run) }).catch((e: unknown) => logError(connection, 'simulationStale', e));
    return found;
  };
  let dynamicConfiguration = false;
  let codeLensRefresh = false;
  /** Documents whose lenses were refreshed after their first analysis. */
  const lensesRefreshed = new Set<string>();
  let dynamicWatch = false;
  let workspaceFolders = false;

  /**
   * The analysis of the document's current version. It is computed in steps, so waiting for it never blocks the
   * server: other requests (hover, completion) are answered meanwhile. When the document changes again first,
   * the analysis of the newer version (a cancelled request stops waiting).
   */
  const analysisOf = async (uri: string, token?: CancellationToken): Promise<Analysis | undefined> => {
    cache.noteRequest();
    for (;;) {
      const doc = documents.get(uri);
      if (!doc || token?.isCancellationRequested) return undefined;
      const a = await cache.analyze(doc);
      doingNow('a request continues after its analysis');
      if (a && a.version === documents.get(uri)?.version) return a;
    }
  };

  /**
   * The semantic token data of the current version, computed in steps (a huge file's take a few hundred
   * milliseconds); started again when the document changes meanwhile.
   */
  const tokensOf = async (uri: string, token?: CancellationToken): Promise<number[] | undefined> => {
    for (;;) {
      const a = await indexedOf(uri, token);
      if (!a) return undefined;
      const stale = () => token?.isCancellationRequested === true || documents.get(uri)?.version !== a.version;
      const data = await inSlices(semanticTokenSteps(a), () => cache.slice(), stale);
      if (data) return data;
      if (token?.isCancellationRequested) return undefined;
    }
  };

  /** The analysis of the current version with its whole index (references, rename, outline, semantic tokens). */
  const indexedOf = async (uri: string, token?: CancellationToken): Promise<Analysis | undefined> => {
    const a = await analysisOf(uri, token);
    return a && (await cache.indexed(a));
  };

  /**
   * Hover and completion never wait for a check: the analysis of the current version if it is ready within
   * GRACE_MS, else the last analysis there is, when the position's line has not changed since (the position is
   * mapped to its line then, and the answer's range back). Completion also answers on the line being typed, from
   * the last analysis with that line's new text, when that line alone changed and opens or closes no block or
   * comment. Anywhere else the answer waits for the analysis of the current version.
   */
  const answerAt = async (uri: string, position: Position, typing: boolean, token?: CancellationToken): Promise<Answering | undefined> => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    cache.noteRequest();
    const current = (a: Analysis | undefined): a is Analysis => a?.version === documents.get(uri)?.version;
    const latest = cache.latest(uri);
    if (current(latest)) return { analysis: latest, position, back: (r) => r };
    const pending = cache.analyze(doc);
    // A check that is nearly done is worth the wait: the answer is then of the current text everywhere.
    if ((cache.remainingMs(doc) ?? 0) <= GRACE_MS) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waited = await Promise.race([pending, new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), GRACE_MS)))]);
      clearTimeout(timer);
      if (current(waited)) return { analysis: waited, position, back: (r) => r };
    }
    const now = documents.get(uri);
    const stale = cache.latest(uri);
    if (now && stale) {
      const edit = editSince(stale, now);
      const old = toOldPosition(edit, position);
      if (old) return { analysis: stale, position: old, back: (r) => toNewRange(edit, r) };
      if (typing && edit && edit.first === position.line && edit.oldLast === position.line && edit.newLast === position.line) {
        const before = stale.lines[position.line] ?? '';
        const after = now.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
        if (!BLOCK_MARKS.test(before) && !BLOCK_MARKS.test(after)) return { analysis: withLine(stale, position.line, after), position, back: () => undefined };
      }
    }
    const fresh = await analysisOf(uri, token);
    return fresh ? { analysis: fresh, position, back: (r) => r } : undefined;
  };

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities ?? {};
    config.supportsWorkspaceConfiguration = caps.workspace?.configuration === true;
    dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    dynamicWatch = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    workspaceFolders = caps.workspace?.workspaceFolders === true;
    codeLensRefresh = caps.workspace?.codeLens?.refreshSupport === true;
    // Only a client that asked for it gets `faultline/diagramChanged` (other editors would log an unknown method).
    const options = (params.initializationOptions ?? {}) as FaultlineInitializationOptions;
    const diagramChanged = options.diagramChanged === true;
    diagnostics.onPublished = (uri, version) => {
      if (diagramChanged) connection.sendNotification(DiagramChangedType, { uri, version }).catch((e: unknown) => logError(connection, 'diagramChanged', e));
      // The editor may ask for a new document's lenses before its first analysis is in: ask it once more after.
      if (codeLensRefresh && !lensesRefreshed.has(uri)) {
        lensesRefreshed.add(uri);
        connection.sendRequest(CodeLensRefreshRequest.type).catch((e: unknown) => logError(connection, 'codeLens/refresh', e));
      }
    };
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
        semanticTokensProvider: { legend: LEGEND, full: { delta: true } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
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
      simulations.forget(e.document.uri);
      lensesRefreshed.delete(e.document.uri);
      cache.delete(e.document.uri);
      sentTokens.forget(e.document.uri);
      config.forget(e.document.uri);
    } catch (err) {
      logError(connection, 'didClose', err);
    }
  });

  connection.onHover(safe(connection, 'hover', null, async (p, token) => {
    const at = await answerAt(p.textDocument.uri, p.position, false, token);
    if (!at) return null;
    const { analysis: a, position } = at;
    const found = hover(a, position);
    // On a simulation target's name: the last run's metrics under the element's own hover.
    const named = [...a.result.model.elements.values()].find((e) => containsPosition(e.nameRange, position));
    const sim = named ? simHover(a.result.model, simulations.runs(p.textDocument.uri), named.name) : undefined;
    let answer = found;
    if (sim) {
      const base = found && typeof found.contents === 'object' && 'value' in found.contents ? found.contents.value : '';
      answer = { contents: { kind: MarkupKind.Markdown, value: `${base}\n${sim}`.trim() }, range: found?.range ?? named!.nameRange };
    }
    if (!answer?.range) return answer;
    const range = at.back(answer.range);
    return range ? { ...answer, range } : { contents: answer.contents };
  }));
  connection.onCodeLens(safe(connection, 'codeLens', [], async (p, token) => {
    const a = await analysisOf(p.textDocument.uri, token);
    return a ? simulationLenses(p.textDocument.uri, a.result.model, simulations.runs(p.textDocument.uri)) : [];
  }));
  connection.onRequest(SimulationTargetsType, safe(connection, 'simulationTargets', { version: -1, targets: [], scenarios: [] }, async (p) => {
    if (!documents.get(p.uri)) throw new ResponseError(ErrorCodes.InvalidParams, 'the document is not open in the editor');
    const a = await analysisOf(p.uri);
    if (!a) throw new ResponseError(ErrorCodes.InvalidParams, 'the document is not open in the editor');
    return simulationTargets(a.result.model, a.version);
  }));
  connection.onRequest(
    SimulateType,
    safe<[SimulateParams, CancellationToken], SimulateResult | ResponseError<void>>(connection, 'simulate', new ResponseError(ErrorCodes.InternalError, 'faultline/simulate: the simulation failed (see the server log)'), async (p, token) => {
      const doc = documents.get(p.uri);
      if (!doc) throw new ResponseError(ErrorCodes.InvalidParams, 'the document is not open in the editor');
      const progress = (x: Omit<SimulationProgressParams, 'runId'>) =>
        void connection.sendNotification(SimulationProgressType, { runId: p.runId, ...x }).catch((e: unknown) => logError(connection, 'simulationProgress', e));
      const result = await runSimulation(p, { text: doc.getText(), version: doc.version, progress, token }, simulations, p.uri);
      // The new results as diagnostics and lenses, at once.
      diagnostics.schedule(p.uri, 0);
      if (codeLensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch((e: unknown) => logError(connection, 'codeLens/refresh', e));
      return result;
    }),
  );
  connection.onCompletion(safe(connection, 'completion', [], async (p, token) => {
    // Completion items carry no ranges: nothing to map back.
    const at = await answerAt(p.textDocument.uri, p.position, true, token);
    return at ? completion(at.analysis, at.position) : [];
  }));
  connection.onDefinition(safe(connection, 'definition', [], async (p, token) => {
    const a = await indexedOf(p.textDocument.uri, token);
    return a ? definition(a, p.textDocument.uri, p.position) : [];
  }));
  connection.onReferences(safe(connection, 'references', [], async (p, token) => {
    const a = await indexedOf(p.textDocument.uri, token);
    return a ? references(a, p.textDocument.uri, p.position, p.context.includeDeclaration) : [];
  }));
  connection.onPrepareRename(safe(connection, 'prepareRename', null, async (p, token) => {
    const a = await indexedOf(p.textDocument.uri, token);
    return a ? prepareRename(a, p.position) : null;
  }));
  connection.onRenameRequest(safe(connection, 'rename', null, async (p, token) => {
    const a = await indexedOf(p.textDocument.uri, token);
    return a ? rename(a, p.textDocument.uri, p.position, p.newName) : null;
  }));
  connection.onDocumentSymbol(safe(connection, 'documentSymbol', [], async (p, token) => {
    const a = await indexedOf(p.textDocument.uri, token);
    return a ? documentSymbols(a) : [];
  }));
  connection.onFoldingRanges(safe(connection, 'foldingRange', [], async (p, token) => {
    const a = await analysisOf(p.textDocument.uri, token);
    return a ? foldingRanges(a) : [];
  }));
  connection.onDocumentFormatting(safe(connection, 'formatting', [], (p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? formatDocument(doc) : [];
  }));
  connection.languages.semanticTokens.on(safe(connection, 'semanticTokens', { data: [] }, async (p, token) => {
    const data = await tokensOf(p.textDocument.uri, token);
    return data ? sentTokens.remember(p.textDocument.uri, data) : { data: [] };
  }));
  connection.languages.semanticTokens.onDelta(safe(connection, 'semanticTokens/delta', { edits: [] }, async (p, token) => {
    const data = await tokensOf(p.textDocument.uri, token);
    return data ? sentTokens.since(p.textDocument.uri, p.previousResultId, data) : { edits: [] };
  }));
  connection.onCodeAction(safe(connection, 'codeAction', [], async (p, token) => {
    const a = await analysisOf(p.textDocument.uri, token);
    return a ? codeActions(p, a) : [];
  }));

  connection.onRequest(
    DiagramRequestType,
    safe(connection, 'diagram', new ResponseError(ErrorCodes.InternalError, 'faultline/diagram: the diagram could not be built (see the server log)'), async (params: DiagramParams, token: CancellationToken) => {
      // The analysis in steps first (the handler's `cache.get` then finds it), so the request never blocks the server.
      const uri = (params as { uri?: unknown } | null)?.uri;
      const doc = typeof uri === 'string' ? documents.get(uri) : undefined;
      if (doc) {
        cache.noteRequest();
        await cache.analyze(doc, await config.resolve(doc.uri));
      }
      return diagram(params, token);
    }),
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
