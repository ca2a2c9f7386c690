import type { TextEdit } from 'vscode-languageserver/node.js';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { format } from '../../language/format';

/** Whole-document formatting. A document with syntax errors is left alone: the formatter cannot read it. */
export function formatDocument(doc: TextDocument): TextEdit[] {
  const text = doc.getText();
  const result = format(text);
  if (result.errors > 0 || result.text === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, newText: result.text }];
}
