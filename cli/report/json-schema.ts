import * as z from 'zod';

/*
 * The `check --format json` shape of SPEC §3, strict: it is a public contract that CI scripts parse, so
 * the tests validate real output against it and any extra field is a deliberate change made here.
 */

const position = z.strictObject({ line: z.int().nonnegative(), character: z.int().nonnegative() });

const jsonDiagnostic = z.strictObject({
  rule: z.string().min(1),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  range: z.strictObject({ start: position, end: position }),
});

const count = z.int().nonnegative();

/** Findings of one rule and severity left out by the output limits (analyzers/limits.ts). */
const jsonTruncated = z.strictObject({
  rule: z.string().min(1),
  severity: z.enum(['error', 'warning', 'info']),
  count: z.int().positive(),
});

const jsonFile = z.strictObject({
  path: z.string().min(1),
  diagnostics: z.array(jsonDiagnostic),
  /** Added after version 1 shipped, optional so reports without truncation keep the original shape. */
  truncated: z.array(jsonTruncated).min(1).optional(),
});

export const jsonReportSchema = z
  .strictObject({
    version: z.literal(1),
    files: z.array(jsonFile),
    // errors/warnings/infos count every finding, listed or truncated; `truncated` is how many are not listed.
    summary: z.strictObject({ files: count, errors: count, warnings: count, infos: count, truncated: z.int().positive().optional() }),
  })
  .superRefine((report, ctx) => {
    const all = report.files.flatMap((f) => f.diagnostics);
    const cut = report.files.flatMap((f) => f.truncated ?? []);
    const of = (s: 'error' | 'warning' | 'info') =>
      all.filter((d) => d.severity === s).length + cut.filter((d) => d.severity === s).reduce((n, d) => n + d.count, 0);
    const truncated = cut.reduce((n, d) => n + d.count, 0);
    const expected = {
      files: report.files.length,
      errors: of('error'),
      warnings: of('warning'),
      infos: of('info'),
      truncated: truncated > 0 ? truncated : undefined,
    };
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
      if (report.summary[key] !== expected[key]) {
        ctx.addIssue({ code: 'custom', path: ['summary', key], message: `expected ${expected[key]}, got ${report.summary[key]}` });
      }
    }
  });

export type JsonReport = z.infer<typeof jsonReportSchema>;
export type JsonDiagnostic = z.infer<typeof jsonDiagnostic>;
