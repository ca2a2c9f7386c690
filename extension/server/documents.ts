import { TextDocuments } from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { finishDiagnostics, type CheckResult } from '../../analyzers/check';
import { clipMessages } from '../../analyzers/limits';
import { RULES } from '../../analyzers/registry';
import { runRules } from '../../analyzers/run-rules';
import type { Diagnostic } from '../../language/diagnostic';
import { commonPrefix, commonSuffix, reparseSteps, type ParsedText } from '../../language/incremental';
import { buildModelSteps, type StatementReads } from '../../language/model/build';
import type { Position, Range } from '../../language/range';
import type { ResolvedConfig } from './config';
import { SyntaxIndex } from './syntax-index';
import { doingNow, stepEnded } from './trace';

/*
 * Open documents (incremental sync through `TextDocuments`) and the one analysis per (uri, version) that every
 * feature shares: diagnostics, hover, completion, navigation, symbols and tokens never re-parse on their own.
 *
 * An analysis is computed in steps (`analyze`): the text is parsed incrementally (language/incremental.ts: only
 * the top-level statements an edit touched are parsed again), the model is built and the rules run, and after
 * every few milliseconds of that work the server returns to its event loop, so requests are answered while a
 * large file is checked. A newer version (or configuration) supersedes the work in progress: it stops at its next
 * step. `get`/`syntax` still answer synchronously, finishing the work in progress rather than starting over.
 * The result is `checkText`'s, the same to the last diagnostic (test/unit/server/incremental.test.ts).
 */

export function createDocuments(): TextDocuments<TextDocument> {
  return new TextDocuments(TextDocument);
}

export interface Analysis {
  uri: string;
  version: number;
  text: string;
  /** Which configuration the diagnostics were computed with. */
  configKey: string;
  /** How long the check took (its steps, not the waits between them): the diagnostics debounce adapts to it. */
  elapsedMs: number;
  result: CheckResult;
  /** Built on demand, per top-level statement (syntax-index.ts). */
  index: SyntaxIndex;
  lines: string[];
}

/**
 * Work done before returning to the event loop, when an analysis runs in steps: SLICE_MS, or SHORT_SLICE_MS for a
 * moment after a request came in (answering takes a few turns of the event loop: reading the request, the
 * handler, writing the answer, and a slice runs between any two of them).
 */
const SLICE_MS = 8;
const SHORT_SLICE_MS = 2;
const SHORT_FOR_MS = 250;

class DocumentAnalysis implements Analysis {
  private split: string[] | undefined;
  readonly index: SyntaxIndex;
  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly configKey: string,
    public elapsedMs: number,
    readonly result: CheckResult,
  ) {
    this.index = new SyntaxIndex(result.document, result.model);
  }
  get lines(): string[] {
    this.split ??= this.text.split(/\r\n|\r|\n/);
    return this.split;
  }
}

/** One analysis being computed: its steps, run a slice at a time or to the end. */
class Job {
  result: Analysis | undefined;
  cancelled = false;
  /** Time spent in the steps so far. */
  workMs = 0;
  readonly done: Promise<Analysis | undefined>;
  private settle!: (a: Analysis | undefined) => void;
  private fail!: (e: unknown) => void;
  private driving = false;
  /** What the steps do now, for the trace (trace.ts). */
  private get step(): string {
    return `check of ${this.uri} v${this.version} (after ${this.workMs.toFixed(0)} ms of work)`;
  }

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly configKey: string,
    private readonly steps: Generator<void, Analysis, void>,
    private readonly sliceMs: () => number,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
    // Whoever waits handles a failure; a job nobody waits for must not become an unhandled rejection.
    this.done.catch(() => {});
  }

  get finished(): boolean {
    return this.result !== undefined;
  }

  /** Runs the steps for about `budgetMs`; whether the analysis is done. */
  run(budgetMs: number): boolean {
    if (this.result) return true;
    const started = performance.now();
    try {
      for (;;) {
        doingNow(() => this.step);
        const stepStarted = performance.now();
        const next = this.steps.next();
        stepEnded(stepStarted);
        if (next.done) {
          this.workMs += performance.now() - started;
          next.value.elapsedMs = this.workMs;
          this.result = next.value;
          this.settle(next.value);
          return true;
        }
        if (performance.now() - started >= budgetMs) break;
      }
    } catch (e) {
      // Parsing and model building never throw and a rule that throws is a diagnostic: this is a bug. Nothing
      // waits forever for it, and nothing retries it.
      this.cancelled = true;
      this.fail(e);
      throw e;
    }
    this.workMs += performance.now() - started;
    doingNow('after a check slice');
    return false;
  }

  /** To the end, now. */
  finish(): Analysis {
    this.run(Number.POSITIVE_INFINITY);
    return this.result!;
  }

  /** In slices, returning to the event loop between them. */
  drive(): Promise<Analysis | undefined> {
    if (!this.driving && !this.result && !this.cancelled) {
      this.driving = true;
      const slice = () => {
        if (this.cancelled || this.result) return;
        try {
          if (!this.run(this.sliceMs())) setImmediate(slice);
        } catch {
          // `done` is rejected: whoever waits for it reports the error.
        }
      };
      setImmediate(slice);
    }
    return this.done;
  }

  cancel(): void {
    if (this.result || this.cancelled) return;
    this.cancelled = true;
    this.settle(undefined);
  }
}

