import { doingNow } from './trace';
import {
  DiagnosticSeverity,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type TextDocuments,
} from 'vscode-languageserver/node.js';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_RULE, type DroppedFindings } from '../../analyzers/limits';
import { CORE_RULES } from '../../analyzers/rules/core';
import type { Diagnostic, Fix, Severity } from '../../language/diagnostic';
import type { ConfigStore } from './config';
import type { Analysis, AnalysisCache } from './documents';
import { logError } from './safe';

export const DOCS_BASE = 'https://github.com/faultline-dev/faultline/blob/main/docs/rules/';
export const SOURCE = 'faultline';
const CORE_IDS = new Set(CORE_RULES.map((r) => r.id));

/** The rule's doc page: `docs/rules/<category>/<name>.md`, core rules under `core/`. */
export function ruleDocUrl(rule: string): string {
  return `${DOCS_BASE}${CORE_IDS.has(rule) ? `core/${rule}` : rule}.md`;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What code actions read back from a diagnostic. */
export interface DiagnosticData {
  rule: string;
  fixes: Fix[];
}

/**
 * One Information diagnostic at the top of the file per rule and severity the output limits left out
 * (`checkText` caps what it returns): the problem list says that there is more, and how much.
 */
export function droppedNotices(dropped: readonly DroppedFindings[]): LspDiagnostic[] {
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return dropped.map((d) => ({
    range: top,
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    code: d.rule,
    message: `${d.count.toLocaleString('en-US')} more \`${d.rule}\` ${d.severity} finding${d.count === 1 ? '' : 's'} not shown (at most ${MAX_FINDINGS_PER_RULE} per rule and ${MAX_FINDINGS_PER_FILE.toLocaleString('en-US')} per file; faultline check lists the counts)`,
    data: { rule: d.rule, fixes: [] } satisfies DiagnosticData,
  }));
}

export function toLspDiagnostic(d: Diagnostic, uri: string): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    source: SOURCE,
    code: d.rule,
    codeDescription: { href: ruleDocUrl(d.rule) },
    message: d.message,
    data: { rule: d.rule, fixes: d.fixes ?? [] } satisfies DiagnosticData,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  }
  return out;
}

/**
 * Diagnostics on every change, debounced per document. Each scheduled run carries a ticket; a newer edit (or
 * close) takes a new ticket, and a run whose ticket or document version is no longer current publishes nothing,
 * so results for an old version never reach the editor. The check itself runs in steps (documents.ts `analyze`):
 * requests are answered while it runs, and a newer version stops it at its next step.
 */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly tickets = new Map<string, number>();
  /** How long the last check of each document took: the debounce adapts to it. */
  private readonly lastRunMs = new Map<string, number>();
  /** When each document last changed. */
  private readonly lastChange = new Map<string, number>();
  private nextTicket = 0;
  /** Called after the diagnostics of a version were sent (the diagram notification hangs here). */
  onPublished: ((uri: string, version: number) => void) | undefined;
  /** More diagnostics for a version, published with the rules' (the stored simulations': sim-diagnostics.ts). */
  extra: ((uri: string, analysis: Analysis) => LspDiagnostic[]) | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly cache: AnalysisCache,
    private readonly config: ConfigStore,
    private readonly delayMs = 150,
  ) {}

  /**
   * The debounce follows the document's own cost, and never waits longer than the check it would save. A change
   * that comes after a pause at least as long as the last check is checked at once: had the previous change been
   * checked at once, that check would be over, so waiting saves nothing (one keystroke, then a look at the
   * Problems panel). Changes closer together than that are a burst: the check waits as long as the last one
   * took (at most `delayMs`) for the next keystroke, since a keystroke would make its work stale (it would stop
   * at its next step).
   */
  delayFor(uri: string, now = performance.now()): number {
    const last = this.lastRunMs.get(uri);
    if (last === undefined) return this.delayMs;
    const since = now - (this.lastChange.get(uri) ?? Number.NEGATIVE_INFINITY);
    return since >= last ? 0 : Math.min(this.delayMs, Math.round(last));
  }

  /** After a change of the document (the delay adapts to the pace of changes), or now and then with `delayMs`. */
  schedule(uri: string, delayMs?: number): void {
    if (delayMs === undefined) {
      const now = performance.now();
      delayMs = this.delayFor(uri, now);
      this.lastChange.set(uri, now);
      const doc = this.documents.get(uri);
      if (doc) this.cache.changed(doc);
    }
    const previous = this.timers.get(uri);
    if (previous) clearTimeout(previous);
    const ticket = ++this.nextTicket;
    this.tickets.set(uri, ticket);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.run(uri, ticket).catch((e) => logError(this.connection, 'diagnostics', e));
      }, delayMs),
    );
  }

  /** Re-check every open document (configuration changed). */
  scheduleAll(delayMs = 0): void {
    for (const doc of this.documents.all()) this.schedule(doc.uri, delayMs);
  }

  close(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    this.tickets.delete(uri);
    this.lastRunMs.delete(uri);
    this.lastChange.delete(uri);
    this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch((e: unknown) => logError(this.connection, 'publishDiagnostics', e));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private current(uri: string, ticket: number, version: number): boolean {
    return this.tickets.get(uri) === ticket && this.documents.get(uri)?.version === version;
  }

  private async run(uri: string, ticket: number): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc || this.tickets.get(uri) !== ticket) return;
    const version = doc.version;
    const resolved = await this.config.resolve(uri);
    let analysis: Analysis | undefined;
    while (!analysis) {
      if (!this.current(uri, ticket, version)) return;
      // Undefined when superseded: by a newer version (then not current), or by a check of this version with
      // another configuration (a request's): then ours again.
      analysis = await this.cache.analyze(this.documents.get(uri)!, resolved);
    }
    // The check's own time, even when a request started it first.
    this.lastRunMs.set(uri, analysis.elapsedMs);
    // Changes that have already arrived take their ticket first, so a burst publishes only its last version.
    await new Promise((done) => setImmediate(done));
    if (!this.current(uri, ticket, version)) return;
    doingNow(() => `publishing ${analysis.result.diagnostics.length} diagnostics`);
    const diagnostics = analysis.result.diagnostics.map((d) => toLspDiagnostic(d, uri));
    diagnostics.push(...droppedNotices(analysis.result.dropped));
    if (this.extra) {
      try {
        diagnostics.push(...this.extra(uri, analysis));
      } catch (e) {
        // The rules' diagnostics still go out.
        logError(this.connection, 'simulation diagnostics', e);
      }
    }
    await this.connection.sendDiagnostics({ uri, version, diagnostics });
    // Still the current version: a change while sending would have taken a new ticket.
    if (this.current(uri, ticket, version)) this.onPublished?.(uri, version);
    // What the editor asks next (semantic tokens, outline, references) reads the whole index: built while idle.
    this.cache.indexLater(analysis);
  }
}
