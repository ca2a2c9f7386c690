import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArchDocument, Statement } from '../../language/ast';
import type { TextEdit } from '../../language/diagnostic';
import { applyEdits } from '../../language/edits';
import { parse } from '../../language/parser';
import { insertProperty, replaceValue, setProperty, type InsertAt } from './block-edits';

/** The statement at `path` (indices into nested blocks), e.g. [1, 0] = the first child of the second top-level statement. */
function statementAt(document: ArchDocument, path: readonly number[]): Statement {
  let statements = document.statements;
  let found: Statement | undefined;
  for (const i of path) {
    found = statements[i];
    assert.ok(found, `no statement at ${path.join('.')}`);
    statements = found.block?.statements ?? [];
  }
  return found!;
}

/** Applies the edit and re-parses: the result must be free of syntax errors. */
function apply(code: string, edit: (document: ArchDocument) => TextEdit): { text: string; document: ArchDocument } {
  const document = parse(code);
  assert.deepEqual(document.errors, [], 'the input itself must parse');
  const text = applyEdits(code, [edit(document)]).text;
  const fixed = parse(text);
  assert.deepEqual(fixed.errors.map((e) => `${e.range.start.line + 1}:${e.range.start.character + 1} ${e.message}`), [], `fixed text must parse:\n${text}`);
  return { text, document: fixed };
}

/**
 * Inserts `lines` into the statement at `path` and returns the text. Besides parsing clean, the statement's block
 * must then hold the new properties first or last, followed or preceded by the old ones in order.
 */
function insert(code: string, lines: string | string[] = 'ttl 5m', where: InsertAt = 'end', path: number[] = [0]): string {
  const all = typeof lines === 'string' ? [lines] : lines;
  const before = (statementAt(parse(code), path).block?.statements ?? []).map((s) => s.head);
  const { text, document } = apply(code, (d) => insertProperty(statementAt(d, path), lines, d, where));
  const heads = all.map((l) => l.split(' ')[0]!);
  const after = (statementAt(document, path).block?.statements ?? []).map((s) => s.head);
  assert.deepEqual(after, where === 'end' ? [...before, ...heads] : [...heads, ...before], `block contents of:\n${text}`);
  return text;
}