interface IndexState {
  steps: Generator<void, void, void>;
  done: Promise<void>;
  finish: () => void;
  running: boolean;
  /** Requests waiting for the whole index. */
  waiting: number;
}

export class AnalysisCache {
  /** The last analysis computed for each document (of its current version or an older one). */
  private readonly latestOf = new Map<string, Analysis>();
  /** The analysis being computed for each document. */
  private readonly jobs = new Map<string, Job>();
  /** The last parse of each document: the next parse starts from it. */
  private readonly parses = new Map<string, ParsedText>();
  /** What each top-level statement read as (the model reads only the statements an edit touched again). */
  private readonly reads: StatementReads = new WeakMap();
  /** Index building in steps, per analysis. */
  private readonly indexing = new WeakMap<Analysis, IndexState>();
  /** How many analyses ran (for tests and logging). */
  runs = 0;
  private lastRequest = Number.NEGATIVE_INFINITY;
  private readonly sliceMs = () => (performance.now() - this.lastRequest < SHORT_FOR_MS ? SHORT_SLICE_MS : SLICE_MS);

  constructor(private readonly configFor: (uri: string) => ResolvedConfig) {}

  /** How long a slice of stepped work runs now (shorter for a moment after a request came in). */
  slice(): number {
    return this.sliceMs();
  }

  /** A request came in: for a moment the work in progress returns to the event loop more often. */
  noteRequest(): void {
    this.lastRequest = performance.now();
  }

  /** The analysis of the document's current version with the given (or last known) configuration. */
  get(doc: TextDocument, resolved: ResolvedConfig = this.configFor(doc.uri)): Analysis {
    const cached = this.latestOf.get(doc.uri);
    if (cached && cached.version === doc.version && cached.configKey === resolved.key) return cached;
    const job = this.jobs.get(doc.uri);
    if (job && !job.cancelled && job.version === doc.version && job.configKey === resolved.key) return job.finish();
    return this.start(doc, resolved).finish();
  }

  /**
   * For features that do not depend on rule severities (navigation, completion, symbols …): any analysis of the
   * current version will do, whatever configuration it was computed with.
   */
  syntax(doc: TextDocument): Analysis {
    const cached = this.latestOf.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const job = this.jobs.get(doc.uri);
    if (job && !job.cancelled && job.version === doc.version) return job.finish();
    return this.get(doc);
  }

  /**
   * The analysis of the document's current version, computed in steps between which the server answers other
   * requests; undefined when a newer version or another configuration superseded it before it was done.
   * Without `resolved`, any configuration will do (as `syntax`).
   */
  analyze(doc: TextDocument, resolved?: ResolvedConfig): Promise<Analysis | undefined> {
    const cached = this.latestOf.get(doc.uri);
    if (cached && cached.version === doc.version && (!resolved || cached.configKey === resolved.key)) return Promise.resolve(cached);
    const job = this.jobs.get(doc.uri);
    if (job && !job.cancelled && job.version === doc.version && (!resolved || job.configKey === resolved.key)) return job.drive();
    return this.start(doc, resolved ?? this.configFor(doc.uri)).drive();
  }

