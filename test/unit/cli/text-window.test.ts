import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { caret, sourceWindow, SOURCE_WINDOW } from '../../../cli/report/text';

describe('text report: long lines', () => {
  it('shows a window of a long line around the range, with the caret still under it', () => {
    const line = `${'x'.repeat(5000)}BAD${'y'.repeat(5000)}`;
    const range = { start: { line: 0, character: 5000 }, end: { line: 0, character: 5003 } };
    const { text, range: shifted } = sourceWindow(line, range);
    assert.ok(text.length <= SOURCE_WINDOW + 2, `window of ${text.length} columns`);
    assert.ok(text.startsWith('…') && text.endsWith('…'));
    const mark = caret(text, shifted);
    assert.equal(text.slice(mark.indexOf('^'), mark.indexOf('^') + 3), 'BAD');
  });

  it('leaves short lines whole', () => {
    const range = { start: { line: 0, character: 2 }, end: { line: 0, character: 4 } };
    assert.deepEqual(sourceWindow('abcdef', range), { text: 'abcdef', range });
  });
});
