import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '../../../language/parser';
import { lex, messages, r } from './helpers';

describe('lexer: token kinds', () => {
  it('reads identifiers with hyphens, digits and underscores', () => {
    assert.deepEqual(lex('orders-db use1-a _x a_b-2'), [
      ['Ident', 'orders-db'],
      ['Ident', 'use1-a'],
      ['Ident', '_x'],
      ['Ident', 'a_b-2'],
    ]);
  });

  it('reads `a->b` as ident, arrow, ident (a hyphen inside a word must be followed by a word character)', () => {
    assert.deepEqual(lex('a->b'), [
      ['Ident', 'a'],
      ['Arrow', '->'],
      ['Ident', 'b'],
    ]);
    assert.deepEqual(lex('a-b->c'), [
      ['Ident', 'a-b'],
      ['Arrow', '->'],
      ['Ident', 'c'],
    ]);
  });

  it('reads a reference as one token, hyphens included', () => {
    assert.deepEqual(lex('payments.charge stripe.create-charge'), [
      ['Ref', 'payments.charge'],
      ['Ref', 'stripe.create-charge'],
    ]);
  });

  it('reads numbers, durations in every unit, ranges and percents', () => {
    assert.deepEqual(lex('3 0.5 150ms 2s 5m 1h 7d 1.5s 150ms..300ms 1s..2m 99.9% 5%'), [
      ['NumberLiteral', '3'],
      ['NumberLiteral', '0.5'],
      ['Duration', '150ms'],
      ['Duration', '2s'],
      ['Duration', '5m'],
      ['Duration', '1h'],
      ['Duration', '7d'],
      ['Duration', '1.5s'],
      ['RangeLiteral', '150ms..300ms'],
      ['RangeLiteral', '1s..2m'],
      ['Percent', '99.9%'],
      ['Percent', '5%'],
    ]);
  });

  it('gives literals their values', () => {
    const [s] = parse('x 3 0.5 150ms 2s 5m 1h 7d 1.1s 150ms..300ms 99.9% "a"').statements;
    const values = s!.atoms.map((a) => (a.kind === 'range' ? [a.min, a.max] : a.value));
    assert.deepEqual(values, [3, 0.5, 150, 2000, 300_000, 3_600_000, 604_800_000, 1100, [150, 300], 99.9, 'a']);
  });

  it('reads strings with \\" and \\\\ escapes', () => {
    const text = String.raw`x "say \"hi\"" "back\\slash" "" "a\\"`;
    assert.deepEqual(lex(text), [
      ['Ident', 'x'],
      ['StringLiteral', String.raw`"say \"hi\""`],
      ['StringLiteral', String.raw`"back\\slash"`],
      ['StringLiteral', '""'],
      ['StringLiteral', String.raw`"a\\"`],
    ]);
    const doc = parse(text);
    assert.deepEqual(doc.errors, []);
    assert.deepEqual(
      doc.statements[0]!.atoms.map((a) => a.value),
      ['say "hi"', 'back\\slash', '', 'a\\'],
    );
  });

  it('reads arrows and pipes as atoms', () => {
    assert.deepEqual(lex('a -> b | c'), [
      ['Ident', 'a'],
      ['Arrow', '->'],
      ['Ident', 'b'],
      ['Pipe', '|'],
      ['Ident', 'c'],
    ]);
  });

  it('reads braces, commas, semicolons and every kind of line break', () => {
    assert.deepEqual(lex('a{b,c;}\nd\r\ne\rf'), [
      ['Ident', 'a'],
      ['LBrace', '{'],
      ['Ident', 'b'],
      ['Comma', ','],
      ['Ident', 'c'],
      ['Semicolon', ';'],
      ['RBrace', '}'],
      ['Newline', '\n'],
      ['Ident', 'd'],
      ['Newline', '\r\n'],
      ['Ident', 'e'],
      ['Newline', '\r'],
      ['Ident', 'f'],
    ]);
  });

  it('keeps line and block comments apart from the statements', () => {
    const text = 'a 1 // one\n/* two\n lines */ b /* three */ 2';
    assert.deepEqual(lex(text), [
      ['Ident', 'a'],
      ['NumberLiteral', '1'],
      ['LineComment', '// one'],
      ['Newline', '\n'],
      ['BlockComment', '/* two\n lines */'],
      ['Ident', 'b'],
      ['BlockComment', '/* three */'],
      ['NumberLiteral', '2'],
    ]);
    const doc = parse(text);
    assert.deepEqual(doc.errors, []);
    assert.deepEqual(
      doc.comments.map((c) => [c.kind, c.text, ...r(c.range)]),
      [
        ['line', '// one', 0, 4, 0, 10],
        ['block', '/* two\n lines */', 1, 0, 2, 9],
        ['block', '/* three */', 2, 12, 2, 23],
      ],
    );
  });

  it('skips whitespace, tabs and a byte-order mark', () => {
    assert.deepEqual(lex('\ufeff\ta \t b'), [
      ['Ident', 'a'],
      ['Ident', 'b'],
    ]);
  });
});

