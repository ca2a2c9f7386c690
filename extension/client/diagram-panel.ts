import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { nodeAt, tooLargeToDraw, type DiagramModel } from '../../diagram/model';
import { HostMessageSchema, parseWebviewMessage, WebviewStateSchema, type ExportFormat, type HostMessage } from '../../diagram/protocol';
import type { SimOverlay } from '../../diagram/timeline';
import type { DiagramSource } from './diagram-source';
import { track } from './disposables';
import { webviewHtml } from './html';
import { partitionByRealPath, restorableDiagramUri } from './workspace-paths';

/*
 * The diagram panel: the VS Code side of the webview in webview/. The language server computes the diagram model
 * from its own analysis (`faultline/diagram`, diagram-source.ts), so the badges are the Problems panel's; the
 * panel asks for it when the webview is ready and again when the server says it re-analyzed the document
 * (`faultline/diagramChanged`), and passes it on; the webview lays it out and draws it. Every message from the
 * webview is validated (diagram/protocol.ts) before it is acted on. One panel at a time, following the document
 * it was opened for.
 */

export const DIAGRAM_VIEW_TYPE = 'faultline.diagram';
/** Re-request this long after the server's last re-analysis (setting `faultline.diagram.updateDelay`). */
const DEFAULT_DEBOUNCE_MS = 250;

function debounceMs(): number {
  const value = vscode.workspace.getConfiguration('faultline').get<number>('diagram.updateDelay', DEFAULT_DEBOUNCE_MS);
  return Number.isFinite(value) ? Math.min(2000, Math.max(0, value)) : DEFAULT_DEBOUNCE_MS;
}

const EXPORT_TIMEOUT_MS = 15_000;

let channel: vscode.LogOutputChannel | undefined;
/** The panel's log, created on first use. */
const output = {
  info: (text: string) => log().info(text),
  warn: (text: string) => log().warn(text),
  error: (text: string) => log().error(text),
};
function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Faultline Diagram', { log: true });
  return channel;
}

/** What the panel last sent to the webview (read by the integration suite through a test-only command). */
export type DiagramShown = { uri: string; version: number; diagram: DiagramModel; notice?: string } | { uri: string; notice: string };

export class DiagramPanel {
  static current: DiagramPanel | undefined;
  /** The language server's diagrams; set once the client has started (`connect`). */
  private static source: DiagramSource | undefined;

  /** Wires the panel to the language server: diagrams come from it, and its re-analyses refresh the panel. */
  static connect(context: vscode.ExtensionContext, source: DiagramSource): void {
    DiagramPanel.source = source;
    track(context, source.onDidChange((uri, version) => DiagramPanel.current?.serverChanged(uri, version)));
    track(context, { dispose: () => DiagramPanel.source === source && (DiagramPanel.source = undefined) });
  }

  private readonly disposables: vscode.Disposable[] = [];
  private document: vscode.TextDocument;
  private diagram: DiagramModel | undefined;
  private ready = false;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  /** The request in flight: a newer one (or a new document, or dispose) cancels it. */
  private inFlight: vscode.CancellationTokenSource | undefined;
  /** The version of the diagram on screen: a late answer for an older version is dropped. */
  private shownVersion = -1;
  private shown: DiagramShown | undefined;
  private pendingExport: { format: ExportFormat; resolve: (data: string | undefined) => void } | undefined;
  private lastHighlight: string | null | undefined;
  private zoneLoss: string | null = null;
  /** The simulation step shown over the diagram (re-sent when the webview comes back). */
  private simState: SimOverlay | null = null;
  /** The step the timeline shows of a document, if it shows one: a panel that turns to that document draws it. */
  static overlayOf: ((document: vscode.Uri) => SimOverlay | null) | undefined;
  private disposed = false;

