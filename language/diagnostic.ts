import type { Range } from './range';

/**
 * The one diagnostic shape of the core. The CLI prints it, the language server maps it to LSP,
 * the simulator produces it for `sim/…` results. `rule` is the stable rule id (SPEC §2).
 */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface RelatedInformation {
  message: string;
  range: Range;
  /** Another file; absent when the related place is in the same file. */
  path?: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A mechanical fix, computed by the core so the CLI (`--fix`) and the editor apply the same edits. */
export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  related?: RelatedInformation[];
  fixes?: Fix[];
}
