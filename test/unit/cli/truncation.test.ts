import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../../analyzers/registry';
import { memoryIo } from '../../../cli/io';
import { formatJson } from '../../../cli/report/json';
import { jsonReportSchema } from '../../../cli/report/json-schema';
import type { FileReport } from '../../../cli/report/model';
import { formatSarif } from '../../../cli/report/sarif';
import { formatText } from '../../../cli/report/text';
import { run } from '../../../cli/run';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers';
import { denseMesh } from '../check/dense-mesh';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const report: FileReport = {
  path: 'mesh.arch',
  text: 'service a\n',
  diagnostics: [{ rule: 'retry/amplification', severity: 'warning', message: 'm', range }],
  dropped: [
    { rule: 'retry/amplification', severity: 'warning', count: 44_800 },
    { rule: 'retry/no-backoff', severity: 'error', count: 3 },
  ],
};

describe('truncated reports', () => {
  it('text: one line per rule with the count of findings not shown, and totals that include them', () => {
    const out = formatText([report], { color: false });
    assert.match(out, /mesh\.arch: and 44,800 more `retry\/amplification` findings not shown/);
    assert.match(out, /mesh\.arch: and 3 more `retry\/no-backoff` findings not shown/);
    assert.match(out, /✖ 44,804 problems \(3 errors, 44,801 warnings, 0 infos\); 44,803 not shown/);
  });

  it('json: a `truncated` list per file and a `truncated` total, valid against the (updated) strict schema', () => {
    const json = JSON.parse(formatJson([report, { path: 'clean.arch', text: '', diagnostics: [] }]));
    const parsed = jsonReportSchema.safeParse(json);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.deepEqual(json.files[0].truncated, [
      { rule: 'retry/amplification', severity: 'warning', count: 44_800 },
      { rule: 'retry/no-backoff', severity: 'error', count: 3 },
    ]);
    assert.equal(json.files[1].truncated, undefined, 'absent when nothing was dropped (the old shape)');
    assert.deepEqual(json.summary, { files: 2, errors: 3, warnings: 44_801, infos: 0, truncated: 44_803 });
    // A report that lies about its totals is still rejected.
    json.summary.truncated = 1;
    assert.equal(jsonReportSchema.safeParse(json).success, false);
  });

  it('sarif: a tool execution notification per dropped rule', () => {
    const log = JSON.parse(formatSarif([report], ALL_RULES));
    const notes = log.runs[0].invocations[0].toolExecutionNotifications;
    assert.equal(log.runs[0].invocations[0].executionSuccessful, true);
    assert.equal(notes.length, 2);
    assert.match(notes[0].message.text, /44,800 more `retry\/amplification` findings not shown/);
    assert.equal(notes[0].associatedRule.id, 'retry/amplification');
    assert.equal(notes[0].locations[0].physicalLocation.artifactLocation.uri, 'mesh.arch');
    assert.equal(JSON.parse(formatSarif([{ ...report, dropped: [] }], ALL_RULES)).runs[0].invocations, undefined);
  });

  it('check: a dense mesh is capped in every format', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mesh.arch'), denseMesh(40));
    const text = memoryIo(dir);
    assert.equal(await run(['check', 'mesh.arch'], text), 0, 'warnings only');
    assert.match(text.out(), /mesh\.arch: and [\d,]+ more `timeout\/exceeds-caller` findings not shown/);
    const json = memoryIo(dir);
    await run(['check', '--format', 'json', 'mesh.arch'], json);
    const parsed = JSON.parse(json.out());
    assert.ok(jsonReportSchema.safeParse(parsed).success);
    assert.ok(parsed.files[0].diagnostics.length <= 1000);
    assert.ok(parsed.summary.truncated > 0);
    const sarif = memoryIo(dir);
    await run(['check', '--format', 'sarif', 'mesh.arch'], sarif);
    const log = JSON.parse(sarif.out());
    assert.ok(log.runs[0].results.length <= 1000);
    assert.ok(log.runs[0].invocations[0].toolExecutionNotifications.length > 0);
  });
});
