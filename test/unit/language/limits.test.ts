import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Statement } from '../../../language/ast';
import { MAX_BLOCK_DEPTH, MAX_SYNTAX_ERRORS, parse } from '../../../language/parser';

describe('parser limits', () => {
  it('keeps the tree of a file nested 10,000 blocks deep, and says why the deep part is flat', () => {
    const depth = 10_000;
    const text = `${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}s${i} {`).join('\n')}\n${Array.from({ length: depth }, () => '}').join('\n')}\n`;
    const doc = parse(text);
    assert.equal(doc.statements[0]?.head, 's0', 'the tree is kept');
    let levels = 0;
    for (let s: Statement | undefined = doc.statements[0]; s?.block; s = s.block.statements[0]) levels++;
    assert.equal(levels, MAX_BLOCK_DEPTH);
    assert.ok(doc.errors.some((e) => e.message.includes(`nested more than ${MAX_BLOCK_DEPTH} deep`)));
    assert.ok(doc.errors.length <= MAX_SYNTAX_ERRORS + 1, `${doc.errors.length} errors`);
    assert.ok(!doc.errors.some((e) => e.message.includes('internal parser error')));
  });

  it('records at most MAX_SYNTAX_ERRORS errors and counts the rest', () => {
    const doc = parse(`service a ${'{ '.repeat(10_000)}${'} '.repeat(10_000)}\n`);
    assert.equal(doc.errors.length, MAX_SYNTAX_ERRORS + 1);
    assert.match(doc.errors[doc.errors.length - 1]!.message, /^\d+ more syntax errors not shown/);
  });
});

describe('lexer limits', () => {
  it('puts lexer errors into the same budget of MAX_SYNTAX_ERRORS, with one last message counting the rest', () => {
    // 10,000 characters the lexer cannot read, each its own error.
    const doc = parse(`service a\n${'§ '.repeat(10_000)}\n`);
    assert.equal(doc.errors.length, MAX_SYNTAX_ERRORS + 1, `${doc.errors.length} errors`);
    const last = doc.errors[doc.errors.length - 1]!;
    assert.match(last.message, /^9800 more syntax errors not shown/);
  });

  it('shares the budget between lexer and parser errors', () => {
    const doc = parse(`service a\n${'§ '.repeat(150)}\nservice b ${'{ '.repeat(300)}${'} '.repeat(300)}\n`);
    assert.equal(doc.errors.length, MAX_SYNTAX_ERRORS + 1, `${doc.errors.length} errors`);
    assert.match(doc.errors[doc.errors.length - 1]!.message, /^\d+ more syntax errors not shown/);
  });
});