  /** Opens (or reveals and retargets) the diagram of a document. */
  static show(context: vscode.ExtensionContext, document: vscode.TextDocument, column?: vscode.ViewColumn): DiagramPanel {
    if (DiagramPanel.current) {
      // Where the user has it: "beside" the active editor may be another group (the timeline's, below it).
      DiagramPanel.current.panel.reveal(DiagramPanel.current.panel.viewColumn ?? column, true);
      DiagramPanel.current.setDocument(document);
      return DiagramPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, titleOf(document), { viewColumn: column ?? vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(context));
    DiagramPanel.current = new DiagramPanel(context, panel, document);
    return DiagramPanel.current;
  }

  /** Restores the panel after a window reload, from the state the webview saved (document uri, viewport). */
  static registerSerializer(context: vscode.ExtensionContext): void {
    track(
      context,
      vscode.window.registerWebviewPanelSerializer(DIAGRAM_VIEW_TYPE, {
        async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
          const parsed = WebviewStateSchema.safeParse(state ?? {});
          const uri = parsed.success ? parsed.data.uri : undefined;
          // The state comes from the webview: reopen only what a diagram can show, an .arch document, and a file
          // only when it is inside an open workspace folder (workspace-paths.ts).
          const decision = restorableDiagramUri(
            uri,
            (text) => vscode.Uri.parse(text, true),
            (target) => vscode.workspace.getWorkspaceFolder(target) !== undefined,
          );
          let document: vscode.TextDocument | undefined;
          // Inside a folder by its path, a file may still be a symbolic link out of it: its real path must be inside too.
          if ('uri' in decision && decision.uri.scheme === 'file') {
            const roots = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
            const { outside } = await partitionByRealPath([decision.uri], (target) => target.fsPath, roots);
            if (outside.length > 0) {
              output.warn(`did not reopen ${uri}: it resolves outside the workspace folders`);
              panel.dispose();
              return;
            }
          }
          if ('uri' in decision) {
            try {
              document = await vscode.workspace.openTextDocument(decision.uri);
            } catch (error) {
              output.warn(`could not reopen ${uri}: ${String(error)}`);
            }
          } else if (uri) {
            output.warn(`did not reopen ${uri}: ${decision.reason}`);
          }
          if (!document) {
            panel.dispose();
            return;
          }
          panel.webview.options = webviewOptions(context);
          DiagramPanel.current?.dispose();
          DiagramPanel.current = new DiagramPanel(context, panel, document);
        },
      }),
    );
  }

