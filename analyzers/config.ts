import { z } from 'zod';
import type { Diagnostic } from '../language/diagnostic';
import { nearest } from '../language/suggest';
import { ALL_RULES } from './registry';

/*
 * `faultline.json`: per-rule severities and limits, shared by the CLI and the language server.
 * Strict on purpose: a misspelt key or rule id would otherwise be ignored silently and the user would
 * believe a rule is off when it is not.
 */

export const RULE_SETTINGS = ['off', 'error', 'warning', 'info'] as const;
export type RuleSetting = (typeof RULE_SETTINGS)[number];

/** Π(retry+1) above this along a call chain fires `retry/amplification` (SPEC §2); defined with the rules. */
export { DEFAULT_AMPLIFICATION_LIMIT } from './rules/defaults';

export const CONFIG_FILE_NAME = 'faultline.json';

export const configSchema = z.strictObject({
  rules: z.record(z.string(), z.enum(RULE_SETTINGS)).optional(),
  amplificationLimit: z.number().gt(1).optional(),
});

export type FaultlineConfig = z.infer<typeof configSchema>;

export type ConfigResult = { config: FaultlineConfig } | { error: string };

/** Parses and validates a config file's text. `path` is only used to name the file in the error. */
export function parseConfig(jsonText: string, path: string): ConfigResult {
  let raw: unknown;
  try {
    // A BOM is legal in a file an editor saved but not in JSON.
    raw = JSON.parse(jsonText.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { error: `${path}: invalid JSON: ${jsonErrorText(jsonText, e)}` };
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const more = rest.length ? ` (and ${rest.length} more ${rest.length === 1 ? 'problem' : 'problems'})` : '';
    return { error: `${path}: ${issueText(first!)}${more}` };
  }
  // The ids as written: JSON.parse keeps `"__proto__"` as an own key, but zod's record assigns it, which sets
  // the prototype instead of adding an entry, so the parsed rules would not show it and it would pass unseen.
  const unknown = writtenRuleIds(raw).filter((id) => !isKnownRule(id));
  if (unknown.length) {
    const id = unknown[0]!;
    const suggestion = closestMatch(id, ALL_RULES.map((r) => r.id));
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : ' (run `faultline rules` for the list)';
    return { error: `${path}: rules.${JSON.stringify(id)}: unknown rule${hint}` };
  }
  return { config: parsed.data };
}

function writtenRuleIds(raw: unknown): string[] {
  const rules = (raw as { rules?: unknown }).rules;
  return rules && typeof rules === 'object' ? Object.keys(rules) : [];
}

// `sim/…` ids name simulator results (SPEC §4), which are not static rules, so any of them may be configured.
function isKnownRule(id: string): boolean {
  return id.startsWith('sim/') || ALL_RULES.some((r) => r.id === id);
}

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

function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `${formatJsonPath(issue.path)}: ` : '';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = Object.keys(configSchema.shape);
      return issue.keys
        .map((key) => {
          const suggestion = closestMatch(key, known);
          return `${where}unknown key ${JSON.stringify(key)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
        })
        .join('; ');
    }
    case 'invalid_value':
      return `${where}expected one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      return `${where}expected ${article(issue.expected === 'record' ? 'object' : issue.expected)}`;
    case 'too_small':
      return `${where}must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
    default:
      return `${where}${issue.message}`;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/** `rules."quorum/no-overlap"`, `amplificationLimit`, `a[0]` — the way a user would point at the value. */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      const part = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
      out += out ? `.${part}` : part;
    }
  }
  return out;
}

// Node 20's JSON.parse messages quote the whole input (several lines); keep one line and, where V8 gives a
// character offset, turn it into line:column.
function jsonErrorText(text: string, e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/, ".*$/, '');
  const at = /at position (\d+)/.exec(message);
  if (!at) return lowerFirst(message);
  const offset = Number(at[1]);
  const before = text.slice(0, offset).split('\n');
  const where = `line ${before.length} column ${before[before.length - 1]!.length + 1}`;
  return lowerFirst(message.replace(/ in JSON at position \d+.*$| at position \d+.*$/, '')) + ` at ${where}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The rule id or key a typo was probably meant as. Also catches a rule name given without its category. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  return candidates.find((c) => c.toLowerCase().endsWith(`/${lower}`)) ?? nearest(word, candidates);
}