  /** The last analysis there is of the document, of whatever version: what requests read while a check runs. */
  latest(uri: string): Analysis | undefined {
    return this.latestOf.get(uri);
  }

  /**
   * About how long the analysis of the document's current version still needs (from how long the last one took
   * and the work done so far); 0 when it is done, undefined when nothing is known yet.
   */
  remainingMs(doc: TextDocument): number | undefined {
    const latest = this.latestOf.get(doc.uri);
    if (latest?.version === doc.version) return 0;
    if (!latest) return undefined;
    const job = this.jobs.get(doc.uri);
    const done = job && !job.cancelled && job.version === doc.version ? job.workMs : 0;
    return Math.max(0, latest.elapsedMs - done);
  }

  /** The document changed: work on an older version stops (its parse is kept). */
  changed(doc: TextDocument): void {
    const job = this.jobs.get(doc.uri);
    if (job && job.version !== doc.version) {
      job.cancel();
      this.jobs.delete(doc.uri);
    }
  }

  /**
   * Indexes the rest of an analysis in steps while nothing else is to be done: while it is the document's latest
   * and no newer check runs (what the editor asks after a change — semantic tokens, the outline — reads the whole
   * index). Its lines are split at the end, for completion.
   */
  indexLater(analysis: Analysis): void {
    this.runIndex(analysis, this.indexState(analysis));
  }

  /** The analysis once its whole index is built — in steps, so other requests are answered meanwhile. */
  async indexed(analysis: Analysis): Promise<Analysis> {
    if (analysis.index.done) return analysis;
    const state = this.indexState(analysis);
    state.waiting++;
    try {
      this.runIndex(analysis, state);
      await state.done;
    } finally {
      state.waiting--;
    }
    return analysis;
  }

  private indexState(analysis: Analysis): IndexState {
    let state = this.indexing.get(analysis);
    if (!state) {
      let finish!: () => void;
      const done = new Promise<void>((resolve) => (finish = resolve));
      state = { steps: analysis.index.buildSteps(), done, finish, running: false, waiting: 0 };
      this.indexing.set(analysis, state);
    }
    return state;
  }

  private runIndex(analysis: Analysis, state: IndexState): void {
    if (state.running) return;
    state.running = true;
    const slice = () => {
      // Unless a request waits for it, the index of an analysis a newer check will replace can wait.
      const job = this.jobs.get(analysis.uri);
      if (state.waiting === 0 && (this.latestOf.get(analysis.uri) !== analysis || (job && !job.cancelled && !job.finished))) {
        state.running = false;
        return;
      }
      const started = performance.now();
      const budget = this.sliceMs();
      try {
        for (;;) {
          if (state.steps.next().done) {
            void analysis.lines;
            state.finish();
            return;
          }
          if (performance.now() - started >= budget) break;
        }
      } catch {
        // A bug in the index: whoever reads it next rebuilds what is missing, and meets the error in its handler.
        state.finish();
        return;
      }
      setImmediate(slice);
    };
    setImmediate(slice);
  }

  delete(uri: string): void {
    this.jobs.get(uri)?.cancel();
    this.jobs.delete(uri);
    this.latestOf.delete(uri);
    this.parses.delete(uri);
  }

  /** Forget every analysis (the configuration changed); the parses are kept, they do not depend on it. */
  clear(): void {
    for (const job of this.jobs.values()) job.cancel();
    this.jobs.clear();
    this.latestOf.clear();
  }

  private start(doc: TextDocument, resolved: ResolvedConfig): Job {
    this.jobs.get(doc.uri)?.cancel();
    const job = new Job(doc.uri, doc.version, resolved.key, this.steps(doc.uri, doc.version, doc.getText(), resolved), this.sliceMs);
    this.jobs.set(doc.uri, job);
    return job;
  }

