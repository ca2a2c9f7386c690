import { EmbeddedActionsParser, EOF, type IToken, type TokenType } from 'chevrotain';
import type { ArchDocument, Atom, AtomKind, Block, Comment, Statement, SyntaxProblem } from './ast';
import { formatPosition, type Range } from './range';
import {
  ALL_TOKENS,
  HeadCategory,
  ListCategory,
  SeparatorCategory,
  StrayCategory,
  archLexer,
  Arrow,
  BadNumber,
  BlockComment,
  Comma,
  Duration,
  Ident,
  LBrace,
  Newline,
  NumberLiteral,
  Percent,
  Pipe,
  RangeLiteral,
  RBrace,
  Ref,
  Semicolon,
  StringLiteral,
  UnterminatedBlockComment,
  UnterminatedString,
} from './tokens';
import { durationMs, rangeMs, unquote } from './values';

/*
 * The generic statement grammar of SPEC §1.1, written so that it accepts EVERY token sequence: anything that
 * cannot start a statement is consumed as a "stray" token and reported. So the parser never needs chevrotain's
 * exception-based recovery, never throws, and always returns a whole tree. Recovery points:
 *  - a line end or `;` ends a statement, whatever went wrong inside it;
 *  - `}` closes the innermost block;
 *  - a missing `}` is detected by indentation: a line that starts at or left of the column of the statement
 *    that opened the block, in a file that indents blocks, ends that block (and the error names the opener).
 *    Only when a `}` IS missing (fewer `}` ahead than open blocks need), so a well-formed file never gets
 *    errors from its layout.
 */

/** Added to every line while `parse` reads a fragment that starts further down a file (`parse(text, firstLine)`). */
let lineBase = 0;

