import { isAbsolute, resolve } from 'node:path';
import { checkText } from '../../analyzers/check';
import { capFindings, mergeDropped, type CappedFindings } from '../../analyzers/limits';
import { applySeverity, parseConfig, type FaultlineConfig } from '../../analyzers/config';
import { ALL_RULES } from '../../analyzers/registry';
import { compareStrings } from '../../language/compare';
import { comparePositions } from '../../language/range';
import type { Diagnostic, Severity } from '../../language/diagnostic';
import { loadConfig } from '../config-file';
import { CliError, EXIT_OK, EXIT_PROBLEMS } from '../errors';
import { displayPath, encodeSource, findArchFiles, readSource, type SourceFile } from '../files';
import { fixUntilStable } from '../fix';
import type { CliIo } from '../io';
import { colorEnabled } from '../report/colors';
import { formatJson } from '../report/json';
import { summarize, type FileReport } from '../report/model';
import { formatText } from '../report/text';
import { writeFileAtomic } from '../write-file';
import type { Format } from './formats';

export { FORMATS, type Format } from './formats';

export interface CheckCommandOptions {
  format: Format;
  output?: string;
  config?: string;
  fix?: boolean;
  maxWarnings?: number;
  /** `--rule ID=SEVERITY`, repeatable: wins over faultline.json. */
  rule?: string[];
  /** `--amplification-limit N`: wins over faultline.json. */
  amplificationLimit?: number;
  /** False with `--no-color`. */
  color: boolean;
}

/** `faultline check`: returns the exit code; throws CliError for usage errors and unreadable input. */
export async function runCheck(paths: string[], options: CheckCommandOptions, io: CliIo): Promise<number> {
  const { config: fromFile } = await loadConfig(options.config, io.cwd);
  const config = withFlags(fromFile, options);
  const { files, notes } = await findArchFiles(paths, io.cwd);
  for (const note of notes) io.stderr.write(`faultline: note: ${note}\n`);
  // Everything is read before anything is checked or written: unreadable input fails the run as a whole.
  const sources: SourceFile[] = [];
  // A file that is not UTF-8 is one `encoding` finding (the other files are still checked) and never fixed.
  for (const file of files) sources.push(await readSource(file, io.cwd, { allowInvalidEncoding: true }));

  const reports: FileReport[] = [];
  let fixes = 0;
  let fixedFiles = 0;
  for (const source of sources) {
    if (source.invalidEncoding) {
      const { message, range } = source.invalidEncoding;
      reports.push({ path: source.display, text: source.text, diagnostics: [{ rule: 'encoding', severity: 'error', message, range }] });
      continue;
    }
    const check = (text: string) => relatedPathsFromCwd(checkDiagnostics(text, config, source.display), io.cwd);
    if (!options.fix) {
      // Capped while the rules run (what the cap would drop is only counted), then as always.
      const found = checkDiagnosticsCapped(source.text, config, source.display);
      const capped = capFindings(relatedPathsFromCwd(found.diagnostics, io.cwd));
      reports.push({ path: source.display, text: source.text, diagnostics: capped.diagnostics, dropped: mergeDropped(found.dropped, capped.dropped) });
      continue;
    }
    const fixed = fixUntilStable(source.text, check);
    if (fixed.text !== source.text) {
      await writeFileAtomic(source.absolute, encodeSource(source, fixed.text), source.display);
      fixes += fixed.applied;
      fixedFiles++;
    }
    // The check is not capped, so fixing sees every fixable finding; the report is (analyzers/limits.ts).
    reports.push({ path: source.display, text: fixed.text, ...capFindings(fixed.diagnostics) });
  }
  if (options.fix && fixes > 0) {
    io.stderr.write(`faultline: fixed ${fixes} ${fixes === 1 ? 'problem' : 'problems'} in ${fixedFiles} ${fixedFiles === 1 ? 'file' : 'files'}\n`);
  }

  const toFile = options.output !== undefined;
  // A report file never gets escape codes, whatever FORCE_COLOR says.
  const rendered = await render(reports, options.format, !toFile && colorEnabled(io.stdout.isTTY, io.env, options.color));
  if (toFile) await writeFileAtomic(resolve(io.cwd, options.output!), rendered, options.output!, { makeDirectory: true });
  else io.stdout.write(rendered);

  const summary = summarize(reports);
  if (summary.errors > 0) return EXIT_PROBLEMS;
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    io.stderr.write(`faultline: too many warnings (${summary.warnings}, maximum ${options.maxWarnings})\n`);
    return EXIT_PROBLEMS;
  }
  return EXIT_OK;
}

