import type { TextEdit } from '../../../language/diagnostic';
import type { Statement } from '../../../language/ast';

/*
 * Text edits for quick fixes, computed from the syntax tree's ranges so they respect the author's layout:
 * a multi-line block gets a new line before its `}`, a one-line block a `; prop`, a statement without a block
 * a new `{ prop }`.
 */

/** Adds a property line (`fencing`, `replicas 3`) to an element's block. */
export function insertProperty(element: Statement, line: string): TextEdit {
  const block = element.block;
  if (!block) return { range: { start: element.range.end, end: element.range.end }, newText: ` { ${line} }` };
  const last = block.statements[block.statements.length - 1];
  const close = block.closeRange;
  if (close && last && close.start.line > last.range.end.line) {
    const indent = ' '.repeat(block.statements[0]!.range.start.character);
    const at = { line: close.start.line, character: 0 };
    return { range: { start: at, end: at }, newText: `${indent}${line}\n` };
  }
  if (last) return { range: { start: last.range.end, end: last.range.end }, newText: `; ${line}` };
  return { range: { start: block.openRange.end, end: block.openRange.end }, newText: ` ${line}` };
}

/** Replaces a property's value atoms (everything after its head) with `text`. */
export function replaceValue(property: Statement, text: string): TextEdit {
  const first = property.atoms[0];
  const last = property.atoms[property.atoms.length - 1];
  if (!first || !last) return { range: { start: property.headRange.end, end: property.headRange.end }, newText: ` ${text}` };
  return { range: { start: first.range.start, end: last.range.end }, newText: text };
}

/** Sets a property: replaces its value when declared, else adds it. */
export function setProperty(element: Statement, property: Statement | undefined, name: string, value: string): TextEdit {
  return property ? replaceValue(property, value) : insertProperty(element, `${name} ${value}`);
}
