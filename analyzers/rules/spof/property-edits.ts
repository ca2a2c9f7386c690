import type { Statement } from '../../../language/ast';
import type { TextEdit } from '../../../language/diagnostic';

/*
 * Mechanical edits on an element's property block, computed from AST ranges so the fixed text parses the same
 * way whatever the block's layout: a one-line block `{ a; b }` gets `; prop`, a multi-line block gets a new line
 * at the indentation of its last property, and an element without a block gets ` { prop }`.
 */

/** Inserts the property line(s) `lines` (e.g. `health-check 5s`) at the end of the element's block, as one edit. */
export function insertProperty(element: Statement, lines: string | string[]): TextEdit {
  const all = typeof lines === 'string' ? [lines] : lines;
  const text = all.join('; ');
  const block = element.block;
  if (!block?.closeRange) {
    const at = element.range.end;
    return { range: { start: at, end: at }, newText: ` { ${text} }` };
  }
  const last = block.statements[block.statements.length - 1];
  const oneLine = block.openRange.start.line === block.closeRange.start.line;
  if (oneLine) {
    if (!last) return { range: { start: block.openRange.end, end: block.openRange.end }, newText: ` ${text} ` };
    return { range: { start: last.range.end, end: last.range.end }, newText: `; ${text}` };
  }
  if (!last) {
    const indent = ' '.repeat(element.range.start.character + 2);
    return { range: { start: block.openRange.end, end: block.openRange.end }, newText: all.map((l) => `\n${indent}${l}`).join('') };
  }
  // Another statement may share the last line (`a; b`): insert after the last statement, on a line of its own.
  const indent = ' '.repeat(last.range.start.character);
  return { range: { start: last.range.end, end: last.range.end }, newText: all.map((l) => `\n${indent}${l}`).join('') };
}

/** Replaces a property's value atoms (all of them, commas included) with `value`. */
export function replaceValue(property: Statement, value: string): TextEdit {
  const first = property.atoms[0];
  const last = property.atoms[property.atoms.length - 1];
  if (!first || !last) return { range: { start: property.headRange.end, end: property.headRange.end }, newText: ` ${value}` };
  return { range: { start: first.range.start, end: last.range.end }, newText: value };
}

/** Sets `name value` on an element: replaces the value when the property is there, else inserts the line. */
export function setProperty(element: Statement, property: Statement | undefined, name: string, value: string): TextEdit {
  return property ? replaceValue(property, value) : insertProperty(element, `${name} ${value}`);
}
