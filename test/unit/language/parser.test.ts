import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '../../../language/parser';
import { messages, parseValid, r, shape } from './helpers';

describe('parser: statements', () => {
  it('reads a head, its atoms and their kinds', () => {
    const doc = parseValid('call payments.charge 3 0.5 800ms 1s..2s 99.9% "x" a -> b | c');
    assert.deepEqual(shape(doc.statements), [
      {
        head: 'call',
        groups: [
          [
            'ref:payments.charge',
            'number:3',
            'number:0.5',
            'duration:800ms',
            'range:1s..2s',
            'percent:99.9%',
            'string:"x"',
            'ident:a',
            'arrow:->',
            'ident:b',
            'pipe:|',
            'ident:c',
          ],
        ],
      },
    ]);
  });

  it('reads a flag (a head without atoms) with no groups', () => {
    const doc = parseValid('idempotent');
    assert.deepEqual(doc.statements[0]!.atoms, []);
    assert.deepEqual(doc.statements[0]!.groups, []);
  });

  it('splits atoms into groups at commas', () => {
    const doc = parseValid('zones a, b,c\nbackoff exponential 1s..2s\nx a b, c d');
    assert.deepEqual(
      doc.statements.map((s) => s.groups.map((g) => g.map((a) => a.text))),
      [[['a'], ['b'], ['c']], [['exponential', '1s..2s']], [['a', 'b'], ['c', 'd']]],
    );
    assert.deepEqual(doc.statements[2]!.atoms.map((a) => a.text), ['a', 'b', 'c', 'd']);
  });

  it('ends statements at line breaks and at `;`', () => {
    const doc = parseValid('a 1; b 2;\n\nc 3\r\nd;;e');
    assert.deepEqual(doc.statements.map((s) => [s.head, s.atoms.map((a) => a.text)]), [
      ['a', ['1']],
      ['b', ['2']],
      ['c', ['3']],
      ['d', []],
      ['e', []],
    ]);
  });

  it('reads nested blocks', () => {
    const doc = parseValid('service a {\n  call b {\n    timeout 1s\n  }\n  writes db\n}\nstore db {}');
    assert.deepEqual(shape(doc.statements), [
      {
        head: 'service',
        groups: [['ident:a']],
        block: [
          { head: 'call', groups: [['ident:b']], block: [{ head: 'timeout', groups: [['duration:1s']] }] },
          { head: 'writes', groups: [['ident:db']] },
        ],
      },
      { head: 'store', groups: [['ident:db']], block: [] },
    ]);
  });

  it('ends a statement right before `}` on the same line', () => {
    const doc = parseValid('store db { replicas 3 }\nregion r { zones a, b; entry }');
    assert.deepEqual(shape(doc.statements), [
      { head: 'store', groups: [['ident:db']], block: [{ head: 'replicas', groups: [['number:3']] }] },
      {
        head: 'region',
        groups: [['ident:r']],
        block: [
          { head: 'zones', groups: [['ident:a'], ['ident:b']] },
          { head: 'entry', groups: [] },
        ],
      },
    ]);
  });

  it('accepts a reference as a head and an empty document', () => {
    assert.deepEqual(parseValid('a.b c').statements.map((s) => s.head), ['a.b']);
    const empty = parseValid('');
    assert.deepEqual(empty.statements, []);
    assert.deepEqual(r(empty.range), [0, 0, 0, 0]);
  });

  it('does not let an odd but well-formed layout look like a missing `}`', () => {
    // `zones` sits left of `service`'s column after an indented child; the `}` after it proves nothing is missing.
    const doc = parseValid('service a { replicas 3\nzones x }\n  store b {\n    engine pg\n  writes x\n}');
    assert.deepEqual(shape(doc.statements).map((s) => [s.head, s.block?.map((c) => c.head)]), [
      ['service', ['replicas', 'zones']],
      ['store', ['engine', 'writes']],
    ]);
  });
});