  /** Asks the webview for an export, then a file name, and writes the file. */
  static async exportActive(format?: ExportFormat): Promise<void> {
    const current = DiagramPanel.current;
    if (!current) {
      void vscode.window.showInformationMessage('Faultline: open a diagram first.');
      return;
    }
    const chosen =
      format ??
      (await vscode.window.showQuickPick(
        [
          { label: 'SVG', description: 'vector, themable', format: 'svg' as const },
          { label: 'PNG', description: 'image at 2×', format: 'png' as const },
        ],
        { title: 'Export diagram as' },
      ))?.format;
    if (!chosen) return;
    await current.export(chosen);
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly panel: vscode.WebviewPanel,
    document: vscode.TextDocument,
  ) {
    this.document = document;
    this.simState = DiagramPanel.overlayOf?.(document.uri) ?? null;
    if (!channel) {
      // The log outlives panels: it belongs to the extension and goes with its subscriptions.
      const created = log();
      track(context, { dispose: () => (created.dispose(), (channel = undefined)) });
    }
    this.panel.webview.html = this.html();
    this.register(this.panel.onDidDispose(() => this.dispose()));
    this.register(this.panel.webview.onDidReceiveMessage((data: unknown) => this.receive(data)));
    this.register(
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor.document.uri.toString() === this.document.uri.toString()) this.highlightAt(event.selections[0]?.active);
      }),
    );
    this.register(
      vscode.workspace.onDidCloseTextDocument((closed) => {
        if (closed.uri.toString() === this.document.uri.toString()) output.info(`${closed.uri.fsPath} closed; the diagram keeps its last state`);
      }),
    );
    this.register(
      this.panel.onDidChangeViewState(({ webviewPanel }) => {
        // A hidden webview is discarded (no retainContextWhenHidden); it says `ready` again when shown.
        if (!webviewPanel.visible) this.ready = false;
      }),
    );
    void vscode.commands.executeCommand('setContext', 'faultline.diagramOpen', true);
    this.register({ dispose: () => void vscode.commands.executeCommand('setContext', 'faultline.diagramOpen', false) });
    this.register({ dispose: () => this.debounce !== undefined && clearTimeout(this.debounce) });
    this.register({ dispose: () => this.pendingExport?.resolve(undefined) });
    this.register({ dispose: () => this.cancelRequest() });
  }

  /** Every disposable of the panel goes through here, so `dispose()` releases all of them. */
  private register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) disposable.dispose();
    else this.disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (DiagramPanel.current === this) DiagramPanel.current = undefined;
    this.panel.dispose();
    while (this.disposables.length > 0) {
      try {
        this.disposables.pop()?.dispose();
      } catch (error) {
        output.error(`dispose failed: ${String(error)}`);
      }
    }
  }

  /** A simulation step of this document (from the timeline): what is down, who leads; null clears it. */
  showSimState(uri: vscode.Uri, overlay: SimOverlay | null): void {
    if (uri.toString() !== this.document.uri.toString()) return;
    this.simState = overlay;
    this.post({ type: 'simState', overlay });
  }

  /** "What if zone fails…": pick a declared zone (or none) and show what dies. */
  async pickZoneLoss(): Promise<void> {
    const zones = this.diagram?.zones ?? [];
    if (zones.length === 0) {
      void vscode.window.showInformationMessage('Faultline: this file declares no zones.');
      return;
    }
    const items: (vscode.QuickPickItem & { zone: string | null })[] = [
      { label: 'None', description: 'show the healthy system', zone: null },
      ...zones.map((zone) => {
        const view = this.diagram?.zoneLoss.find((z) => z.zone === zone);
        const down = view?.down.length ?? 0;
        return { label: zone, description: down === 0 ? 'nothing goes down' : `${down} element${down === 1 ? '' : 's'} down`, zone };
      }),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'What if this zone fails?', placeHolder: 'Zone to lose' });
    if (!picked) return;
    this.zoneLoss = picked.zone;
    this.post({ type: 'zoneLoss', zone: picked.zone });
  }

  private setDocument(document: vscode.TextDocument): void {
    if (document.uri.toString() === this.document.uri.toString()) return;
    this.document = document;
    this.panel.title = titleOf(document);
    // The uri lives in the page (the webview stores it for the serializer): a new document means a new page.
    this.ready = false;
    this.zoneLoss = null;
    // The timeline may already be stepping this document (it opened first, or stepped while the panel showed
    // another file): its step is drawn as soon as the page is ready.
    this.simState = DiagramPanel.overlayOf?.(document.uri) ?? null;
    // The old document's diagram must not answer a late `reveal` or a cursor move in the new one.
    this.diagram = undefined;
    this.lastHighlight = undefined;
    this.shownVersion = -1;
    this.shown = undefined;
    this.cancelRequest();
    this.panel.webview.html = this.html();
  }

  /** The server re-analyzed a document (and published its diagnostics): redraw if it is ours. */
  private serverChanged(uri: vscode.Uri, version: number): void {
    if (uri.toString() !== this.document.uri.toString() || version < this.shownVersion) return;
    this.schedule();
  }

  private cancelRequest(): void {
    this.inFlight?.cancel();
    this.inFlight?.dispose();
    this.inFlight = undefined;
  }

  private schedule(): void {
    if (this.debounce !== undefined) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.update();
    }, debounceMs());
  }

  /** Asks the language server for the diagram of the document and sends it to the webview. Never throws. */
  private async update(): Promise<void> {
    if (!this.ready || this.disposed) return;
    const document = this.document;
    const uri = document.uri.toString();
    const source = DiagramPanel.source;
    if (!source) {
      this.notice(uri, 'The Faultline language server is not running: the diagram cannot be drawn.');
      return;
    }
    this.cancelRequest();
    const request = new vscode.CancellationTokenSource();
    this.inFlight = request;
    try {
      const result = await source.request(document.uri, request.token);
      // Superseded (newer request, other document, panel closed or hidden): the newer state decides.
      if (request.token.isCancellationRequested || this.inFlight !== request || this.disposed || this.document !== document || !this.ready) return;
      if (!result.ok) {
        if (result.cancelled) return;
        output.warn(result.message);
        this.diagram = undefined;
        this.notice(uri, result.message);
        return;
      }
      const { version, diagram } = result.response;
      if (version < this.shownVersion) return; // a late answer about an older version than the one on screen
      this.shownVersion = version;
      this.diagram = diagram;
      const tooLarge = tooLargeToDraw(diagram);
      const message: HostMessage = tooLarge ? { type: 'notice', text: tooLarge } : { type: 'model', diagram, version, document: uri };
      // Checked here too: a message the webview would drop must become a notice, not a silent blank panel.
      const checked = HostMessageSchema.safeParse(message);
      const text = tooLarge ?? (checked.success ? undefined : `The diagram could not be sent to the panel: ${checked.error.issues[0]?.message ?? 'invalid'}`);
      this.shown = text === undefined ? { uri, version, diagram } : { uri, version, diagram, notice: text };
      this.post(text === undefined ? message : { type: 'notice', text });
    } catch (error) {
      output.error(`could not show the diagram of ${document.uri.fsPath}: ${String(error)}`);
    } finally {
      if (this.inFlight === request) this.inFlight = undefined;
      request.dispose();
    }
  }

  private notice(uri: string, text: string): void {
    this.shown = { uri, notice: text };
    this.post({ type: 'notice', text });
  }

  /** What the webview was last sent: the diagram (with its version) or the notice shown instead. */
  get shownForTests(): (DiagramShown & { simState: SimOverlay | null }) | undefined {
    return this.shown && { ...this.shown, simState: this.simState };
  }

  private receive(data: unknown): void {
    const message = parseWebviewMessage(data, (text) => output.warn(text));
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        void this.update();
        if (this.zoneLoss !== null) this.post({ type: 'zoneLoss', zone: this.zoneLoss });
        if (this.simState !== null) this.post({ type: 'simState', overlay: this.simState });
        break;
      case 'reveal':
        void this.reveal(message.name);
        break;
      case 'simulate':
        void vscode.commands.executeCommand('faultline.simulateFailover', this.document.uri);
        break;
      case 'exported':
        if (this.pendingExport?.format === message.format) {
          this.pendingExport.resolve(message.data);
          this.pendingExport = undefined;
        }
        break;
      case 'error':
        output.error(`webview: ${message.message}`);
        if (this.pendingExport) {
          this.pendingExport.resolve(undefined);
          this.pendingExport = undefined;
        }
        break;
    }
  }

  /** Shows the declaration of an element in its editor and selects its name. */
  private async reveal(name: string): Promise<void> {
    const node = this.diagram?.nodes.find((n) => n.name === name);
    if (!node) return;
    const range = new vscode.Range(node.nameRange.start.line, node.nameRange.start.character, node.nameRange.end.line, node.nameRange.end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.document.uri.toString());
    const editor = await vscode.window.showTextDocument(this.document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private highlightAt(position: vscode.Position | undefined): void {
    if (!this.diagram || !position) return;
    const name = nodeAt(this.diagram, { line: position.line, character: position.character })?.name ?? null;
    if (name === this.lastHighlight) return;
    this.lastHighlight = name;
    this.post({ type: 'highlight', name });
  }

  /** The webview's rendering as SVG text or a PNG data URL; undefined when it does not answer in time. */
  async requestExport(format: ExportFormat): Promise<string | undefined> {
    // Before the webview said `ready` it has no listener: a request would only wait for the timeout.
    if (this.pendingExport || !this.ready) return undefined;
    return new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.pendingExport = undefined;
        resolve(undefined);
      }, EXPORT_TIMEOUT_MS);
      this.pendingExport = {
        format,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
      };
      this.post({ type: 'requestExport', format });
    });
  }

  /** Focuses the diagram's group when the diagram is on screen; whether it was. */
  async focusIfVisible(): Promise<boolean> {
    if (!this.panel.visible) return false;
    this.panel.reveal(this.panel.viewColumn, false);
    // reveal() returns before the focus moves; the group is active once the panel says so (bounded wait).
    if (!this.panel.active) {
      await new Promise<void>((resolve) => {
        const limit = setTimeout(() => (listener.dispose(), resolve()), 2000);
        const listener = this.panel.onDidChangeViewState(({ webviewPanel }) => {
          if (!webviewPanel.active) return;
          clearTimeout(limit);
          listener.dispose();
          resolve();
        });
      });
    }
    return this.panel.active;
  }

  /** The document the panel draws. */
  get documentUri(): vscode.Uri {
    return this.document.uri;
  }

  private async export(format: ExportFormat): Promise<void> {
    if (this.pendingExport) {
      void vscode.window.showInformationMessage('Faultline: an export is already running.');
      return;
    }
    const data = await this.requestExport(format);
    if (data === undefined) {
      void vscode.window.showErrorMessage('Faultline: the diagram could not be exported (see the "Faultline Diagram" output).');
      return;
    }
    const base = this.document.uri.path.replace(/\.arch$/i, '');
    const target = await vscode.window.showSaveDialog({
      defaultUri: this.document.uri.with({ path: `${base}.${format}` }),
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      title: 'Export diagram',
    });
    if (!target) return;
    const bytes = format === 'svg' ? new TextEncoder().encode(data) : decodePngDataUrl(data);
    if (!bytes) {
      void vscode.window.showErrorMessage('Faultline: the webview returned an invalid PNG.');
      return;
    }
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`Faultline: diagram saved to ${vscode.workspace.asRelativePath(target)}.`);
  }

  private post(message: HostMessage): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(message);
  }

  private html(): string {
    const root = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    const page = { webview: this.panel.webview, script: vscode.Uri.joinPath(root, 'main.js'), style: vscode.Uri.joinPath(root, 'styles.css'), worker: vscode.Uri.joinPath(root, 'layout-worker.js'), title: titleOf(this.document), data: { uri: this.document.uri.toString() } };
    return webviewHtml(page, randomBytes(16).toString('base64'));
  }
}

function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
  };
}

function titleOf(document: vscode.TextDocument): string {
  const file = document.uri.path.split('/').pop() ?? 'diagram';
  return `Diagram: ${file}`;
}

function decodePngDataUrl(data: string): Uint8Array | undefined {
  const prefix = 'data:image/png;base64,';
  if (!data.startsWith(prefix)) return undefined;
  const bytes = Buffer.from(data.slice(prefix.length), 'base64');
  const signature = [0x89, 0x50, 0x4e, 0x47];
  return signature.every((b, i) => bytes[i] === b) ? new Uint8Array(bytes) : undefined;
}
