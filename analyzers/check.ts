import type { ArchDocument } from '../language/ast';
import { compareStrings } from '../language/compare';
import type { Diagnostic } from '../language/diagnostic';
import { buildModel } from '../language/model/build';
import type { ArchModel } from '../language/model/types';
import { reparse } from '../language/incremental';
import { comparePositions } from '../language/range';
import { applySeverity, type FaultlineConfig } from './config/schema';
import { capFindings, clipMessages, PerRuleCap, type DroppedFindings } from './limits';
import { RULES } from './registry';
import type { Rule } from './rules/types';
import { runRules } from './run-rules';
import { isSuppressed, readSuppressions } from './suppress';

export interface CheckOptions {
  /** Rule severities and limits; defaults apply where absent. */
  config?: FaultlineConfig;
  /** The rules to run; default: every registered rule (`RULES`). Tests pass their own, e.g. one that throws. */
  rules?: readonly Rule[];
  /**
   * Keep at most MAX_FINDINGS_PER_RULE per rule and MAX_FINDINGS_PER_FILE in all (analyzers/limits.ts); default
   * true. `check --fix` passes false: it must see every fixable finding, and caps what it reports afterwards.
   */
  cap?: boolean;
  /**
   * With `cap: false`, for a caller that caps what it reports in an order of its own (the CLI): of each rule only
   * the first MAX_FINDINGS_PER_RULE in `capInOrder` are kept as the rules report them, and the others are counted
   * in `dropped` (analyzers/limits.ts `PerRuleCap`), so that a file with tens of thousands of findings never
   * holds them all. `capFindings` over the result in that order then keeps exactly what it keeps over all of them.
   */
  capInOrder?: (a: Diagnostic, b: Diagnostic) => number;
  /**
   * Called with the model before any rule runs; it may throw to stop the check there (`faultline diagram` refuses
   * a design too large to draw before spending the rules' time on it).
   */
  beforeRules?: (model: ArchModel) => void;
}

export interface CheckResult {
  document: ArchDocument;
  model: ArchModel;
  diagnostics: Diagnostic[];
  /** What the cap left out of `diagnostics`, counted by rule and severity; empty when nothing was. */
  dropped: DroppedFindings[];
}

/** Text in, diagnostics out: the pipeline the CLI and the language server share (text → tree → model → rules). */
export function checkText(text: string, options: CheckOptions = {}): CheckResult {
  const config = options.config ?? {};
  // In pieces of whole top-level statements (language/incremental.ts), the tree `parse(text)` gives: the lexer's
  // tokens of one piece are garbage before the next is read, where `parse(text)` holds every token of the file
  // at once (about 40% of the peak memory of a large file, issue 13). Faster too.
  const document = reparse(undefined, text).document;
  const model = buildModel(document);
  options.beforeRules?.(model);
  const rules = options.rules ?? RULES;
  if (options.capInOrder && options.cap === false) {
    const suppressions = readSuppressions(document.comments, text);
    const capper = new PerRuleCap(options.capInOrder);
    // What `finishDiagnostics` does to each finding (clip, drop the suppressed, configured severity), as it comes.
    const sink = {
      push(d: Diagnostic): void {
        const clipped = clipMessages(d);
        if (isSuppressed(clipped, suppressions)) return;
        for (const kept of applySeverity([clipped], config)) capper.add(kept);
      },
    };
    for (const d of model.diagnostics) sink.push(d);
    runRules(model, rules, config, sink);
    const { diagnostics, dropped } = capper.finish();
    return { document, model, diagnostics: finishDiagnostics(diagnostics, document, text, config, false).diagnostics, dropped };
  }
  const all = [...model.diagnostics, ...runRules(model, rules, config)].map(clipMessages);
  return { document, model, ...finishDiagnostics(all, document, text, config, options.cap !== false) };
}

/**
 * What follows the rules, for `checkText` and for the language server's check in steps (one copy of it): drop the
 * suppressed, apply the configured severities, order totally, cap.
 */
export function finishDiagnostics(all: readonly Diagnostic[], document: ArchDocument, text: string, config: FaultlineConfig, cap = true): Pick<CheckResult, 'diagnostics' | 'dropped'> {
  const suppressions = readSuppressions(document.comments, text);
  const kept = applySeverity(
    all.filter((d) => !isSuppressed(d, suppressions)),
    config,
  );
  // A total order on what a diagnostic says, so the order never depends on the order the rules ran or reported in.
  kept.sort(
    (a, b) =>
      comparePositions(a.range.start, b.range.start) ||
      compareStrings(a.rule, b.rule) ||
      comparePositions(a.range.end, b.range.end) ||
      compareStrings(a.message, b.message),
  );
  if (!cap) return { diagnostics: kept, dropped: [] };
  return capFindings(kept);
}