describe('insertProperty', () => {
  describe('at the end (default)', () => {
    it('opens a block', () => assert.equal(insert('cache c'), 'cache c { ttl 5m }'));
    it('opens a block before a trailing comment', () => assert.equal(insert('cache c // hot\n'), 'cache c { ttl 5m } // hot\n'));
    it('fills `{}`', () => assert.equal(insert('cache c {}'), 'cache c { ttl 5m }'));
    it('fills `{ }`', () => assert.equal(insert('cache c { }'), 'cache c { ttl 5m }'));
    it('fills an empty multi-line block', () => assert.equal(insert('cache c {\n}'), 'cache c {\n  ttl 5m\n}'));
    it('fills an empty nested multi-line block', () =>
      assert.equal(insert('service a {\n  call b {\n  }\n}\nservice b\n', 'timeout 1s', 'end', [0, 0]), 'service a {\n  call b {\n    timeout 1s\n  }\n}\nservice b\n'));
    it('continues a one-line block `{ a; b }`', () => assert.equal(insert('cache c { replicas 2; zones a }'), 'cache c { replicas 2; zones a; ttl 5m }'));
    it('adds a line before a lone `}`, at the block indentation', () =>
      assert.equal(insert('cache c {\n    replicas 2 // two\n}\n'), 'cache c {\n    replicas 2 // two\n    ttl 5m\n}\n'));
    it('indents like the line the last statement is on when statements share it', () =>
      assert.equal(insert('cache c {\n  replicas 2; zones a\n}\n'), 'cache c {\n  replicas 2; zones a\n  ttl 5m\n}\n'));
    it('continues the last line when `}` shares it', () => assert.equal(insert('cache c {\n  replicas 2 }'), 'cache c {\n  replicas 2; ttl 5m }'));
    it('first statement on the `{` line, `}` alone', () => assert.equal(insert('cache c { replicas 2\n}'), 'cache c { replicas 2\n  ttl 5m\n}'));
    it('does not start a line inside a block comment that ends before `}`', () =>
      assert.equal(insert('cache c {\n  replicas 2\n  /* a\n  note */ }\n'), 'cache c {\n  replicas 2; ttl 5m\n  /* a\n  note */ }\n'));
    it('after a last statement that has a block of its own', () =>
      assert.equal(
        insert('service a {\n  call b { timeout 1s }\n}\nservice b\n', 'bulkhead 10'),
        'service a {\n  call b { timeout 1s }\n  bulkhead 10\n}\nservice b\n',
      ));
    it('in a nested one-line block', () =>
      assert.equal(insert('service a { call b { retry 2 } }\nservice b\n', 'timeout 1s', 'end', [0, 0]), 'service a { call b { retry 2; timeout 1s } }\nservice b\n'));
  });

  describe('several lines', () => {
    const two = ['replicas 3', 'zones a, b, c'];
    it('opens a block', () => assert.equal(insert('service s', two), 'service s { replicas 3; zones a, b, c }'));
    it('fill `{}`', () => assert.equal(insert('service s {}', two), 'service s { replicas 3; zones a, b, c }'));
    it('fill an empty multi-line block', () => assert.equal(insert('service s {\n}', two), 'service s {\n  replicas 3\n  zones a, b, c\n}'));
    it('continue a one-line block', () => assert.equal(insert('service s { health-check 5s }', two), 'service s { health-check 5s; replicas 3; zones a, b, c }'));
    it('get a line each before a lone `}`', () =>
      assert.equal(insert('service s {\n  health-check 5s\n}', two), 'service s {\n  health-check 5s\n  replicas 3\n  zones a, b, c\n}'));
    it('continue a line shared with `}`', () =>
      assert.equal(insert('service s {\n  health-check 5s }', two), 'service s {\n  health-check 5s; replicas 3; zones a, b, c }'));
    it('get a line each at the start', () =>
      assert.equal(insert('service s {\n  health-check 5s\n}', two, 'start'), 'service s {\n  replicas 3\n  zones a, b, c\n  health-check 5s\n}'));
    it('continue the `{` line at the start', () =>
      assert.equal(insert('service s { health-check 5s }', two, 'start'), 'service s { replicas 3; zones a, b, c; health-check 5s }'));
  });

  describe('at the start', () => {
    it('opens a block', () => assert.equal(insert('cache c', 'ttl 5m', 'start'), 'cache c { ttl 5m }'));
    it('fills `{}`', () => assert.equal(insert('cache c {}', 'ttl 5m', 'start'), 'cache c { ttl 5m }'));
    it('fills an empty multi-line block', () => assert.equal(insert('cache c {\n}', 'ttl 5m', 'start'), 'cache c {\n  ttl 5m\n}'));
    it('leads a one-line block `{ a; b }`', () => assert.equal(insert('cache c { replicas 2; zones a }', 'ttl 5m', 'start'), 'cache c { ttl 5m; replicas 2; zones a }'));
    it('adds a line above the first statement, at its indentation', () =>
      assert.equal(insert('cache c {\n    replicas 2\n}\n', 'ttl 5m', 'start'), 'cache c {\n    ttl 5m\n    replicas 2\n}\n'));
    it('keeps a comment after `{` on its line', () =>
      assert.equal(insert('cache c { // sized for peak\n  replicas 2\n}\n', 'ttl 5m', 'start'), 'cache c { // sized for peak\n  ttl 5m\n  replicas 2\n}\n'));
    it('with `}` sharing the last line', () => assert.equal(insert('cache c {\n  replicas 2 }', 'ttl 5m', 'start'), 'cache c {\n  ttl 5m\n  replicas 2 }'));
    it('first statement on the `{` line', () => assert.equal(insert('cache c { replicas 2\n}', 'ttl 5m', 'start'), 'cache c { ttl 5m; replicas 2\n}'));
    it('does not start a line inside a block comment that ends before the first statement', () =>
      assert.equal(insert('cache c {\n  /* a\n  note */ replicas 2\n}\n', 'ttl 5m', 'start'), 'cache c {\n  ttl 5m\n  /* a\n  note */ replicas 2\n}\n'));
    it('in a nested multi-line block', () =>
      assert.equal(
        insert('service a {\n  call b {\n    retry 2\n  }\n}\nservice b\n', 'timeout 1s', 'start', [0, 0]),
        'service a {\n  call b {\n    timeout 1s\n    retry 2\n  }\n}\nservice b\n',
      ));
  });
});

describe('replaceValue', () => {
  const replace = (code: string, value: string, path: number[]): string => apply(code, (d) => replaceValue(statementAt(d, path), value)).text;
  it('replaces a single atom', () => assert.equal(replace('store db { replicas 2 }', '3', [0, 0]), 'store db { replicas 3 }'));
  it('replaces every atom, commas included', () => assert.equal(replace('service s {\n  zones a, a\n}\n', 'a, b, c', [0, 0]), 'service s {\n  zones a, b, c\n}\n'));
  it('replaces several atoms of one group', () =>
    assert.equal(replace('service a { call b { backoff constant 100ms } }\nservice b\n', 'exponential 100ms..2s', [0, 0, 0]), 'service a { call b { backoff exponential 100ms..2s } }\nservice b\n'));
  it('keeps a trailing comment', () => assert.equal(replace('store db {\n  replicas 2 // even\n}\n', '3', [0, 0]), 'store db {\n  replicas 3 // even\n}\n'));
  it('adds a value to a bare property', () => assert.equal(replace('store db { fencing }', 'on', [0, 0]), 'store db { fencing on }'));
});

describe('setProperty', () => {
  const set = (code: string, name: string, value: string): string =>
    apply(code, (d) => {
      const element = statementAt(d, [0]);
      return setProperty(element, element.block?.statements.find((s) => s.head === name), name, value, d);
    }).text;
  it('replaces the value when the property is declared', () => assert.equal(set('store db {\n  replicas 1\n  engine pg\n}\n', 'replicas', '3'), 'store db {\n  replicas 3\n  engine pg\n}\n'));
  it('inserts it when it is not', () => assert.equal(set('store db {\n  engine pg\n}\n', 'replicas', '3'), 'store db {\n  engine pg\n  replicas 3\n}\n'));
  it('opens a block when there is none', () => assert.equal(set('store db', 'replicas', '3'), 'store db { replicas 3 }'));
});
