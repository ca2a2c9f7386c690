import type { ArchDocument, Statement } from '../../../language/ast';
import type { TextEdit } from '../../../language/diagnostic';
import { insertProperty } from '../../analysis/block-edits';

/*
 * Value edits for quick fixes, from AST ranges only; insertion of a new property line is the shared
 * `insertProperty` of analyzers/analysis/block-edits.ts.
 */

/** Replaces a property's value atoms (all of them, commas included) with `value`. */
export function replaceValue(property: Statement, value: string): TextEdit {
  const first = property.atoms[0];
  const last = property.atoms[property.atoms.length - 1];
  if (!first || !last) return { range: { start: property.headRange.end, end: property.headRange.end }, newText: ` ${value}` };
  return { range: { start: first.range.start, end: last.range.end }, newText: value };
}

/** Sets `name value` on an element: replaces the value when the property is there, else inserts the line. */
export function setProperty(element: Statement, property: Statement | undefined, name: string, value: string, document?: ArchDocument): TextEdit {
  return property ? replaceValue(property, value) : insertProperty(element, `${name} ${value}`, document);
}
