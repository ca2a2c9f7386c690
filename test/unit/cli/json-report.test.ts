import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJson, toJsonReport } from '../../../cli/report/json';
import { jsonReportSchema } from '../../../cli/report/json-schema';
import type { FileReport } from '../../../cli/report/model';

const files: FileReport[] = [
  {
    path: 'samples/checkout.arch',
    text: 'x\ny\nz\n  store orders-db\n',
    diagnostics: [
      {
        rule: 'quorum/no-overlap',
        severity: 'error',
        message: 'W + R = 2 ≤ N = 3',
        range: { start: { line: 3, character: 2 }, end: { line: 3, character: 17 } },
        related: [{ message: 'n', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }],
        fixes: [{ title: 't', edits: [] }],
      },
      { rule: 'spof/single-replica', severity: 'warning', message: 'w', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } },
    ],
  },
  { path: 'samples/clean.arch', text: '', diagnostics: [] },
];

describe('json report', () => {
  it('has exactly the SPEC §3 shape and validates against the strict schema', () => {
    const report = JSON.parse(formatJson(files));
    assert.equal(jsonReportSchema.safeParse(report).success, true, JSON.stringify(jsonReportSchema.safeParse(report).error?.issues));
    assert.deepEqual(report.files[0].diagnostics[0], {
      rule: 'quorum/no-overlap',
      severity: 'error',
      message: 'W + R = 2 ≤ N = 3',
      range: { start: { line: 3, character: 2 }, end: { line: 3, character: 17 } },
    });
    assert.deepEqual(report.summary, { files: 2, errors: 1, warnings: 1, infos: 0 });
  });

  it('keeps ranges 0-based (LSP) and lists clean files', () => {
    const report = toJsonReport(files);
    assert.equal(report.files[0]!.diagnostics[1]!.range.start.line, 0);
    assert.equal(report.files[0]!.diagnostics[1]!.range.start.character, 0);
    assert.deepEqual(report.files[1], { path: 'samples/clean.arch', diagnostics: [] });
  });

  it('the schema rejects extra fields, 1-based mistakes it can see, and wrong summaries', () => {
    const good = toJsonReport(files);
    assert.equal(jsonReportSchema.safeParse({ ...good, extra: 1 }).success, false);
    assert.equal(jsonReportSchema.safeParse({ ...good, version: 2 }).success, false);
    assert.equal(jsonReportSchema.safeParse({ ...good, summary: { ...good.summary, errors: 0 } }).success, false);
    const negative = structuredClone(good);
    negative.files[0]!.diagnostics[0]!.range.start.line = -1;
    assert.equal(jsonReportSchema.safeParse(negative).success, false);
  });
});
