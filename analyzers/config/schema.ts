import * as z from 'zod';
import type { Diagnostic } from '../../language/diagnostic';

/*
 * `faultline.json`: per-rule severities and limits, shared by the CLI and the language server. This module is the
 * shape only, and a leaf (zod and the core's types): the rules and `runRules` take a `FaultlineConfig`, and
 * `parse.ts` validates rule ids against the registry, which imports every rule — so the rules import this file,
 * never `parse.ts` or the folder's `index.ts`, or the imports would go round in a cycle
 * (`test/unit/import-cycles.test.ts`).
 */

export const RULE_SETTINGS = ['off', 'error', 'warning', 'info'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

/** Π(retry+1) above this along a call chain fires `retry/amplification` (SPEC §2); defined with the rules. */
export { DEFAULT_AMPLIFICATION_LIMIT } from '../rules/defaults';

export const CONFIG_FILE_NAME = 'faultline.json';

/**
 * Strict on purpose: a misspelt key or rule id would otherwise be ignored silently and the user would believe a
 * rule is off when it is not.
 */
export const configSchema = z.strictObject({
  rules: z.record(z.string(), z.enum(RULE_SETTINGS)).optional(),
  amplificationLimit: z.number().gt(1).optional(),
});

export type FaultlineConfig = z.infer<typeof configSchema>;

export type ConfigResult = { config: FaultlineConfig } | { error: string };

/** Drops diagnostics of rules set to `off` and applies configured severities. Idempotent. */
export function applySeverity(diagnostics: Diagnostic[], config: FaultlineConfig | undefined): Diagnostic[] {
  const rules = config?.rules;
  if (!rules) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const setting = Object.hasOwn(rules, d.rule) ? rules[d.rule] : undefined;
    if (setting === 'off') continue;
    out.push(setting && setting !== d.severity ? { ...d, severity: setting } : d);
  }
  return out;
}
