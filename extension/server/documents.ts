import { TextDocuments } from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText, type CheckResult } from '../../analyzers/check';
import type { ResolvedConfig } from './config';
import { SyntaxIndex } from './syntax-index';

/*
 * Open documents (incremental sync through `TextDocuments`) and the one analysis per (uri, version) that every
 * feature shares: diagnostics, hover, completion, navigation, symbols and tokens never re-parse on their own.
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
  /** How long the check took: the diagnostics debounce adapts to it, whoever computed the analysis first. */
  elapsedMs: number;
  result: CheckResult;
  index: SyntaxIndex;
  lines: string[];
}

export class AnalysisCache {
  private readonly byUri = new Map<string, Analysis>();
  /** How many analyses ran (for tests and logging). */
  runs = 0;

  constructor(private readonly configFor: (uri: string) => ResolvedConfig) {}

  /** The analysis of the document's current version with the given (or last known) configuration. */
  get(doc: TextDocument, resolved: ResolvedConfig = this.configFor(doc.uri)): Analysis {
    const cached = this.byUri.get(doc.uri);
    if (cached && cached.version === doc.version && cached.configKey === resolved.key) return cached;
    return this.compute(doc, resolved);
  }

  /**
   * For features that do not depend on rule severities (navigation, completion, symbols …): any analysis of the
   * current version will do, whatever configuration it was computed with.
   */
  syntax(doc: TextDocument): Analysis {
    const cached = this.byUri.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    return this.compute(doc, this.configFor(doc.uri));
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
  }

  clear(): void {
    this.byUri.clear();
  }

  private compute(doc: TextDocument, resolved: ResolvedConfig): Analysis {
    const text = doc.getText();
    const started = performance.now();
    const result = checkText(text, { config: resolved.config });
    const elapsedMs = performance.now() - started;
    this.runs++;
    const analysis: Analysis = {
      uri: doc.uri,
      version: doc.version,
      text,
      configKey: resolved.key,
      elapsedMs,
      result,
      index: new SyntaxIndex(result.document, result.model),
      lines: text.split(/\r\n|\r|\n/),
    };
    this.byUri.set(doc.uri, analysis);
    return analysis;
  }
}
