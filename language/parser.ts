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

export function tokenRange(token: IToken): Range {
  const start = { line: (token.startLine ?? 1) - 1, character: (token.startColumn ?? 1) - 1 };
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

function toAtom(token: IToken): Atom {
  const kind = ATOM_KIND.get(token.tokenType) ?? 'ident';
  const atom: Atom = { kind, text: token.image, range: tokenRange(token), value: token.image };
  switch (kind) {
    case 'number':
      atom.value = Number(token.image);
      break;
    case 'duration':
      atom.value = durationMs(token.image);
      break;
    case 'percent':
      atom.value = Number(token.image.slice(0, -1));
      break;
    case 'string':
      atom.value = unquote(token.image);
      break;
    case 'range': {
      const { min, max } = rangeMs(token.image);
      atom.min = min;
      atom.max = max;
      break;
    }
  }
  return atom;
}

class StatementParser extends EmbeddedActionsParser {
  problems: SyntaxProblem[] = [];
  /** The tokens being parsed; `closersAhead` is computed from them only when recovery needs it. */
  tokens: IToken[] = [];
  private surplus: Int32Array | undefined;
  /** Blocks open at the current token. */
  depth = 0;

  constructor() {
    super(ALL_TOKENS, { recoveryEnabled: false, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  private problem(message: string, range: Range): void {
    this.problems.push({ message, range });
  }

  public document = this.RULE('document', (): Statement[] => {
    const statements: Statement[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(SeparatorCategory) },
        {
          ALT: () => {
            const statement = this.SUBRULE(this.statement);
            this.ACTION(() => statements.push(statement));
          },
        },
        { ALT: () => this.SUBRULE(this.strayAtTop) },
      ]);
    });
    return statements;
  });

  private statement = this.RULE('statement', (): Statement => {
    const head = this.CONSUME(HeadCategory);
    const groups: Atom[][] = [[]];
    let lastComma: IToken | undefined;
    this.MANY(() => {
      const token = this.CONSUME(ListCategory);
      this.ACTION(() => {
        if (token.tokenType === Comma) {
          if (groups[groups.length - 1]!.length === 0) this.problem(`expected a value before ','`, tokenRange(token));
          else groups.push([]);
          lastComma = token;
          return;
        }
        this.checkAtom(token);
        groups[groups.length - 1]!.push(toAtom(token));
        lastComma = undefined;
      });
    });
    const block = this.OPTION(() => this.SUBRULE(this.block, { ARGS: [head, groups[0]] }));
    return this.ACTION(() => {
      if (lastComma) this.problem(`expected a value after ','`, tokenRange(lastComma));
      if (groups[groups.length - 1]!.length === 0 && groups.length > 1) groups.pop();
      const atoms = groups.length === 1 ? groups[0]! : groups.flat();
      const headRange = tokenRange(head);
      const last = block?.range ?? atoms[atoms.length - 1]?.range ?? headRange;
      if (block?.closeRange) {
        const next = this.LA(1).tokenType;
        if (next !== Newline && next !== Semicolon && next !== RBrace && next !== EOF) {
          this.problem(`expected a new line or ';' after the block of \`${head.image}\``, tokenRange(this.LA(1)));
        }
      }
      const statement: Statement = {
        head: head.image,
        headRange,
        atoms,
        groups: atoms.length === 0 ? [] : groups,
        range: { start: headRange.start, end: last.end },
      };
      if (block) statement.block = block;
      return statement;
    }) as Statement;
  });

  private checkAtom(token: IToken): void {
    if (token.tokenType === UnterminatedString) {
      this.problem('missing closing \'"\' before the end of the line', tokenRange(token));
    } else if (token.tokenType === BadNumber) {
      this.problem(
        `cannot read \`${token.image}\`: expected a number (3, 0.5), a duration (150ms, 2s, 5m), a range (150ms..300ms) or a percent (99.9%)`,
        tokenRange(token),
      );
    }
  }

  private block = this.RULE('block', (opener: IToken, firstAtoms: Atom[] | undefined): Block => {
    const open = this.CONSUME(LBrace);
    this.ACTION(() => this.depth++);
    const statements: Statement[] = [];
    let indented = false;
    this.MANY({
      GATE: () => !this.startsSiblingOf(opener, indented),
      DEF: () => {
        this.OR([
          { ALT: () => this.CONSUME(SeparatorCategory) },
          {
            ALT: () => {
              const statement = this.SUBRULE(this.statement);
              this.ACTION(() => {
                statements.push(statement);
                if (statement.headRange.start.character > (opener.startColumn ?? 1) - 1) indented = true;
              });
            },
          },
          { ALT: () => this.SUBRULE(this.strayInBlock) },
        ]);
      },
    });
    const close = this.OPTION(() => this.CONSUME(RBrace));
    return this.ACTION(() => {
      this.depth--;
      const openRange = tokenRange(open);
      const lastInside = statements[statements.length - 1]?.range ?? openRange;
      if (!close) {
        // The opener's head and name, built only here: most blocks close.
        const label = firstAtoms?.[0] ? `${opener.image} ${firstAtoms[0].text}` : opener.image;
        this.problem(
          `expected '}' to close \`${label}\` opened at ${formatPosition(tokenRange(opener).start)}`,
          openRange,
        );
      }
      const end = close ? tokenRange(close).end : lastInside.end;
      const block: Block = { statements, range: { start: openRange.start, end }, openRange };
      if (close) block.closeRange = tokenRange(close);
      return block;
    }) as Block;
  });

  /** Tokens that cannot start a statement, at the top level: reported and skipped. */
  private strayAtTop = this.RULE('strayAtTop', () => {
    const token = this.OR([
      { ALT: () => this.CONSUME(RBrace) },
      { ALT: () => this.CONSUME(LBrace) },
      { ALT: () => this.CONSUME(StrayCategory) },
    ]);
    this.ACTION(() => this.reportStray(token));
  });

  /** Inside a block `}` closes it, so it is not stray there. */
  private strayInBlock = this.RULE('strayInBlock', () => {
    const token = this.OR([{ ALT: () => this.CONSUME(LBrace) }, { ALT: () => this.CONSUME(StrayCategory) }]);
    this.ACTION(() => this.reportStray(token));
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

  private startsSiblingOf(opener: IToken, sawIndentedChild: boolean): boolean {
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

/** The one parser instance: chevrotain parsers are built once (self-analysis is costly) and reset per input. */
const parser = new StatementParser();

export function parse(text: string): ArchDocument {
  const problems: SyntaxProblem[] = [];
  const lexed = archLexer.tokenize(text);
  for (const error of lexed.errors) {
    const start = { line: (error.line ?? 1) - 1, character: (error.column ?? 1) - 1 };
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
      problems.push({ message: `unterminated comment: '/*' has no closing '*/'`, range: tokenRange(token) });
    }
  }

  parser.input = lexed.tokens;
  parser.problems = [];
  parser.depth = 0;
  parser.tokens = lexed.tokens;
  parser.resetSurplus();
  let statements: Statement[] = [];
  try {
    statements = parser.document() ?? [];
  } catch (error) {
    // The grammar accepts every token sequence, so this is a bug in the parser; report it, do not throw.
    problems.push({ message: `internal parser error: ${String(error)}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  }
  problems.push(...parser.problems);
  for (const error of parser.errors) {
    problems.push({ message: error.message, range: tokenRange(error.token) });
  }
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { statements, comments, errors: problems, range: { start: { line: 0, character: 0 }, end: endOf(text) } };
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
