import { z } from 'zod';

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

const jsonFile = z.strictObject({
  path: z.string().min(1),
  diagnostics: z.array(jsonDiagnostic),
});

const count = z.int().nonnegative();

export const jsonReportSchema = z
  .strictObject({
    version: z.literal(1),
    files: z.array(jsonFile),
    summary: z.strictObject({ files: count, errors: count, warnings: count, infos: count }),
  })
  .superRefine((report, ctx) => {
    const all = report.files.flatMap((f) => f.diagnostics);
    const expected = {
      files: report.files.length,
      errors: all.filter((d) => d.severity === 'error').length,
      warnings: all.filter((d) => d.severity === 'warning').length,
      infos: all.filter((d) => d.severity === 'info').length,
    };
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
      if (report.summary[key] !== expected[key]) {
        ctx.addIssue({ code: 'custom', path: ['summary', key], message: `expected ${expected[key]}, got ${report.summary[key]}` });
      }
    }
  });

export type JsonReport = z.infer<typeof jsonReportSchema>;
export type JsonDiagnostic = z.infer<typeof jsonDiagnostic>;
