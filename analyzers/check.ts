import type { Diagnostic } from '../language/diagnostic';
import { parse } from '../language/parser';
import type { ArchDocument } from '../language/ast';
import type { FaultlineConfig } from './config';

export interface CheckOptions {
  /** Rule severities and limits; defaults apply where absent. */
  config?: FaultlineConfig;
}

export interface CheckResult {
  document: ArchDocument;
  diagnostics: Diagnostic[];
}

/** Text in, diagnostics out: the whole pipeline the CLI and the language server share (text → tree → model → rules). */
export function checkText(text: string, _options: CheckOptions = {}): CheckResult {
  const document = parse(text);
  const diagnostics: Diagnostic[] = document.errors.map((e) => ({
    rule: 'syntax',
    severity: 'error',
    message: e.message,
    range: e.range,
  }));
  return { document, diagnostics };
}