export function tokenRange(token: IToken): Range {
  const start = { line: (token.startLine ?? 1) - 1 + lineBase, character: (token.startColumn ?? 1) - 1 };
  const image = token.image;
  // Chevrotain's end line/column of a token that spans or ends in a line break (a block comment) point past the
  // end of the line; count from the image instead. The end is exclusive: after a final line break, the next line.
  // Only comments and line breaks can span lines; checking the type is much cheaper than scanning the text.
  const type = token.tokenType;
  if (type !== BlockComment && type !== UnterminatedBlockComment && type !== Newline) return { start, end: { line: start.line, character: start.character + image.length } };
  let line = start.line;
  let lineStart = 0;
  for (let i = 0; i < image.length; i++) {
    const c = image.charCodeAt(i);
    if (c === 10 || (c === 13 && image.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  const character = line === start.line ? start.character + image.length : image.length - lineStart;
  return { start, end: { line, character } };
}

const ATOM_KIND = new Map<TokenType, AtomKind>([
  [Ident, 'ident'],
  [Ref, 'ref'],
  [NumberLiteral, 'number'],
  [Duration, 'duration'],
  [RangeLiteral, 'range'],
  [Percent, 'percent'],
  [StringLiteral, 'string'],
  [UnterminatedString, 'string'],
  [BadNumber, 'number'],
  [Arrow, 'arrow'],
  [Pipe, 'pipe'],
]);

/*
 * Short token texts seen lately, each kept once: the 100,000 `replicas` of a large file are then one string, not
 * 100,000 copies (the lexer copies every short image; issue 13, peak memory). Bounded (cleared when full), so
 * the language server never accumulates names; only texts shorter than 13 characters, which V8 copies rather
 * than slicing from the document, so the cache never keeps an old document's text alive.
 */
const INTERNED = new Map<string, string>();
const MAX_INTERNED = 4096;

function intern(text: string): string {
  if (text.length > 12) return text;
  const seen = INTERNED.get(text);
  if (seen !== undefined) return seen;
  if (INTERNED.size >= MAX_INTERNED) INTERNED.clear();
  INTERNED.set(text, text);
  return text;
}

function toAtom(token: IToken, range: Range): Atom {
  const type = token.tokenType;
  // The common kinds first, without the map lookup.
  const image = intern(token.image);
  if (type === Ident) return { kind: 'ident', text: image, range, value: image };
  if (type === Ref) return { kind: 'ref', text: image, range, value: image };
  const kind = ATOM_KIND.get(type) ?? 'ident';
  switch (kind) {
    case 'number':
      return { kind, text: image, range, value: Number(image) };
    case 'duration':
      return { kind, text: image, range, value: durationMs(image) };
    case 'percent':
      return { kind, text: image, range, value: Number(image.slice(0, -1)) };
    case 'string':
      return { kind, text: image, range, value: unquote(image) };
    case 'range': {
      const atom: Atom = { kind, text: image, range, value: image };
      const { min, max } = rangeMs(image);
      atom.min = min;
      atom.max = max;
      return atom;
    }
    default:
      return { kind, text: image, range, value: image };
  }
}

/*
 * Performance notes (parse time was dominated by garbage collection):
 *  - no `ACTION(() => …)` closures: semantic code runs inline, skipped while chevrotain records the grammar
 *    (`RECORDING_PHASE`);
 *  - the functions handed to `MANY`/`OR`/`OPTION` are built once per parser, not per call: an `OR` given a fresh
 *    array of fresh alternatives allocates seven objects per statement. They cannot close over a rule's locals,
 *    so the state they share lives on the parser: `list` (where finished statements go), `opener`/`indented`
 *    (the innermost open block, for missing-`}` recovery), and the atoms of the statement being read. Blocks save
 *    and restore the first two around their contents; the atoms of a statement are read before its block opens;
 *  - one range per token, shared by the atom and the statement or block that ends there.
 */
class StatementParser extends EmbeddedActionsParser {
  problems: SyntaxProblem[] = [];
  /** The tokens being parsed; `closersAhead` is computed from them only when recovery needs it. */
  tokens: IToken[] = [];
  private surplus: Int32Array | undefined;
  /** Blocks open at the current token. */
  depth = 0;

  /** Where statements finished at the current level go. */
  list: Statement[] = [];
  /** The head of the innermost open block's statement (undefined at the top level), and whether it has an indented child. */
  private opener: IToken | undefined = undefined;
  private indented = false;
  /**
   * The statement being read: its atoms (collected in a reused array, then copied out at their exact size: an
   * array grown by `push` from empty reserves room for 17), the atom indexes where comma-separated groups start,
   * the last comma.
   */
  private scratch: Atom[] = [];
  private count = 0;
  private breaks: number[] | undefined = undefined;
  private lastComma: IToken | undefined = undefined;
  /** Handed from a statement to the block it opens. */
  private pendingOpener: IToken | undefined = undefined;
  private pendingFirst: Atom | undefined = undefined;

  constructor() {
    super(ALL_TOKENS, { recoveryEnabled: false, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  private problem(message: string, range: Range): void {
    // A limit on everything: 10,000 stray braces make 10,000 errors nobody reads and every consumer pays for.
    if (this.problems.length < this.budget) this.problems.push({ message, range });
    else this.dropped++;
  }

  /** Problems not recorded past MAX_SYNTAX_ERRORS. */
  dropped = 0;
  /** How many problems the parser may still record: what the lexer left of MAX_SYNTAX_ERRORS. */
  budget = MAX_SYNTAX_ERRORS;

  private readonly topAlternatives = [
    { ALT: () => this.CONSUME(SeparatorCategory) },
    { ALT: () => this.SUBRULE(this.statement) },
    { ALT: () => this.SUBRULE(this.strayAtTop) },
  ];
  private readonly topItem = () => {
    this.OR(this.topAlternatives);
  };

  public document = this.RULE('document', (): void => {
    this.MANY(this.topItem);
  });

  private readonly listItem = () => {
    const token = this.CONSUME(ListCategory);
    if (this.RECORDING_PHASE) return;
    if (token.tokenType === Comma) {
      const atoms = this.count;
      const groupStart = this.breaks === undefined ? 0 : this.breaks[this.breaks.length - 1]!;
      if (atoms === groupStart) this.problem(`expected a value before ','`, tokenRange(token));
      else (this.breaks ??= []).push(atoms);
      this.lastComma = token;
      return;
    }
    const range = tokenRange(token);
    this.checkAtom(token, range);
    this.scratch[this.count++] = toAtom(token, range);
    this.lastComma = undefined;
  };
  /** Past MAX_BLOCK_DEPTH a `{` opens no block (it is reported), so recursion is bounded whatever the input. */
  private readonly blockOption = {
    GATE: () => this.depth < MAX_BLOCK_DEPTH,
    DEF: () => this.SUBRULE(this.block),
  };

  private statement = this.RULE('statement', (): void => {
    const head = this.CONSUME(HeadCategory);
    this.count = 0;
    this.breaks = undefined;
    this.lastComma = undefined;
    this.MANY(this.listItem);
    const atoms = this.count === 0 ? [] : this.scratch.slice(0, this.count);
    // (Set by `listItem` during `MANY`: casts keep TypeScript from narrowing to the values assigned above.)
    const breaks = this.breaks as number[] | undefined;
    const lastComma = this.lastComma as IToken | undefined;
    this.pendingOpener = head;
    this.pendingFirst = atoms[0];
    const block = this.OPTION(this.blockOption);
    if (this.RECORDING_PHASE) return;
    if (!block && this.depth >= MAX_BLOCK_DEPTH && this.LA(1).tokenType === LBrace) {
      this.problem(`blocks are nested more than ${MAX_BLOCK_DEPTH} deep; this \`{\` is not read as a block`, tokenRange(this.LA(1)));
    }
    if (lastComma) this.problem(`expected a value after ','`, tokenRange(lastComma));
    let groups: Atom[][];
    if (breaks === undefined) {
      groups = atoms.length === 0 ? [] : [atoms];
    } else {
      // A trailing comma opens no group.
      if (breaks[breaks.length - 1] === atoms.length) breaks.pop();
      groups = [];
      let from = 0;
      for (const at of breaks) {
        groups.push(atoms.slice(from, at));
        from = at;
      }
      groups.push(from === 0 ? atoms : atoms.slice(from));
      if (atoms.length === 0) groups = [];
    }
    const headRange = tokenRange(head);
    const last = block?.range ?? atoms[atoms.length - 1]?.range ?? headRange;
    if (block?.closeRange) {
      const next = this.LA(1).tokenType;
      if (next !== Newline && next !== Semicolon && next !== RBrace && next !== EOF) {
        this.problem(`expected a new line or ';' after the block of \`${head.image}\``, tokenRange(this.LA(1)));
      }
    }
    // Two literals rather than adding `block` later: one hidden class each, no out-of-object property store.
    const statement: Statement = block
      ? { head: intern(head.image), headRange, atoms, groups, range: { start: headRange.start, end: last.end }, block }
      : { head: intern(head.image), headRange, atoms, groups, range: { start: headRange.start, end: last.end } };
    this.list.push(statement);
    const opener = this.opener;
    if (opener !== undefined && headRange.start.character > (opener.startColumn ?? 1) - 1) this.indented = true;
  });

  private checkAtom(token: IToken, range: Range): void {
    if (token.tokenType === UnterminatedString) {
      this.problem('missing closing \'"\' before the end of the line', range);
    } else if (token.tokenType === BadNumber) {
      this.problem(
        `cannot read \`${token.image}\`: expected a number (3, 0.5), a duration (150ms, 2s, 5m), a range (150ms..300ms) or a percent (99.9%)`,
        range,
      );
    }
  }

  private readonly blockAlternatives = [
    { ALT: () => this.CONSUME2(SeparatorCategory) },
    { ALT: () => this.SUBRULE2(this.statement) },
    { ALT: () => this.SUBRULE(this.strayInBlock) },
  ];
  private readonly blockItems = {
    GATE: () => !this.startsSiblingOf(this.opener, this.indented),
    DEF: () => {
      this.OR(this.blockAlternatives);
    },
  };
  private readonly closeOption = () => this.CONSUME(RBrace);

  private block = this.RULE('block', (): Block => {
    const opener = this.pendingOpener!;
    const firstAtom = this.pendingFirst;
    const open = this.CONSUME(LBrace);
    const outerList = this.list;
    const outerOpener = this.opener;
    const outerIndented = this.indented;
    let statements: Statement[] = [];
    this.list = statements;
    this.opener = opener;
    this.indented = false;
    this.depth++;
    this.MANY(this.blockItems);
    this.list = outerList;
    this.opener = outerOpener;
    this.indented = outerIndented;
    const close = this.OPTION(this.closeOption);
    if (this.RECORDING_PHASE) return undefined as unknown as Block;
    this.depth--;
    // At their exact size: grown by `push`, a block of six statements holds room for sixteen (issue 13).
    if (statements.length > 0) statements = statements.slice();
    const openRange = tokenRange(open);
    if (!close) {
      // The opener's head and name, built only here: most blocks close.
      const label = firstAtom ? `${opener.image} ${firstAtom.text}` : opener.image;
      this.problem(`expected '}' to close \`${label}\` opened at ${formatPosition(tokenRange(opener).start)}`, openRange);
      const lastInside = statements[statements.length - 1]?.range ?? openRange;
      return { statements, range: { start: openRange.start, end: lastInside.end }, openRange };
    }
    const closeRange = tokenRange(close);
    return { statements, range: { start: openRange.start, end: closeRange.end }, openRange, closeRange };
  });

  private readonly strayTopAlternatives = [{ ALT: () => this.CONSUME3(RBrace) }, { ALT: () => this.CONSUME3(LBrace) }, { ALT: () => this.CONSUME3(StrayCategory) }];

  /** Tokens that cannot start a statement, at the top level: reported and skipped. */
  private strayAtTop = this.RULE('strayAtTop', () => {
    const token = this.OR(this.strayTopAlternatives);
    if (!this.RECORDING_PHASE) this.reportStray(token);
  });

  private readonly strayBlockAlternatives = [{ ALT: () => this.CONSUME4(LBrace) }, { ALT: () => this.CONSUME4(StrayCategory) }];

  /** Inside a block `}` closes it, so it is not stray there. */
  private strayInBlock = this.RULE('strayInBlock', () => {
    const token = this.OR(this.strayBlockAlternatives);
    if (!this.RECORDING_PHASE) this.reportStray(token);
  });
  private reportStray(token: IToken): void {
    const range = tokenRange(token);
    if (token.tokenType === RBrace) {
      this.problem(`unexpected '}': there is no open block to close`, range);
    } else if (token.tokenType === LBrace) {
      this.problem(`unexpected '{': a block must follow a statement's head on the same line`, range);
    } else {
      this.problem(`unexpected ${token.tokenType.LABEL ?? token.tokenType.name} \`${token.image}\`: a statement starts with a word`, range);
    }
  }

  /**
   * Missing-`}` recovery. A word at or left of the opener's column, on a later line, starts a sibling of the
   * opener rather than a child — when the file shows it indents (an earlier child was indented), or when the
   * line itself opens a block (it looks like the next element). Unindented one-level files still parse.
   * Never while enough `}` follow to close every open block and every block opened later: then no `}` is
   * missing, and ending a block here would turn a valid file with an odd layout into errors.
   */
  /** `}` minus `{` from `token` to the end of the input: a suffix sum, built on first use, found by offset. */
  private closersAhead(token: IToken): number {
    return closersAheadOf(this, token);
  }

  /** Back to the top level, before a parse. */
  resetLevel(): void {
    this.list = [];
    this.opener = undefined;
    this.indented = false;
    this.pendingOpener = undefined;
    this.pendingFirst = undefined;
  }

  resetSurplus(): void {
    this.surplus = undefined;
  }

  surplusTable(): Int32Array {
    if (!this.surplus) {
      const table = new Int32Array(this.tokens.length);
      let surplus = 0;
      for (let i = this.tokens.length - 1; i >= 0; i--) {
        const type = this.tokens[i]!.tokenType;
        if (type === RBrace) surplus++;
        else if (type === LBrace) surplus--;
        table[i] = surplus;
      }
      this.surplus = table;
    }
    return this.surplus;
  }

  private startsSiblingOf(opener: IToken | undefined, sawIndentedChild: boolean): boolean {
    const next = this.LA(1);
    if (next.tokenType !== Ident || opener === undefined) return false;
    if ((next.startLine ?? 0) <= (opener.startLine ?? 0)) return false;
    if ((next.startColumn ?? 0) > (opener.startColumn ?? 0)) return false;
    if (this.closersAhead(next) >= this.depth) return false;
    if (sawIndentedChild) return true;
    for (let k = 2; k < 200; k++) {
      const type = this.LA(k).tokenType;
      if (type === LBrace) return true;
      if (type === Newline || type === EOF || type === RBrace) return false;
    }
    return false;
  }
}

const NO_TOKENS: IToken[] = [];

/** Deeper nesting than any design needs; the bound keeps the recursive parser far from the stack limit. */
export const MAX_BLOCK_DEPTH = 64;
/** Syntax errors recorded per parse; the rest are counted in one last message. */
export const MAX_SYNTAX_ERRORS = 200;

/** The one parser instance: chevrotain parsers are built once (self-analysis is costly) and reset per input. */
const parser = new StatementParser();

/**
 * The tree of `text`, with every problem. `firstLine` places the text further down a file: every range is moved
 * down by that many lines (language/incremental.ts parses a changed top-level statement alone this way).
 */
export function parse(text: string, firstLine = 0): ArchDocument {
  lineBase = firstLine;
  try {
    return parseText(text, firstLine);
  } finally {
    lineBase = 0;
  }
}

function parseText(text: string, firstLine: number): ArchDocument {
  const problems: SyntaxProblem[] = [];
  const lexed = archLexer.tokenize(text);
  // Lexer errors come out of the same budget as the parser's: 10,000 unreadable characters are 200 errors and
  // one line counting the rest, not 10,000 diagnostics.
  let dropped = 0;
  for (const error of lexed.errors) {
    if (problems.length >= MAX_SYNTAX_ERRORS) {
      dropped++;
      continue;
    }
    const start = { line: (error.line ?? 1) - 1 + firstLine, character: (error.column ?? 1) - 1 };
    const bad = text.substr(error.offset, error.length);
    problems.push({
      message: `unexpected character${bad.length > 1 ? 's' : ''} \`${bad}\``,
      range: { start, end: { line: start.line, character: start.character + Math.max(1, bad.length) } },
    });
  }
  const comments: Comment[] = [];
  for (const token of lexed.groups.comments ?? []) {
    const kind = token.tokenType === BlockComment || token.tokenType === UnterminatedBlockComment ? 'block' : 'line';
    comments.push({ kind, text: token.image, range: tokenRange(token) });
    if (token.tokenType === UnterminatedBlockComment) {
      if (problems.length >= MAX_SYNTAX_ERRORS) dropped++;
      else problems.push({ message: `unterminated comment: '/*' has no closing '*/'`, range: tokenRange(token) });
    }
  }

  parser.input = lexed.tokens;
  parser.problems = [];
  parser.dropped = 0;
  parser.budget = MAX_SYNTAX_ERRORS - problems.length;
  parser.depth = 0;
  parser.tokens = lexed.tokens;
  parser.resetSurplus();
  parser.resetLevel();
  let statements: Statement[] = [];
  try {
    const top = parser.list;
    parser.document();
    statements = top;
  } catch (error) {
    // The grammar accepts every token sequence, so this is a bug in the parser; report it, do not throw.
    problems.push({ message: `internal parser error: ${String(error)}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  }
  problems.push(...parser.problems);
  dropped += parser.dropped;
  for (const error of parser.errors) {
    problems.push({ message: error.message, range: tokenRange(error.token) });
  }
  // Let go of the tokens (the parser would hold them until the next parse) and of the last statement's atoms.
  parser.input = NO_TOKENS;
  parser.tokens = NO_TOKENS;
  parser.resetSurplus();
  parser.resetLevel();
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  if (dropped > 0) {
    // Last, at the last recorded problem: the reader has seen the ones it counts past.
    const last = problems[problems.length - 1]!.range;
    problems.push({ message: `${dropped} more syntax error${dropped === 1 ? '' : 's'} not shown; fix the ones above first`, range: last });
  }
  const end = endOf(text);
  return { statements, comments, errors: problems, range: { start: { line: firstLine, character: 0 }, end: { line: end.line + firstLine, character: end.character } } };
}

function closersAheadOf(parser: StatementParser, token: IToken): number {
  const tokens = parser.tokens;
  const surplus = parser.surplusTable();
  // Binary search by offset: tokens are in source order.
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const offset = tokens[mid]!.startOffset;
    if (offset === token.startOffset) return surplus[mid]!;
    if (offset < token.startOffset) low = mid + 1;
    else high = mid - 1;
  }
  return 0;
}

/** Line ends as the lexer counts them (`\r\n`, `\r`, `\n`), so error ranges never pass the end of the text. */
function endOf(text: string): { line: number; character: number } {
  if (text.indexOf('\r') < 0) {
    // Only `\n` line ends: `indexOf` finds them much faster than a loop over every character.
    let line = 0;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, character: text.length - lineStart };
  }
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: text.length - lineStart };
}