/** Every diagnostic of one text (not capped: the caller caps what it reports), config applied, in reading order. */
export function checkDiagnostics(text: string, config: FaultlineConfig | undefined, display = '<text>'): Diagnostic[] {
  return checkSorted(text, config, display, false).diagnostics;
}

/**
 * `checkDiagnostics` without the findings `capFindings` would drop from it for their rule's limit, which are
 * counted in `dropped` instead: `capFindings` over `diagnostics` keeps the same findings as over all of them.
 */
export function checkDiagnosticsCapped(text: string, config: FaultlineConfig | undefined, display = '<text>'): CappedFindings {
  return checkSorted(text, config, display, true);
}

function checkSorted(text: string, config: FaultlineConfig | undefined, display: string, capPerRule: boolean): CappedFindings {
  let found: CappedFindings;
  try {
    found = checkText(text, { config, cap: false, ...(capPerRule ? { capInOrder: compareWithinRule } : {}) });
  } catch (error) {
    // A crash in a rule is a bug, but the user needs to know which file triggered it.
    throw new CliError(`internal error while checking '${display}': ${error instanceof Error ? error.message : String(error)}`);
  }
  return { diagnostics: sortDiagnostics(applySeverity(found.diagnostics, config)), dropped: found.dropped };
}

/** Reports print every path relative to the working directory; a related place in another file may be absolute. */
function relatedPathsFromCwd(diagnostics: Diagnostic[], cwd: string): Diagnostic[] {
  return diagnostics.map((d) =>
    d.related?.some((r) => r.path && isAbsolute(r.path))
      ? { ...d, related: d.related.map((r) => (r.path && isAbsolute(r.path) ? { ...r, path: displayPath(r.path, cwd) } : r)) }
      : d,
  );
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * The order `sortDiagnostics` leaves two findings of one rule in, after `finishDiagnostics`' (start, rule, end,
 * message): by start, severity, end, message (ties in the order reported, both sorts being stable).
 */
function compareWithinRule(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    comparePositions(a.range.end, b.range.end) ||
    compareStrings(a.message, b.message)
  );
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      compareStrings(a.rule, b.rule),
  );
}

async function render(reports: FileReport[], format: Format, color: boolean): Promise<string> {
  switch (format) {
    case 'json':
      return formatJson(reports);
    case 'sarif': {
      // Loaded only for SARIF: most runs print text or JSON.
      const { formatSarif } = await import('../report/sarif');
      return formatSarif(reports, ALL_RULES);
    }
    case 'text':
      return formatText(reports, { color });
  }
}

/**
 * `--rule ID=SEVERITY` and `--amplification-limit N` on top of the config file, checked like the file's own
 * entries (a misspelt rule id is a usage error with a suggestion, not a silently ignored flag).
 */
export function withFlags(config: FaultlineConfig | undefined, options: Pick<CheckCommandOptions, 'rule' | 'amplificationLimit'>): FaultlineConfig | undefined {
  if (!options.rule?.length && options.amplificationLimit === undefined) return config;
  const flags: Record<string, unknown> = {};
  if (options.rule?.length) {
    // No prototype: `rules['__proto__'] = …` must make an entry (and be rejected as an unknown rule), not be lost.
    const rules = Object.create(null) as Record<string, string>;
    for (const entry of options.rule) {
      const at = entry.lastIndexOf('=');
      if (at <= 0) throw new CliError(`--rule expects ID=SEVERITY (e.g. --rule quorum/no-overlap=warning), got '${entry}'`);
      rules[entry.slice(0, at)] = entry.slice(at + 1);
    }
    flags.rules = rules;
  }
  if (options.amplificationLimit !== undefined) flags.amplificationLimit = options.amplificationLimit;
  const parsed = parseConfig(JSON.stringify(flags), 'command line');
  if ('error' in parsed) throw new CliError(parsed.error.replace(/^command line: rules\./, '--rule ').replace(/^command line: /, ''));
  return {
    ...config,
    ...parsed.config,
    ...(config?.rules || parsed.config.rules ? { rules: { ...config?.rules, ...parsed.config.rules } } : {}),
  };
}
