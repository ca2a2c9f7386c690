import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { parseTimelineWebviewMessage, TimelineHostMessageSchema, type SimOverlay, type Timeline, type TimelineHostMessage } from '../../diagram/timeline';
import { track } from './disposables';
import { webviewHtml } from './html';

/*
 * The timeline panel: the VS Code side of webview/timeline.ts (issue 11). It shows the timeline of one simulated
 * seed — the failing seed of the last run, or its first — as the language server built it from the run's history.
 * Messages from the webview are validated (diagram/timeline.ts) before anything is done: a step is passed on to the
 * diagram (which greys what is down and marks the leader), a click reveals the declaration it names, Copy puts the
 * seed on the clipboard.
 */

export const TIMELINE_VIEW_TYPE = 'faultline.timeline';

export interface TimelineShown {
  document: string;
  timeline: Timeline;
  /** The last step the webview reported (null: none), and the overlay it carried. */
  step: number | null;
  overlay: SimOverlay | null;
  /** Seeds the user copied. */
  copied: number[];
}

export class TimelinePanel {
  static current: TimelinePanel | undefined;
  /** Where each step's overlay goes (the diagram panel, when one is open). */
  static onOverlay: ((document: vscode.Uri, overlay: SimOverlay | null) => void) | undefined;
  /** Focuses the diagram's group when the diagram is on screen (true), so the timeline can open in a group below it. */
  static focusDiagram: (() => Promise<boolean>) | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private disposed = false;
  private shown: TimelineShown;

  static async show(context: vscode.ExtensionContext, document: vscode.Uri, timeline: Timeline, preserveFocus = true): Promise<TimelinePanel> {
    const existing = TimelinePanel.current;
    if (existing) {
      existing.set(document, timeline);
      existing.panel.reveal(undefined, preserveFocus);
      return existing;
    }
    // Below the diagram when it is on screen, in a group of its own: a tab in the diagram's group would hide the
    // diagram (one tab of a group is on screen), and moving a webview between groups reloads it.
    const below = (await TimelinePanel.focusDiagram?.()) === true;
    if (below) await vscode.commands.executeCommand('workbench.action.newGroupBelow');
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      titleOf(timeline),
      { viewColumn: below ? vscode.ViewColumn.Active : vscode.ViewColumn.Beside, preserveFocus: below ? false : preserveFocus },
      {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
      },
    );
    TimelinePanel.current = new TimelinePanel(context, panel, document, timeline);
    return TimelinePanel.current;
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly panel: vscode.WebviewPanel,
    private document: vscode.Uri,
    timeline: Timeline,
  ) {
    this.shown = { document: document.toString(), timeline, step: null, overlay: null, copied: [] };
    panel.webview.html = this.html();
    this.register(panel.onDidDispose(() => this.dispose()));
    this.register(panel.webview.onDidReceiveMessage((data: unknown) => this.receive(data)));
    this.register(
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.visible) this.ready = false;
      }),
    );
    void vscode.commands.executeCommand('setContext', 'faultline.timelineAvailable', true);
    track(context, { dispose: () => this.dispose() });
  }

  /** The overlay of the step shown, when the timeline is of this document. */
  overlayOf(document: vscode.Uri): SimOverlay | null {
    return this.shown.document === document.toString() ? this.shown.overlay : null;
  }

  get shownForTests(): TimelineShown {
    return this.shown;
  }

  get documentUri(): vscode.Uri {
    return this.document;
  }

  private set(document: vscode.Uri, timeline: Timeline): void {
    this.document = document;
    this.shown = { document: document.toString(), timeline, step: null, overlay: null, copied: [] };
    this.panel.title = titleOf(timeline);
    TimelinePanel.onOverlay?.(document, null);
    if (this.ready) this.post({ type: 'timeline', timeline });
  }

  private register(d: vscode.Disposable): void {
    if (this.disposed) d.dispose();
    else this.disposables.push(d);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    TimelinePanel.onOverlay?.(this.document, null);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private post(message: TimelineHostMessage): void {
    if (this.disposed) return;
    const checked = TimelineHostMessageSchema.safeParse(message);
    // A timeline the webview would drop becomes a notice, not a blank panel.
    const sent: TimelineHostMessage = checked.success ? message : { type: 'notice', text: `The timeline could not be shown: ${checked.error.issues[0]?.message ?? 'invalid'}` };
    void this.panel.webview.postMessage(sent);
  }

  private receive(data: unknown): void {
    const message = parseTimelineWebviewMessage(data, (text) => console.warn(text));
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'timeline', timeline: this.shown.timeline });
        break;
      case 'step':
        this.shown.step = message.index;
        this.shown.overlay = message.overlay;
        TimelinePanel.onOverlay?.(this.document, message.overlay);
        break;
      case 'reveal':
        void this.reveal(message.declaration);
        break;
      case 'copySeed':
        this.shown.copied.push(message.seed);
        void vscode.env.clipboard.writeText(String(message.seed));
        vscode.window.setStatusBarMessage(`Faultline: seed ${message.seed} copied`, 3000);
        break;
      case 'error':
        console.error(`faultline timeline webview: ${message.message}`);
        break;
    }
  }

  /** Shows a declaration the timeline links to in its editor. */
  private async reveal(index: number): Promise<void> {
    const declaration = this.shown.timeline.declarations[index];
    if (!declaration) return;
    const r = declaration.range;
    const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    const document = await vscode.workspace.openTextDocument(this.document);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.document.toString());
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private html(): string {
    const root = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    // The title is how the page is told apart from the diagram's (the integration suite finds its frame by it).
    const page = { webview: this.panel.webview, script: vscode.Uri.joinPath(root, 'timeline.js'), style: vscode.Uri.joinPath(root, 'timeline.css'), title: 'Simulation timeline' };
    return webviewHtml(page, randomBytes(16).toString('base64'));
  }
}

function titleOf(timeline: Timeline): string {
  return `Timeline: ${timeline.scenario} · seed ${timeline.seed}`;
}
