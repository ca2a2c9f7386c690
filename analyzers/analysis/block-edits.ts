import type { ArchDocument, Statement } from '../../language/ast';
import type { TextEdit } from '../../language/diagnostic';
import type { Range } from '../../language/range';

/*
 * Text edits for quick fixes, computed from AST ranges only (rules never see the source text). The inserted line
 * must keep the block parseable whatever its layout: one-line `{ a; b }`, multi-line, or no block at all.
 */

function point(line: number, character: number): Range {
  return { start: { line, character }, end: { line, character } };
}

/** Whether a comment sits on `line` before `character` (then the line is not just indentation + `}`). */
function commentBefore(document: ArchDocument | undefined, line: number, character: number): boolean {
  return (document?.comments ?? []).some((c) => c.range.end.line === line && c.range.end.character <= character);
}

/** Adds the property `text` (e.g. `ttl 5m`) as the last statement of `statement`'s block, opening one if needed. */
export function insertProperty(statement: Statement, text: string, document?: ArchDocument): TextEdit {
  const block = statement.block;
  if (!block || !block.closeRange) return { range: point(statement.range.end.line, statement.range.end.character), newText: ` { ${text} }` };
  const last = block.statements[block.statements.length - 1];
  const close = block.closeRange.start;
  if (!last) {
    // Empty block: `{}` or `{\n}`.
    if (close.line === block.openRange.end.line) return { range: point(close.line, block.openRange.end.character), newText: ` ${text} ` };
    return { range: point(block.openRange.end.line, block.openRange.end.character), newText: `\n${' '.repeat(statement.range.start.character + 2)}${text}` };
  }
  if (last.range.end.line < close.line && !commentBefore(document, close.line, close.character)) {
    // The `}` is alone on its line: a new line before it, indented like the last statement when that one starts
    // its own line.
    const ownLine = last.range.start.line !== block.openRange.end.line;
    const indent = ownLine ? last.range.start.character : statement.range.start.character + 2;
    return { range: point(close.line, 0), newText: `${' '.repeat(indent)}${text}\n` };
  }
  // `{ a; b }` or `  b }`: continue the line.
  return { range: point(last.range.end.line, last.range.end.character), newText: `; ${text}` };
}
