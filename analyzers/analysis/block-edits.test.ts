import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../language/edits';
import { buildModelFromText } from '../../language/model/build';
import { insertProperty } from './block-edits';

/** Inserts `ttl 5m` into the first element and returns the text, which must still build without errors. */
function insert(code: string): string {
  const model = buildModelFromText(code);
  const element = [...model.elements.values()][0]!;
  const fixed = applyEdits(code, [insertProperty(element.statement, 'ttl 5m', model.document)]).text;
  assert.deepEqual(buildModelFromText(fixed).diagnostics.map((d) => d.message), []);
  return fixed;
}

describe('insertProperty', () => {
  it('opens a block', () => assert.equal(insert('cache c'), 'cache c { ttl 5m }'));
  it('fills an empty one-line block', () => assert.equal(insert('cache c {}'), 'cache c { ttl 5m }'));
  it('fills an empty multi-line block', () => assert.equal(insert('cache c {\n}'), 'cache c {\n  ttl 5m\n}'));
  it('continues a one-line block', () => assert.equal(insert('cache c { replicas 2 }'), 'cache c { replicas 2; ttl 5m }'));
  it('adds a line before a lone `}`, at the block indentation', () =>
    assert.equal(insert('cache c {\n    replicas 2 // two\n}\n'), 'cache c {\n    replicas 2 // two\n    ttl 5m\n}\n'));
  it('continues the last line when `}` shares it', () => assert.equal(insert('cache c {\n  replicas 2 }'), 'cache c {\n  replicas 2; ttl 5m }'));
  it('first statement on the `{` line', () => assert.equal(insert('cache c { replicas 2\n}'), 'cache c { replicas 2\n  ttl 5m\n}'));
});