  /** `checkText(text, { config })` in steps, from the document's last parse. */
  private *steps(uri: string, version: number, text: string, resolved: ResolvedConfig): Generator<void, Analysis, void> {
    const config = resolved.config;
    const parsed = yield* reparseSteps(this.parses.get(uri), text);
    // Kept even if this analysis is superseded: the next one starts from it.
    this.parses.set(uri, parsed);
    const document = parsed.document;
    const model = yield* buildModelSteps(document, this.reads);
    // From here on as checkText (analyzers/check.ts), one rule per step, then its own finishing; a test holds the two equal.
    const all: Diagnostic[] = model.diagnostics.map(clipMessages);
    for (const rule of RULES) {
      doingNow(() => `rule ${rule.id}`);
      for (const d of runRules(model, [rule], config)) all.push(clipMessages(d));
      yield;
    }
    yield;
    const result: CheckResult = { document, model, ...finishDiagnostics(all, document, text, config) };
    const analysis = new DocumentAnalysis(uri, version, text, resolved.key, 0, result);
    this.runs++;
    this.latestOf.set(uri, analysis);
    if (this.jobs.get(uri)?.version === version) this.jobs.delete(uri);
    return analysis;
  }
}

/**
 * Which lines changed between the text of an analysis and the document's text now: lines `first`…`oldLast` of
 * the old text became `first`…`newLast`; the lines before are the same, and so are the lines after (moved by
 * `newLast - oldLast`), character for character. Found from the common start and end of the two texts, so it
 * also covers several edits made since (everything between them counts as changed).
 */
export interface LineEdit {
  first: number;
  oldLast: number;
  newLast: number;
}

export function lineEdit(before: string, after: string): LineEdit | undefined {
  if (before === after) return undefined;
  const p = commonPrefix(before, after);
  const q = commonSuffix(before, after, p);
  // At a `\r` the edit may have split or joined a `\r\n`: the lower of the two counts.
  const first = Math.min(lineAt(before, p), lineAt(after, p));
  return { first, oldLast: lineAt(before, before.length - q), newLast: lineAt(after, after.length - q) };
}

/** The line of the character at `offset` (line breaks `\r\n`, `\r`, `\n`, as LSP counts them). */
function lineAt(text: string, offset: number): number {
  let line = 0;
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    return line;
  }
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    // A `\r` before `\n` is counted with the `\n` (or not at all, when the `\n` is at `offset`).
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
  }
  return line;
}

const edits = new WeakMap<Analysis, { version: number; edit: LineEdit | undefined }>();

/** `lineEdit` from the analysis's text to the document's, once per version of the document. */
export function editSince(analysis: Analysis, doc: TextDocument): LineEdit | undefined {
  const known = edits.get(analysis);
  if (known?.version === doc.version) return known.edit;
  const edit = lineEdit(analysis.text, doc.getText());
  edits.set(analysis, { version: doc.version, edit });
  return edit;
}

/** Where a position of the current text is in the old one; undefined on a changed line. */
export function toOldPosition(edit: LineEdit | undefined, p: Position): Position | undefined {
  if (!edit || p.line < edit.first) return p;
  if (p.line > edit.newLast) return { line: p.line - (edit.newLast - edit.oldLast), character: p.character };
  return undefined;
}

/** Where a range of the old text is now; undefined when it touches a changed line. */
export function toNewRange(edit: LineEdit | undefined, r: Range): Range | undefined {
  if (!edit) return r;
  const move = (p: Position): Position | undefined =>
    p.line < edit.first ? p : p.line > edit.oldLast ? { line: p.line + (edit.newLast - edit.oldLast), character: p.character } : undefined;
  const start = move(r.start);
  const end = move(r.end);
  if (!start || !end || (start.line < edit.first) !== (end.line < edit.first)) return undefined;
  return { start, end };
}

/** The analysis with one line of it replaced (completion on the line being typed, from the last analysis). */
export function withLine(a: Analysis, line: number, text: string): Analysis {
  const lines = a.lines.slice();
  lines[line] = text;
  return { uri: a.uri, version: a.version, text: a.text, configKey: a.configKey, elapsedMs: a.elapsedMs, result: a.result, index: a.index, lines };
}
