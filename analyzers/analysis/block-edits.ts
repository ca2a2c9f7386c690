import type { ArchDocument, Block, Statement } from '../../language/ast';
import type { TextEdit } from '../../language/diagnostic';
import type { Position } from '../../language/range';

/*
 * Text edits for quick fixes, computed from AST ranges only (rules never see the source text). Every edit keeps
 * the block parseable and in the author's layout, whatever it is:
 *
 *   no block                 `cache c`                  → `cache c { p }`
 *   empty block              `{}` / `{\n}`              → `{ p }` / `{\n  p\n}`
 *   one-line block           `{ a; b }`                 → `{ a; b; p }`        (start: `{ p; a; b }`)
 *   multi-line, lone `}`     `{\n  a\n}`                → `{\n  a\n  p\n}`     (start: `{\n  p\n  a\n}`)
 *   multi-line, shared `}`   `{\n  a }`                 → `{\n  a; p }`
 *   first statement on `{`   `{ a\n}`                   → `{ a\n  p\n}`        (start: `{ p; a\n}`)
 *
 * Several property lines are joined with `; ` where the edit continues a line and get a line each where it
 * opens new lines. Pass the document so comments are respected: a new line is never started inside a block
 * comment that ends where the insertion would go.
 */

/** Where `insertProperty` puts the new lines: after the block's last statement (default) or before its first. */
export type InsertAt = 'end' | 'start';

function at(position: Position, newText: string): TextEdit {
  return { range: { start: position, end: position }, newText };
}

/** Whether a comment ends on `line` at or before `character` (then that line is not just indentation there). */
function commentBefore(document: ArchDocument | undefined, line: number, character: number): boolean {
  return (document?.comments ?? []).some((c) => c.range.end.line === line && c.range.end.character <= character);
}

/**
 * The indentation of statements on `line` of `block`: the column of the first statement starting there, or the
 * parent's column plus two when that line is the `{` line (or holds no statement start).
 */
function indentOf(statement: Statement, block: Block, line: number): number {
  if (line !== block.openRange.end.line) {
    const first = block.statements.find((s) => s.range.start.line === line);
    if (first) return first.range.start.character;
  }
  return statement.range.start.character + 2;
}

/**
 * Adds the property line(s) `lines` (e.g. `ttl 5m`, or `['replicas 3', 'zones a, b, c']`) to `statement`'s block,
 * opening one when it has none, as one edit. `where` puts them after the last statement (default) or before
 * the first.
 */
export function insertProperty(statement: Statement, lines: string | readonly string[], document?: ArchDocument, where: InsertAt = 'end'): TextEdit {
  const all = typeof lines === 'string' ? [lines] : lines;
  const joined = all.join('; ');
  const block = statement.block;
  // The property is already there with a value the model rejected (`ttl 0ms`, `fencing 3`, `jitter bogus`): the
  // rule saw it as missing, and a second line would be a `duplicate` that leaves the first in force. Set its value.
  const existing = all.length === 1 ? sameProperty(block, all[0]!) : undefined;
  if (existing) return existing;
  // No block, or one whose `}` is missing (a syntax error was reported): open a new one after the statement.
  if (!block?.closeRange) return at(statement.range.end, ` { ${joined} }`);
  const open = block.openRange.end;
  const close = block.closeRange.start;
  const first = block.statements[0];
  const last = block.statements[block.statements.length - 1];
  const ownLines = (indent: number): string => all.map((l) => `${' '.repeat(indent)}${l}\n`).join('');

  if (!first || !last) {
    // Empty block: `{}` / `{ }` on one line, or `{` … `}` over several.
    if (close.line === open.line) return at(open, close.character === open.character ? ` ${joined} ` : ` ${joined}`);
    const indent = ' '.repeat(statement.range.start.character + 2);
    return at(open, all.map((l) => `\n${indent}${l}`).join(''));
  }

  if (where === 'start') {
    // `{ a; b }` or `{ a` + newline: continue the `{` line.
    if (first.range.start.line === open.line) return at(open, ` ${joined};`);
    // The first statement starts its own line: new lines above it, at its indentation; right after the `{`
    // when a block comment ends before it on that line (its column is then no indentation).
    const line = first.range.start.line;
    if (!commentBefore(document, line, first.range.start.character)) return at({ line, character: 0 }, ownLines(first.range.start.character));
    const indent = ' '.repeat(statement.range.start.character + 2);
    return at(open, all.map((l) => `\n${indent}${l}`).join(''));
  }

  // The `}` is alone on its line: new lines before it, indented like the line the last statement starts on.
  if (last.range.end.line < close.line && !commentBefore(document, close.line, close.character)) {
    return at({ line: close.line, character: 0 }, ownLines(indentOf(statement, block, last.range.start.line)));
  }
  // `{ a; b }` or `  b }`: continue the line.
  return at(last.range.end, `; ${joined}`);
}

/** The edit that gives the block's own `head …` statement the value of `line` (`head value`), when it has one. */
function sameProperty(block: Block | undefined, line: string): TextEdit | undefined {
  const space = line.indexOf(' ');
  const head = space < 0 ? line : line.slice(0, space);
  const property = block?.statements.find((s) => s.head === head);
  if (!property) return undefined;
  const value = space < 0 ? '' : line.slice(space + 1);
  const last = property.atoms[property.atoms.length - 1];
  // A flag loses its atoms; anything else gets the new value.
  if (value === '') return last ? { range: { start: property.headRange.end, end: last.range.end }, newText: '' } : undefined;
  return replaceValue(property, value);
}

/** Replaces a property's value atoms (all of them, commas included) with `value`; adds it when there is none. */
export function replaceValue(property: Statement, value: string): TextEdit {
  const first = property.atoms[0];
  const last = property.atoms[property.atoms.length - 1];
  if (!first || !last) return at(property.headRange.end, ` ${value}`);
  return { range: { start: first.range.start, end: last.range.end }, newText: value };
}

/** Sets `name value` on an element: replaces the value of `property` when it is declared, else inserts the line. */
export function setProperty(element: Statement, property: Statement | undefined, name: string, value: string, document?: ArchDocument): TextEdit {
  return property ? replaceValue(property, value) : insertProperty(element, `${name} ${value}`, document);
}