describe('parser: ranges (0-based)', () => {
  const text = [
    'service orders "Order service" {',
    '  replicas 3',
    '  zones a, b',
    '  call payments.charge { timeout 800ms; retry 3 }',
    '}',
    '',
  ].join('\n');
  const doc = parseValid(text);
  const service = doc.statements[0]!;
  const [replicas, zones, call] = service.block!.statements;

  it('gives heads and atoms their exact ranges', () => {
    assert.deepEqual(r(service.headRange), [0, 0, 0, 7]);
    assert.deepEqual(service.atoms.map((a) => r(a.range)), [
      [0, 8, 0, 14],
      [0, 15, 0, 30],
    ]);
    assert.deepEqual(r(replicas!.headRange), [1, 2, 1, 10]);
    assert.deepEqual(r(replicas!.atoms[0]!.range), [1, 11, 1, 12]);
    assert.deepEqual(zones!.atoms.map((a) => r(a.range)), [
      [2, 8, 2, 9],
      [2, 11, 2, 12],
    ]);
    assert.deepEqual(r(call!.atoms[0]!.range), [3, 7, 3, 22]);
  });

  it('gives statements the range from the head to their last atom or `}`', () => {
    assert.deepEqual(r(replicas!.range), [1, 2, 1, 12]);
    assert.deepEqual(r(zones!.range), [2, 2, 2, 12]);
    assert.deepEqual(r(call!.range), [3, 2, 3, 49]);
    assert.deepEqual(r(service.range), [0, 0, 4, 1]);
    const [timeout, retry] = call!.block!.statements;
    assert.deepEqual(r(timeout!.range), [3, 25, 3, 38]);
    assert.deepEqual(r(retry!.range), [3, 40, 3, 47]);
  });

  it('gives blocks their braces', () => {
    const block = service.block!;
    assert.deepEqual(r(block.range), [0, 31, 4, 1]);
    assert.deepEqual(r(block.openRange), [0, 31, 0, 32]);
    assert.deepEqual(r(block.closeRange!), [4, 0, 4, 1]);
    assert.deepEqual(r(call!.block!.openRange), [3, 23, 3, 24]);
    assert.deepEqual(r(call!.block!.closeRange!), [3, 48, 3, 49]);
  });

  it('gives the document the range of the whole text', () => {
    assert.deepEqual(r(doc.range), [0, 0, 5, 0]);
  });
});

describe('parser: errors', () => {
  it('reports an unclosed block at its `{`, naming the statement that opened it', () => {
    const doc = parse('region r { zones a }\nservice orders {\n  replicas 3\n');
    assert.deepEqual(messages(doc), ["expected '}' to close `service orders` opened at 2:1"]);
    assert.deepEqual(r(doc.errors[0]!.range), [1, 15, 1, 16]);
    const orders = doc.statements[1]!;
    assert.equal(orders.block!.closeRange, undefined);
    assert.deepEqual(r(orders.block!.range), [1, 15, 2, 12]);
    assert.deepEqual(orders.block!.statements.map((s) => s.head), ['replicas']);
  });

  it('reports a stray `}`', () => {
    const doc = parse('a 1\n}\nb 2');
    assert.deepEqual(messages(doc), ["unexpected '}': there is no open block to close"]);
    assert.deepEqual(r(doc.errors[0]!.range), [1, 0, 1, 1]);
    assert.deepEqual(doc.statements.map((s) => s.head), ['a', 'b']);
  });

  it('reports a stray `{`', () => {
    const doc = parse('a\n{ b }');
    assert.deepEqual(messages(doc), [
      "unexpected '{': a block must follow a statement's head on the same line",
      "unexpected '}': there is no open block to close",
    ]);
    assert.deepEqual(r(doc.errors[0]!.range), [1, 0, 1, 1]);
  });

  it('reports a value at the start of a line and reads the rest of the line as a statement', () => {
    const doc = parse('service a {\n  3 replicas\n  "x"\n}');
    assert.deepEqual(messages(doc), [
      'unexpected number `3`: a statement starts with a word',
      'unexpected string `"x"`: a statement starts with a word',
    ]);
    assert.deepEqual(r(doc.errors[0]!.range), [1, 2, 1, 3]);
    assert.deepEqual(r(doc.errors[1]!.range), [2, 2, 2, 5]);
    assert.deepEqual(doc.statements[0]!.block!.statements.map((s) => s.head), ['replicas']);
  });

  it('reports commas with nothing on one side', () => {
    const doc = parse('zones , a\nzones a,\nzones a,, b');
    assert.deepEqual(messages(doc), [
      "expected a value before ','",
      "expected a value after ','",
      "expected a value before ','",
    ]);
    assert.deepEqual(doc.errors.map((e) => r(e.range)), [
      [0, 6, 0, 7],
      [1, 7, 1, 8],
      [2, 8, 2, 9],
    ]);
    assert.deepEqual(doc.statements.map((s) => s.groups.map((g) => g.map((a) => a.text))), [[['a']], [['a']], [['a'], ['b']]]);
  });

  it('reports code after a block on the same line', () => {
    const doc = parse('a { b } c');
    assert.deepEqual(messages(doc), ["expected a new line or ';' after the block of `a`"]);
    assert.deepEqual(r(doc.errors[0]!.range), [0, 8, 0, 9]);
    assert.deepEqual(doc.statements.map((s) => s.head), ['a', 'c']);
  });

  it('reads the value of an unterminated string that ends in an escaped quote', () => {
    const doc = parse(String.raw`fallback "say \"`);
    assert.equal(doc.errors.length, 1);
    assert.equal(doc.statements[0]!.atoms[0]!.value, 'say "');
  });

  it('sorts errors by position', () => {
    const doc = parse('}\na @\n3');
    assert.deepEqual(doc.errors.map((e) => e.range.start.line), [0, 1, 2]);
  });
});
