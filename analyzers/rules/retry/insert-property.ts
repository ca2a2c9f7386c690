import type { Statement } from '../../../language/ast';
import type { TextEdit } from '../../../language/diagnostic';

/*
 * Quick-fix edits computed from the AST: add property lines to a statement's block, keeping the block's style
 * (one statement per line, or `;`-separated on one line), or open a block when the statement has none.
 */

export function insertProperties(statement: Statement, lines: string[]): TextEdit {
  const block = statement.block;
  if (!block || !block.closeRange) {
    const at = statement.range.end;
    return { range: { start: at, end: at }, newText: ` { ${lines.join('; ')} }` };
  }
  const at = block.openRange.end;
  const first = block.statements[0];
  if (block.openRange.start.line === block.closeRange.start.line || (first && first.range.start.line === block.openRange.start.line)) {
    // One-line block `{ a; b }` → `{ new; a; b }`; also when a statement follows `{` on its line.
    return { range: { start: at, end: at }, newText: first ? ` ${lines.join('; ')};` : ` ${lines.join('; ')} ` };
  }
  // The indentation of the block's first statement when it starts its line, else the parent's plus two.
  const indent = ' '.repeat(first && first.range.start.line > block.openRange.start.line ? first.range.start.character : statement.range.start.character + 2);
  return { range: { start: at, end: at }, newText: lines.map((l) => `\n${indent}${l}`).join('') };
}

/** Replaces a whole property statement (e.g. `backoff none` → `backoff exponential 100ms..2s`). */
export function replaceStatement(statement: Statement, text: string): TextEdit {
  return { range: statement.range, newText: text };
}
