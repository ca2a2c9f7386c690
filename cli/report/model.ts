import type { Diagnostic, Severity } from '../../language/diagnostic';

/** What every reporter gets: one entry per checked file, clean files included. */
export interface FileReport {
  /** Relative to the working directory, forward slashes. */
  path: string;
  /** The checked text, so reporters can show source lines. */
  text: string;
  diagnostics: Diagnostic[];
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function summarize(files: readonly FileReport[]): Summary {
  const count = (s: Severity) => files.reduce((n, f) => n + f.diagnostics.filter((d) => d.severity === s).length, 0);
  return { files: files.length, errors: count('error'), warnings: count('warning'), infos: count('info') };
}
