import type { Diagnostic } from '../language/diagnostic';
import type { ArchModel } from '../language/model/types';
import type { FaultlineConfig } from './config/schema';
import type { Rule } from './rules/types';

/**
 * Runs rules over a model. A rule that throws becomes one `internal` diagnostic naming it — never a failed
 * check or a dead language server — and the other rules still run.
 */
export function runRules(model: ArchModel, rules: readonly Rule[], config: FaultlineConfig = {}, sink?: { push(d: Diagnostic): void }): Diagnostic[] {
  // With a `sink`, each finding goes there as it is reported (and the list returned stays empty).
  const found: Diagnostic[] = [];
  const out = sink ?? found;
  for (const rule of rules) {
    if (config.rules?.[rule.id] === 'off') continue;
    try {
      rule.check({
        model,
        config,
        report: (r) =>
          out.push({
            rule: rule.id,
            severity: r.severity ?? rule.severity,
            message: r.message,
            range: r.range,
            ...(r.related?.length ? { related: r.related } : {}),
            ...(r.fixes?.length ? { fixes: r.fixes } : {}),
          }),
      });
    } catch (error) {
      out.push({
        rule: 'internal',
        severity: 'error',
        message: `rule \`${rule.id}\` failed on this file and was skipped: ${error instanceof Error ? error.message : String(error)}`,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      });
    }
  }
  return found;
}
