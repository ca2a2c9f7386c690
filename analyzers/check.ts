import type { ArchDocument } from '../language/ast';
import type { Diagnostic } from '../language/diagnostic';
import { buildModel } from '../language/model/build';
import type { ArchModel } from '../language/model/types';
import { parse } from '../language/parser';
import { comparePositions } from '../language/range';
import { applySeverity, type FaultlineConfig } from './config';
import { RULES } from './registry';
import { runRules } from './run-rules';
import { isSuppressed, readSuppressions } from './suppress';

export interface CheckOptions {
  /** Rule severities and limits; defaults apply where absent. */
  config?: FaultlineConfig;
}

export interface CheckResult {
  document: ArchDocument;
  model: ArchModel;
  diagnostics: Diagnostic[];
}

/** Text in, diagnostics out: the pipeline the CLI and the language server share (text → tree → model → rules). */
export function checkText(text: string, options: CheckOptions = {}): CheckResult {
  const config = options.config ?? {};
  const document = parse(text);
  const model = buildModel(document);
  const all = [...model.diagnostics, ...runRules(model, RULES, config)];
  const suppressions = readSuppressions(document.comments, text);
  const kept = applySeverity(
    all.filter((d) => !isSuppressed(d, suppressions)),
    config,
  );
  kept.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.rule.localeCompare(b.rule));
  return { document, model, diagnostics: kept };
}
