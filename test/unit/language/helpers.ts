import type { ArchDocument, Comment, Statement } from '../../../language/ast';
import { parse } from '../../../language/parser';
import type { Range } from '../../../language/range';
import { archLexer } from '../../../language/tokens';

/** `[TokenName, image]` for every token the lexer keeps (comments included, in source order). */
export function lex(text: string): Array<[string, string]> {
  const { tokens, groups } = archLexer.tokenize(text);
  return [...tokens, ...(groups.comments ?? [])]
    .sort((a, b) => a.startOffset - b.startOffset)
    .map((t) => [t.tokenType.name, t.image]);
}

/** A statement tree without positions: what the formatter must preserve. */
export interface Shape {
  head: string;
  groups: string[][];
  block?: Shape[];
}

export function shape(statements: Statement[]): Shape[] {
  return statements.map((s) => ({
    head: s.head,
    groups: s.groups.map((g) => g.map((a) => `${a.kind}:${a.text}`)),
    ...(s.block ? { block: shape(s.block.statements) } : {}),
  }));
}

/** Comment texts in order; line comments without trailing whitespace (the formatter trims it). */
export function commentTexts(comments: Comment[]): string[] {
  return comments.map((c) => (c.kind === 'line' ? c.text.trimEnd() : c.text));
}

/** `[line, character, line, character]`, 0-based, for compact range assertions. */
export function r(range: Range): [number, number, number, number] {
  return [range.start.line, range.start.character, range.end.line, range.end.character];
}

export function messages(doc: ArchDocument): string[] {
  return doc.errors.map((e) => e.message);
}

/** Parses and fails loudly if the document has errors (for tests of valid input). */
export function parseValid(text: string): ArchDocument {
  const doc = parse(text);
  if (doc.errors.length > 0) {
    throw new Error(`unexpected syntax errors in ${JSON.stringify(text)}: ${JSON.stringify(doc.errors)}`);
  }
  return doc;
}
