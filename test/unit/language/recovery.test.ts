import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '../../../language/parser';
import { messages, r } from './helpers';

/** `kind name` of each top-level statement: what the model builder needs to find the elements. */
function elements(text: string): string[] {
  return parse(text).statements.map((s) => `${s.head} ${s.atoms[0]?.text ?? ''}`.trim());
}

describe('recovery: later elements survive an error', () => {
  const cases: Array<[string, string]> = [
    ['an unexpected character', 'service a {\n  replicas @3\n}'],
    ['a bad number', 'service a {\n  timeout 5min\n}'],
    ['an unterminated string', 'service a "Orders {\n  replicas 3\n}'],
    ['a stray value', 'service a {\n  3 replicas\n}'],
    ['a stray `}`', 'service a {\n  replicas 3\n}\n}'],
    ['a stray `{`', 'service a {\n  replicas 3\n  {\n}'],
    ['a dangling comma', 'service a {\n  zones x,\n}'],
    ['code after a block', 'service a { replicas 3 } x\n'],
  ];
  for (const [what, broken] of cases) {
    it(`after ${what}`, () => {
      const text = `region r { zones x }\n${broken}\nstore db {\n  replicas 3\n}\nqueue q { delivery at-least-once }\n`;
      const doc = parse(text);
      assert.ok(doc.errors.length > 0, 'the error is reported');
      const names = elements(text);
      assert.equal(names[0], 'region r');
      assert.deepEqual(names.slice(-2), ['store db', 'queue q']);
      const store = doc.statements.find((s) => s.head === 'store')!;
      assert.deepEqual(store.block!.statements.map((s) => [s.head, s.atoms.map((a) => a.text)]), [['replicas', ['3']]]);
    });
  }

  it('keeps the good statements of a block that holds an error', () => {
    const doc = parse('service a {\n  replicas 3\n  timeout 5min\n  zones x, y\n}');
    assert.deepEqual(doc.statements[0]!.block!.statements.map((s) => s.head), ['replicas', 'timeout', 'zones']);
    assert.deepEqual(doc.statements[0]!.block!.statements[2]!.groups.map((g) => g[0]!.text), ['x', 'y']);
  });

  it('keeps parsing after an unterminated string, at the next line', () => {
    const doc = parse('service a {\n  description "open\n  replicas 3\n}\nstore b {}');
    assert.deepEqual(messages(doc), [`missing closing '"' before the end of the line`]);
    assert.deepEqual(doc.statements[0]!.block!.statements.map((s) => s.head), ['description', 'replicas']);
    assert.deepEqual(elements('service a {\n  description "open\n  replicas 3\n}\nstore b {}'), ['service a', 'store b']);
  });
});

describe('recovery: a missing `}`', () => {
  it('ends the block at the next element of an indented file', () => {
    const text = [
      'service orders {',
      '  replicas 3',
      '  writes db',
      '',
      'store db {',
      '  replicas 3',
      '}',
      '',
      'queue q {',
      '  retention 7d',
      '}',
    ].join('\n');
    const doc = parse(text);
    assert.deepEqual(messages(doc), ["expected '}' to close `service orders` opened at 1:1"]);
    assert.deepEqual(r(doc.errors[0]!.range), [0, 15, 0, 16]);
    assert.deepEqual(elements(text), ['service orders', 'store db', 'queue q']);
    const [orders, db] = doc.statements;
    assert.deepEqual(orders!.block!.statements.map((s) => s.head), ['replicas', 'writes']);
    assert.equal(orders!.block!.closeRange, undefined);
    assert.deepEqual(r(orders!.range), [0, 0, 2, 11]);
    assert.deepEqual(db!.block!.statements.map((s) => s.head), ['replicas']);
    assert.ok(db!.block!.closeRange);
  });

  it('ends a nested block at the next statement of its parent', () => {
    const text = [
      'service a {',
      '  call b {',
      '    timeout 1s',
      '  writes db',
      '}',
      'store db {}',
    ].join('\n');
    const doc = parse(text);
    assert.deepEqual(messages(doc), ["expected '}' to close `call b` opened at 2:3"]);
    assert.deepEqual(r(doc.errors[0]!.range), [1, 9, 1, 10]);
    const a = doc.statements[0]!;
    assert.deepEqual(a.block!.statements.map((s) => s.head), ['call', 'writes']);
    assert.deepEqual(a.block!.statements[0]!.block!.statements.map((s) => s.head), ['timeout']);
    assert.ok(a.block!.closeRange, 'the outer block gets the `}`');
    assert.deepEqual(elements(text), ['service a', 'store db']);
  });

  it('ends the block at a line that opens a block at the opener column, even in an unindented file', () => {
    const doc = parse('service a {\nreplicas 3\nstore b {\nreplicas 1\n}');
    assert.deepEqual(messages(doc), ["expected '}' to close `service a` opened at 1:1"]);
    assert.deepEqual(elements('service a {\nreplicas 3\nstore b {\nreplicas 1\n}'), ['service a', 'store b']);
  });

  it('keeps an unindented one-level block whole when only its final `}` is missing', () => {
    const doc = parse('service a {\nreplicas 3\nzones x');
    assert.deepEqual(messages(doc), ["expected '}' to close `service a` opened at 1:1"]);
    assert.deepEqual(doc.statements[0]!.block!.statements.map((s) => s.head), ['replicas', 'zones']);
  });

  it('reports an unclosed block at the end of the file once', () => {
    const doc = parse('a {\n  b {\n    c 1');
    assert.deepEqual(messages(doc), ["expected '}' to close `a` opened at 1:1", "expected '}' to close `b` opened at 2:3"]);
  });
});