describe('lexer: bad input', () => {
  it('reads `5min` as one bad number and says what a number may look like', () => {
    assert.deepEqual(lex('x 5min'), [
      ['Ident', 'x'],
      ['BadNumber', '5min'],
    ]);
    const doc = parse('x 5min');
    assert.deepEqual(messages(doc), [
      'cannot read `5min`: expected a number (3, 0.5), a duration (150ms, 2s, 5m), a range (150ms..300ms) or a percent (99.9%)',
    ]);
    assert.deepEqual(r(doc.errors[0]!.range), [0, 2, 0, 6]);
  });

  it('reads other number-like garbage as one bad number, not a number plus stray characters', () => {
    for (const bad of ['3x', '1..2', '1s..2', '3.', '150ms..300msx', '5%x', '2S']) {
      assert.deepEqual(lex(`x ${bad}`), [
        ['Ident', 'x'],
        ['BadNumber', bad],
      ], bad);
      assert.equal(parse(`x ${bad}`).errors.length, 1, bad);
    }
  });

  it('reports an unexpected character with its range', () => {
    const doc = parse('x @ y');
    assert.deepEqual(messages(doc), ['unexpected character `@`']);
    assert.deepEqual(r(doc.errors[0]!.range), [0, 2, 0, 3]);
    assert.deepEqual(doc.statements.map((s) => [s.head, s.atoms.map((a) => a.text)]), [['x', ['y']]]);
  });

  it('reports a run of unexpected characters once', () => {
    const doc = parse('x @#$ y');
    assert.deepEqual(messages(doc), ['unexpected characters `@#$`']);
    assert.deepEqual(r(doc.errors[0]!.range), [0, 2, 0, 5]);
  });

  it('reports an unterminated string up to the end of its line, and the next line still parses', () => {
    const doc = parse('description "no end\nreplicas 3');
    assert.deepEqual(messages(doc), [`missing closing '"' before the end of the line`]);
    assert.deepEqual(r(doc.errors[0]!.range), [0, 12, 0, 19]);
    assert.deepEqual(doc.statements.map((s) => s.head), ['description', 'replicas']);
    assert.equal(doc.statements[0]!.atoms[0]!.value, 'no end');
  });

  it('reports an unterminated block comment, which runs to the end of the file', () => {
    const doc = parse('a 1\n/* open\nb 2');
    assert.deepEqual(messages(doc), [`unterminated comment: '/*' has no closing '*/'`]);
    assert.deepEqual(r(doc.errors[0]!.range), [1, 0, 2, 3]);
    assert.deepEqual(doc.comments.map((c) => c.text), ['/* open\nb 2']);
    assert.deepEqual(doc.statements.map((s) => s.head), ['a']);
  });

  it('ends the range of a comment that ends in a line break at the start of the next line', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const doc = parse(`a\n/* x${eol}`);
      assert.deepEqual(r(doc.errors[0]!.range), [1, 0, 2, 0], JSON.stringify(eol));
      assert.deepEqual(r(doc.range), [0, 0, 2, 0]);
    }
  });

  it('counts a lone \\r as a line break, like the editor does', () => {
    const doc = parse('a 1\rb @');
    assert.deepEqual(doc.statements.map((s) => [s.head, r(s.headRange)]), [
      ['a', [0, 0, 0, 1]],
      ['b', [1, 0, 1, 1]],
    ]);
    assert.deepEqual(r(doc.errors[0]!.range), [1, 2, 1, 3]);
    assert.deepEqual(r(doc.range), [0, 0, 1, 3]);
  });
});
