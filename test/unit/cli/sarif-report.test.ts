import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../../analyzers/registry';
import type { FileReport } from '../../../cli/report/model';
import { sarifText, toRegion, toSarif } from '../../../cli/report/sarif';
import { VERSION } from '../../../cli/version';

const ruleId = ALL_RULES[0]!.id;
const files: FileReport[] = [
  {
    path: 'samples/my design.arch',
    text: '',
    diagnostics: [
      {
        rule: ruleId,
        severity: 'warning',
        message: 'the message',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
        related: [{ message: 'see here', range: { start: { line: 2, character: 4 }, end: { line: 2, character: 8 } } }],
      },
      { rule: 'sim/no-split-brain', severity: 'info', message: 'held', range: { start: { line: 4, character: 2 }, end: { line: 5, character: 0 } } },
    ],
  },
  { path: 'clean.arch', text: '', diagnostics: [] },
];

describe('sarif report', () => {
  const log = toSarif(files, ALL_RULES);
  const run = log.runs[0]!;

  it('is SARIF 2.1.0 with one run and the faultline driver', () => {
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema!, /sarif-2\.1\.0/);
    assert.equal(log.runs.length, 1);
    assert.equal(run.tool.driver.name, 'faultline');
    assert.equal(run.tool.driver.version, VERSION);
    assert.match(run.tool.driver.informationUri!, /^https:\/\//);
  });

  it('lists every rule of the catalog with descriptions, help and default level', () => {
    const rules = run.tool.driver.rules!;
    assert.deepEqual(rules.slice(0, ALL_RULES.length).map((r) => r.id), ALL_RULES.map((r) => r.id));
    for (const [i, meta] of ALL_RULES.entries()) {
      const r = rules[i]!;
      assert.equal(r.shortDescription?.text, meta.description);
      assert.ok(r.fullDescription?.text.startsWith(meta.description));
      assert.ok(r.help?.text.includes(meta.description) && r.help.text.includes(`faultline explain ${meta.id}`));
      assert.ok(r.help?.markdown?.includes(`faultline explain ${meta.id}`));
      assert.equal(r.defaultConfiguration?.level, { error: 'error', warning: 'warning', info: 'note' }[meta.severity]);
    }
  });

  it('maps results with ruleIndex, level, message, relative uri and 1-based regions', () => {
    const [first, second] = run.results!;
    assert.equal(first!.ruleId, ruleId);
    assert.equal(run.tool.driver.rules![first!.ruleIndex!]!.id, ruleId);
    assert.equal(first!.level, 'warning');
    assert.equal(first!.message.text, 'the message');
    const location = first!.locations![0]!.physicalLocation!;
    assert.equal(location.artifactLocation!.uri, 'samples/my%20design.arch');
    assert.deepEqual(location.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 6 });
    assert.deepEqual(first!.relatedLocations![0]!.physicalLocation!.region, { startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 });
    assert.equal(first!.relatedLocations![0]!.message!.text, 'see here');
    // A result of a rule outside the catalog gets a descriptor, so its ruleIndex stays valid.
    assert.equal(second!.level, 'note');
    assert.equal(run.tool.driver.rules![second!.ruleIndex!]!.id, 'sim/no-split-brain');
    assert.equal(second!.relatedLocations, undefined);
  });

  it('converts an LSP range to a SARIF region (1-based, exclusive end column)', () => {
    assert.deepEqual(toRegion({ start: { line: 3, character: 2 }, end: { line: 3, character: 17 } }), { startLine: 4, startColumn: 3, endLine: 4, endColumn: 18 });
  });
  it('escapes brackets in message text, where SARIF viewers read `[text](target)` as a link (§3.11.6)', () => {
    const hostile: FileReport[] = [
      {
        path: 'x.arch',
        text: '',
        diagnostics: [{ rule: ruleId, severity: 'warning', message: 'title [docs](https://example.com) and \\[', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, related: [{ message: '[x](1)', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } } }] }],
      },
    ];
    const result = toSarif(hostile, ALL_RULES).runs[0]!.results![0]!;
    assert.equal(result.message.text, 'title \\[docs\\](https://example.com) and \\\\\\[');
    assert.equal(result.relatedLocations![0]!.message!.text, '\\[x\\](1)');
    assert.equal(sarifText('no brackets, a \\ alone'), 'no brackets, a \\ alone');
  });
});
