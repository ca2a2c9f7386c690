import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../../language/diagnostic';
import { colorEnabled } from '../../../cli/report/colors';
import type { FileReport } from '../../../cli/report/model';
import { caret, formatSummary, formatText } from '../../../cli/report/text';

const range = (line: number, start: number, endLine: number, end: number) => ({
  start: { line, character: start },
  end: { line: endLine, character: end },
});

const TEXT = 'store orders-db {\n  replicas 3\n\twrite-quorum 1\n}\n';

function file(diagnostics: Diagnostic[], path = 'samples/a.arch'): FileReport {
  return { path, text: TEXT, diagnostics };
}

describe('text report', () => {
  it('prints path:line:col (1-based), severity, rule, message, the source line and a caret under the range', () => {
    const out = formatText(
      [file([{ rule: 'quorum/no-overlap', severity: 'error', message: 'W + R = 2 ≤ N = 3', range: range(1, 2, 1, 12) }])],
      { color: false },
    );
    const lines = out.split('\n');
    assert.equal(lines[0], 'samples/a.arch:2:3  error  quorum/no-overlap  W + R = 2 ≤ N = 3');
    assert.equal(lines[1], '2 |   replicas 3');
    assert.equal(lines[2], '  |   ^~~~~~~~~~');
    // The caret starts under the first character of the range and spans it.
    assert.equal(lines[2]!.indexOf('^') - lines[2]!.indexOf('|'), lines[1]!.indexOf('r') - lines[1]!.indexOf('|'));
    assert.equal(lines[2]!.slice(lines[2]!.indexOf('^')).length, 'replicas 3'.length);
  });

  it('keeps tabs before the range so the caret lines up', () => {
    assert.equal(caret('\twrite-quorum 1', range(2, 1, 2, 13)), '\t^~~~~~~~~~~~');
  });

  it('draws one caret for an empty range and stops at the line end for a multi-line range', () => {
    assert.equal(caret('abc', range(0, 1, 0, 1)), ' ^');
    assert.equal(caret('store x {', range(0, 6, 3, 1)), '      ^~~');
    assert.equal(caret('', range(0, 5, 0, 9)), '^');
  });

  it('prints related information as notes', () => {
    const out = formatText(
      [file([{ rule: 'duplicate', severity: 'error', message: 'declared twice', range: range(0, 6, 0, 15), related: [{ message: 'first declared here', range: range(2, 1, 2, 5) }] }])],
      { color: false },
    );
    assert.match(out, /\n {2}note: samples\/a\.arch:3:2 {2}first declared here\n/);
  });

  it('ends with a summary line', () => {
    const d = (severity: Diagnostic['severity']): Diagnostic => ({ rule: 'r/x', severity, message: 'm', range: range(0, 0, 0, 1) });
    const out = formatText([file([d('error'), d('warning'), d('warning')])], { color: false });
    assert.ok(out.endsWith('✖ 3 problems (1 error, 2 warnings, 0 infos)\n'));
    assert.equal(formatSummary({ files: 1, errors: 0, warnings: 0, infos: 1 }), '✖ 1 problem (0 errors, 0 warnings, 1 info)');
    assert.equal(formatText([file([]), file([], 'b.arch')], { color: false }), 'No problems in 2 files.\n');
    assert.equal(formatSummary({ files: 1, errors: 0, warnings: 0, infos: 0 }), 'No problems in 1 file.');
  });

  it('has no escape codes without color, and some with it', () => {
    const files = [file([{ rule: 'r/x', severity: 'warning', message: 'm', range: range(0, 0, 0, 5) }])];
    assert.doesNotMatch(formatText(files, { color: false }), /\x1b\[/);
    assert.match(formatText(files, { color: true }), /\x1b\[/);
  });

  it('turns color off when not a TTY, with NO_COLOR, or with --no-color', () => {
    assert.equal(colorEnabled(false, {}), false);
    assert.equal(colorEnabled(true, {}), true);
    assert.equal(colorEnabled(true, { NO_COLOR: '1' }), false);
    assert.equal(colorEnabled(true, {}, false), false);
    assert.equal(colorEnabled(false, { FORCE_COLOR: '1' }), true);
    assert.equal(colorEnabled(true, { FORCE_COLOR: '1' }, false), false);
  });
});
