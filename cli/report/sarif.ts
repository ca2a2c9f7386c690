import type * as Sarif from 'sarif';
import type { Diagnostic, Severity } from '../../language/diagnostic';
import type { Range } from '../../language/range';
import type { RuleMeta } from '../../analyzers/rules/types';
import { INFORMATION_URI, VERSION } from '../version';
import { droppedText, type FileReport } from './model';

/*
 * SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps). One run; every rule of the catalog is listed
 * (not only those that fired) so a viewer can show the rule's help for any result, and results point
 * into that list by index.
 */

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

export function toSarif(files: readonly FileReport[], rules: readonly RuleMeta[]): Sarif.Log {
  const descriptors = rules.map(describeRule);
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  // A diagnostic of a rule the catalog does not list (a `sim/…` result) still needs a descriptor for ruleIndex.
  const ruleIndex = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = descriptors.push({ id, shortDescription: { text: id } }) - 1;
      index.set(id, i);
    }
    return i;
  };
  const results: Sarif.Result[] = [];
  // What the output limits left out (analyzers/limits.ts): not results (there are none to point at), but one
  // notification per file, rule and severity in the run's invocation, which viewers show with the run.
  const notifications: Sarif.Notification[] = [];
  for (const file of files) {
    for (const d of file.diagnostics) results.push(toResult(file.path, d, ruleIndex(d.rule)));
    for (const d of file.dropped ?? []) {
      notifications.push({
        level: 'note',
        message: { text: sarifText(`${file.path}: ${droppedText(d)}`) },
        locations: [{ physicalLocation: { artifactLocation: { uri: toUri(file.path) } } }],
        associatedRule: { id: d.rule, index: ruleIndex(d.rule) },
        properties: { truncatedCount: d.count, severity: d.severity },
      });
    }
  }
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'faultline', informationUri: INFORMATION_URI, version: VERSION, semanticVersion: VERSION, rules: descriptors } },
        results,
        ...(notifications.length ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }] } : {}),
      },
    ],
  };
}

export function formatSarif(files: readonly FileReport[], rules: readonly RuleMeta[]): string {
  return JSON.stringify(toSarif(files, rules), null, 2) + '\n';
}

function describeRule(rule: RuleMeta): Sarif.ReportingDescriptor {
  const explain = `faultline explain ${rule.id}`;
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.fixable ? `${rule.description} (a fix is available: faultline check --fix)` : rule.description },
    help: { text: `${rule.description}\nRun \`${explain}\` for details.`, markdown: `${rule.description}\n\nRun \`${explain}\` for details.` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
  };
}

/**
 * A message as SARIF plain text (§3.11.6): `[text](target)` in it is an embedded link, which viewers such as code
 * scanning render, so a literal `[` or `]` — a design's title quoted in a finding, `[docs](https://…)` — is escaped
 * with a backslash, and so is a backslash before one, so the text reads as written and links nowhere.
 */
export function sarifText(text: string): string {
  return text.replace(/\\(?=[[\]])/g, '\\\\').replace(/[[\]]/g, (c) => `\\${c}`);
}

function toResult(path: string, d: Diagnostic, ruleIndex: number): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: d.rule,
    ruleIndex,
    level: LEVEL[d.severity],
    message: { text: sarifText(d.message) },
    locations: [location(path, d.range)],
  };
  if (d.related?.length) {
    result.relatedLocations = d.related.map((r, id) => ({ id, ...location(r.path ?? path, r.range), message: { text: sarifText(r.message) } }));
  }
  return result;
}

function location(path: string, range: Range): Sarif.Location {
  return { physicalLocation: { artifactLocation: { uri: toUri(path) }, region: toRegion(range) } };
}

/** SARIF regions are 1-based and endColumn is exclusive, so LSP's exclusive 0-based end maps by +1. */
export function toRegion(range: Range): Sarif.Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** A relative URI reference: forward slashes, each segment percent-encoded (spaces, `#`, `%`). */
function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
