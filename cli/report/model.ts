import type { DroppedFindings } from '../../analyzers/limits';
import type { Diagnostic, Severity } from '../../language/diagnostic';

/** What every reporter gets: one entry per checked file, clean files included. */
export interface FileReport {
  /** Relative to the working directory, forward slashes. */
  path: string;
  /** The checked text, so reporters can show source lines. */
  text: string;
  diagnostics: Diagnostic[];
  /** Findings past the output limits (analyzers/limits.ts): counted, not listed. */
  dropped?: DroppedFindings[];
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Findings counted above but not listed (output limits); only present when some were left out. */
  truncated?: number;
}

/** Totals of everything found, listed or not: the exit code and `--max-warnings` must not depend on the limits. */
export function summarize(files: readonly FileReport[]): Summary {
  const droppedOf = (f: FileReport, s?: Severity) => (f.dropped ?? []).reduce((n, d) => n + (s === undefined || d.severity === s ? d.count : 0), 0);
  const count = (s: Severity) => files.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === s).length + droppedOf(f, s), 0);
  const summary: Summary = { files: files.length, errors: count('error'), warnings: count('warning'), infos: count('info') };
  const truncated = files.reduce((n, f) => n + droppedOf(f), 0);
  if (truncated > 0) summary.truncated = truncated;
  return summary;
}

/** `and 44,800 more `retry/amplification` findings not shown`: one line per dropped rule, for people. */
export function droppedText(d: DroppedFindings): string {
  return `and ${countText(d.count)} more \`${d.rule}\` finding${d.count === 1 ? '' : 's'} not shown (${d.severity})`;
}

/**
 * `44800` → `44,800`: what `toLocaleString('en-US')` writes for a count, without it — its first call sets up
 * ICU's number formatting, about 8 ms of every `faultline check` that prints a summary line.
 */
export function countText(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) return n.toLocaleString('en-US');
  const digits = String(n);
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}
