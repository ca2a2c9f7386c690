import type * as z from 'zod';
import { nearest } from '../../language/suggest';
import { ALL_RULES } from '../registry';
import { configSchema, type ConfigResult } from './schema';

/*
 * Parsing and validation of `faultline.json` (and of the same settings given on the command line or in the
 * editor): JSON, then the schema of `schema.ts`, then rule ids against the registry, with messages that point at
 * the value the way a user would write it. Imports the registry, so no rule may import this module.
 */

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
