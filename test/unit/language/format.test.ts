import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { format } from '../../../language/format';
import { parse } from '../../../language/parser';

/** Formats text that must be error-free, and checks the result is a fixed point. */
function fmt(text: string): string {
  const result = format(text);
  assert.equal(result.errors, 0, `syntax errors in ${JSON.stringify(text)}`);
  assert.equal(format(result.text).text, result.text, 'formatting is idempotent');
  return result.text;
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('format: layout', () => {
  it('prints one statement per line, two spaces per level, single spaces and `, `', () => {
    const input = 'service   orders "Order service"{\n\t\treplicas    3;zones a ,b,c\n call payments.charge {\ntimeout 800ms ;   retry 3\n   }\n }';
    assert.equal(
      fmt(input),
      lines(
        'service orders "Order service" {',
        '  replicas 3',
        '  zones a, b, c',
        '  call payments.charge {',
        '    timeout 800ms',
        '    retry 3',
        '  }',
        '}',
      ),
    );
  });

  it('writes atoms exactly as their source text', () => {
    const input = String.raw`x 0.50 1.5s 150ms..300ms 99.90% "a \"b\" \\ c" a->b|c orders-db.read-all`;
    assert.equal(fmt(input), lines(String.raw`x 0.50 1.5s 150ms..300ms 99.90% "a \"b\" \\ c" a -> b | c orders-db.read-all`));
  });

  it('keeps a one-line block on one line: written on one line, leaf statements, no comment, fits 100 columns', () => {
    assert.equal(fmt('region us-east {zones a,b}'), lines('region us-east { zones a, b }'));
    assert.equal(fmt('operation charge {   idempotent ;}'), lines('operation charge { idempotent }'));
    assert.equal(fmt('gateway edge { replicas 2;zones a, b; health-check 5s }'), lines('gateway edge { replicas 2; zones a, b; health-check 5s }'));
    assert.equal(fmt('a { }\nb {}'), lines('a {}', 'b {}'));
  });

  it('expands a one-line block that holds a block, a comment, or does not fit', () => {
    assert.equal(fmt('a { b { c } }'), lines('a {', '  b { c }', '}'));
    assert.equal(fmt('a { /* why */ b 1 }'), lines('a { /* why */', '  b 1', '}'));
    const long = `x { description "${'y'.repeat(80)}"; entry }`;
    assert.equal(fmt(long), lines('x {', `  description "${'y'.repeat(80)}"`, '  entry', '}'));
    const exactly100 = `x { d "${'y'.repeat(90)}" }`;
    assert.equal(exactly100.length, 100);
    assert.equal(fmt(exactly100), lines(exactly100));
    assert.equal(fmt(`  ${exactly100}`), lines(exactly100), 'the width is measured after indentation');
    assert.equal(fmt(`a {\n${exactly100}\n}`), lines('a {', '  x {', `    d "${'y'.repeat(90)}"`, '  }', '}'));
  });

  it('never joins a block the author wrote on several lines', () => {
    assert.equal(fmt('a {\n  b\n}'), lines('a {', '  b', '}'));
    assert.equal(fmt('a {\n}'), lines('a {', '}'));
  });

  it('keeps blank lines between statements, collapsed to one; none at the start, after `{` or before `}`', () => {
    const input = '\n\n\na 1\n\n\n\nb {\n\n  c 1\n\n\n  d 2\n\n}\n\n\n';
    assert.equal(fmt(input), lines('a 1', '', 'b {', '  c 1', '', '  d 2', '}'));
  });

  it('removes trailing whitespace and ends with exactly one line break', () => {
    assert.equal(fmt('a 1   \t\nb 2 // note   \n\n\n'), lines('a 1', 'b 2 // note'));
    assert.equal(fmt('a 1'), lines('a 1'));
  });

  it('prints an empty document as empty', () => {
    assert.equal(fmt(''), '');
    assert.equal(fmt('\n\n  \n'), '');
  });

  it("keeps the file's line breaks and byte-order mark", () => {
    assert.equal(fmt('a {\r\n b 1\r\n}\r\n\r\n\r\nc'), 'a {\r\n  b 1\r\n}\r\n\r\nc\r\n');
    assert.equal(fmt('\ufeffa  1'), '\ufeffa 1\n');
  });
});

describe('format: comments', () => {
  it('keeps a comment at the end of its statement, after one space', () => {
    assert.equal(
      fmt('a 1      // one\nb {   // two\n  c 2 /* three */\n}    // four\nd { e }  /* five */'),
      lines('a 1 // one', 'b { // two', '  c 2 /* three */', '} // four', 'd { e } /* five */'),
    );
  });

  it('puts a comment on its own line at the indentation of the next statement', () => {
    assert.equal(
      fmt('// top\nservice a {\n// first\n      replicas 3\n        /* second */\n  zones x\n}'),
      lines('// top', 'service a {', '  // first', '  replicas 3', '  /* second */', '  zones x', '}'),
    );
  });

  it("indents a comment before `}` as the block's statements", () => {
    assert.equal(fmt('a {\n  b 1\n// zones x\n}'), lines('a {', '  b 1', '  // zones x', '}'));
    assert.equal(fmt('a {\n    // only a comment\n}'), lines('a {', '  // only a comment', '}'));
  });

  it('keeps blank lines around comment lines, and comments at the end of the file', () => {
    assert.equal(
      fmt('a 1\n\n\n// section\n\nb 2\n// end\n\n\n/* tail */\n'),
      lines('a 1', '', '// section', '', 'b 2', '// end', '', '/* tail */'),
    );
  });

  it('keeps block comments verbatim, inline ones between atoms included', () => {
    const input = 'zones a /* x */, /* y\n   z */ b  /* w */ {c}\n/*\n *  banner\n */\nd';
    assert.equal(fmt(input), lines('zones a /* x */, /* y\n   z */ b /* w */ { c }', '/*\n *  banner\n */', 'd'));
  });

  it('keeps several comments on one line together', () => {
    assert.equal(fmt('/* a */   /* b */ // c\nx 1 /* d */ /* e */'), lines('/* a */ /* b */ // c', 'x 1 /* d */ /* e */'));
  });

  it('moves a comment that precedes a statement on its line to a line of its own', () => {
    assert.equal(fmt('a {\n  /* lead */ b 1\n}'), lines('a {', '  /* lead */', '  b 1', '}'));
  });

  it('keeps every comment of a statement split by `;`', () => {
    assert.equal(fmt('a 1 /* x */; b 2 // y'), lines('a 1 /* x */', 'b 2 // y'));
  });
});

describe('format: documents with syntax errors', () => {
  it('returns the text unchanged and counts the errors', () => {
    for (const broken of ['service a {\n   replicas    3\n', 'a 5min   \n\n\n', 'x @', '}', 'a "open', '/* open', 'a {  b }  c']) {
      const result = format(broken);
      assert.equal(result.text, broken);
      assert.equal(result.errors, parse(broken).errors.length);
      assert.ok(result.errors > 0);
    }
  });
});
