import type { JsonReport } from './json-schema';
import { summarize, type FileReport } from './model';

/** SPEC §3 JSON: 0-based LSP ranges, paths relative to the working directory, clean files included. */
export function toJsonReport(files: readonly FileReport[]): JsonReport {
  return {
    version: 1,
    files: files.map((f) => ({
      path: f.path,
      // Only the contract's fields: related information and fixes are editor concerns.
      diagnostics: f.diagnostics.map((d) => ({
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        range: {
          start: { line: d.range.start.line, character: d.range.start.character },
          end: { line: d.range.end.line, character: d.range.end.character },
        },
      })),
      // Findings past the output limits (analyzers/limits.ts), counted by rule and severity; only when some were left out.
      ...(f.dropped?.length ? { truncated: f.dropped.map((d) => ({ rule: d.rule, severity: d.severity, count: d.count })) } : {}),
    })),
    summary: summarize(files),
  };
}

export function formatJson(files: readonly FileReport[]): string {
  return JSON.stringify(toJsonReport(files), null, 2) + '\n';
}
