import {
  ErrorCodes,
  ResponseError,
  type Location,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node.js';
import type { Analysis } from './documents';
import { elementKey, zoneKey, type Occurrence } from './syntax-index';

/*
 * Definition, references and rename over the name index: elements (in refs, call targets, routes, holders …),
 * operations (`service.op` → `operation op` in the service) and zones (→ the zone in its region's list).
 */

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function declarationRange(analysis: Analysis, o: Occurrence): Range | undefined {
  const { index, result } = analysis;
  const declared = index.declarationOf(o.key);
  if (declared) return declared.range;
  if (o.type === 'element') return result.model.elements.get(o.name)?.nameRange;
  return undefined;
}

export function definition(analysis: Analysis, uri: string, p: Position): Location[] {
  const o = analysis.index.occurrenceAt(p);
  if (!o) return [];
  const range = declarationRange(analysis, o);
  return range ? [{ uri, range }] : [];
}

export function references(analysis: Analysis, uri: string, p: Position, includeDeclaration: boolean): Location[] {
  const o = analysis.index.occurrenceAt(p);
  if (!o) return [];
  return analysis.index
    .occurrencesOf(o.key)
    .filter((x) => includeDeclaration || !x.declaration)
    .map((x) => ({ uri, range: x.range }));
}

/** Names that can be renamed: declared elements, zones and operations. Anything else is refused. */
function renameable(analysis: Analysis, p: Position): Occurrence | undefined {
  const o = analysis.index.occurrenceAt(p);
  if (!o || !analysis.index.declarationOf(o.key)) return undefined;
  return o;
}

export function prepareRename(analysis: Analysis, p: Position): { range: Range; placeholder: string } | null {
  const o = renameable(analysis, p);
  if (!o) throw new ResponseError(ErrorCodes.InvalidRequest, 'Only a declared element, zone or operation can be renamed here.');
  return { range: o.range, placeholder: o.name };
}

export function rename(analysis: Analysis, uri: string, p: Position, newName: string): WorkspaceEdit | null {
  const o = renameable(analysis, p);
  if (!o) throw new ResponseError(ErrorCodes.InvalidRequest, 'Only a declared element, zone or operation can be renamed here.');
  if (!IDENT.test(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is not a valid name (letters, digits, \`_\` and \`-\`, not starting with a digit).`);
  if (newName === o.name) return { changes: { [uri]: [] } };
  const { index } = analysis;
  const taken =
    o.type === 'element'
      ? index.declarationOf(elementKey(newName))
      : o.type === 'zone'
        ? index.declarationOf(zoneKey(newName))
        : index.declarationOf(o.key.slice(0, o.key.lastIndexOf('.') + 1) + newName);
  if (taken) throw new ResponseError(ErrorCodes.InvalidParams, `\`${newName}\` is already declared at line ${taken.range.start.line + 1}.`);
  const edits: TextEdit[] = index.occurrencesOf(o.key).map((x) => ({ range: x.range, newText: newName }));
  return { changes: { [uri]: edits } };
}
