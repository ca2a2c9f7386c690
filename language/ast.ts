import type { Range } from './range';

/*
 * The syntax tree of SPEC §1.1. Every node keeps its range; the tree knows no vocabulary.
 */

export type AtomKind = 'ident' | 'ref' | 'number' | 'duration' | 'range' | 'percent' | 'string' | 'arrow' | 'pipe';

export interface Atom {
  kind: AtomKind;
  /** The source text exactly as written. */
  text: string;
  range: Range;
  /**
   * The value: for `number` the number, `duration` milliseconds, `percent` the number before `%`,
   * `string` the unescaped content, `ident`/`ref` the text. `range` keeps `min`/`max` in milliseconds.
   */
  value: string | number;
  min?: number;
  max?: number;
}

export interface Statement {
  head: string;
  headRange: Range;
  /** All atoms in order, commas left out. */
  atoms: Atom[];
  /** The atoms split at commas: `zones a, b` → [[a], [b]]; `backoff exponential 1s..2s` → [[exponential, 1s..2s]]. */
  groups: Atom[][];
  block?: Block;
  /** From the head to the end of the last atom or the closing brace. */
  range: Range;
}

export interface Block {
  statements: Statement[];
  /** From `{` to `}` (or to where the parser gave up looking for `}`). */
  range: Range;
  openRange: Range;
  /** Absent when the `}` is missing (a syntax error was reported). */
  closeRange?: Range;
}

export interface Comment {
  kind: 'line' | 'block';
  text: string;
  range: Range;
}

export interface SyntaxProblem {
  message: string;
  range: Range;
}

export interface ArchDocument {
  statements: Statement[];
  comments: Comment[];
  /** Lexer and parser errors. Parsing never throws; a broken document still has a tree. */
  errors: SyntaxProblem[];
  /** Range of the whole text. */
  range: Range;
}
