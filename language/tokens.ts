import { createToken, Lexer, type TokenType } from 'chevrotain';

/*
 * Tokens of the generic statement grammar (SPEC §1.1). The grammar knows no vocabulary: every word is an
 * Ident; the zod schemas decide what words mean.
 *
 * Order matters: chevrotain takes the FIRST pattern that matches, not the longest. So:
 *  - comments before anything that could start with `/`;
 *  - Range before Duration before Percent before Number (all start with digits; `150ms..300ms` must not lex
 *    as Duration `150ms` followed by garbage, `99.9%` not as Number `99.9`);
 *  - Ref before Ident (`payments.charge` is one token);
 *  - Arrow before anything that could start with `-` (nothing else does, identifiers cannot start with `-`).
 */

// A lone `\r` is a line end too, as in LSP and in chevrotain's own line counting (block comments spanning a
// lone `\r` count it as a line); otherwise positions after it would disagree with the editor's.
/*
 * Categories let the parser consume "any value" or "any statement head" with ONE `CONSUME` instead of an `OR`
 * over a dozen alternatives — an `OR` allocates its alternatives on every call, which dominated parse time.
 */
/** Anything that may stand as an atom of a statement. */
export const AtomCategory = createToken({ name: 'AtomCategory', pattern: Lexer.NA, label: 'value' });
/** What may start a statement. */
export const HeadCategory = createToken({ name: 'HeadCategory', pattern: Lexer.NA, label: 'word' });
/** What may follow a statement's head on its line: atoms and the commas between them. */
export const ListCategory = createToken({ name: 'ListCategory', pattern: Lexer.NA, label: 'value' });
/** What ends a statement. */
export const SeparatorCategory = createToken({ name: 'SeparatorCategory', pattern: Lexer.NA, label: 'end of statement' });
/** Tokens that cannot start a statement at a line start (reported as stray, then skipped). */
export const StrayCategory = createToken({ name: 'StrayCategory', pattern: Lexer.NA, label: 'value' });

export const Newline = createToken({ name: 'Newline', categories: [SeparatorCategory], pattern: /\r\n?|\n/, line_breaks: true });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: 'comments',
  line_breaks: true,
});
/** An unterminated block comment swallows the rest of the file; lexed as its own token so we can report it. */
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: 'comments',
  line_breaks: true,
});

export const LBrace = createToken({ name: 'LBrace', pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: 'RBrace', pattern: /\}/, label: "'}'" });
export const Semicolon = createToken({ name: 'Semicolon', categories: [SeparatorCategory], pattern: /;/, label: "';'" });
export const Comma = createToken({ name: 'Comma', categories: [StrayCategory, ListCategory], pattern: /,/, label: "','" });
export const Arrow = createToken({ name: 'Arrow', categories: [AtomCategory, StrayCategory, ListCategory], pattern: /->/, label: "'->'" });
export const Pipe = createToken({ name: 'Pipe', categories: [AtomCategory, StrayCategory, ListCategory], pattern: /\|/, label: "'|'" });

export const StringLiteral = createToken({ name: 'StringLiteral', categories: [AtomCategory, StrayCategory, ListCategory], pattern: /"(?:[^"\\\r\n]|\\.)*"/, label: 'string' });
/** A string whose closing quote is missing on its line: reported, and treated as a string to line end. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', categories: [AtomCategory, StrayCategory, ListCategory], pattern: /"(?:[^"\\\r\n]|\\.)*/, label: 'string' });

const UNIT = '(?:ms|s|m|h|d)';
const NUM = '\\d+(?:\\.\\d+)?';
// A number glued to letters that are not a unit (`5min`, `3x`), or to `.`/`%` (`1..2`, `1s..2`, `3.`), must not
// split into a number and garbage: it falls through to BadNumber and is reported once, as a whole.
const NOT_WORD_AFTER = '(?![A-Za-z0-9_.%])';

export const RangeLiteral = createToken({
  name: 'RangeLiteral',
  categories: [AtomCategory, StrayCategory, ListCategory],
  pattern: new RegExp(`${NUM}${UNIT}\\.\\.${NUM}${UNIT}${NOT_WORD_AFTER}`),
  label: 'range',
});
export const Duration = createToken({ name: 'Duration', categories: [AtomCategory, StrayCategory, ListCategory], pattern: new RegExp(`${NUM}${UNIT}${NOT_WORD_AFTER}`), label: 'duration' });
export const Percent = createToken({ name: 'Percent', categories: [AtomCategory, StrayCategory, ListCategory], pattern: new RegExp(`${NUM}%${NOT_WORD_AFTER}`), label: 'percent' });
export const NumberLiteral = createToken({ name: 'NumberLiteral', categories: [AtomCategory, StrayCategory, ListCategory], pattern: new RegExp(`${NUM}${NOT_WORD_AFTER}`), label: 'number' });
/** `5min`, `3x`, `1..2`: something number-like we cannot read; one token so the error names all of it. */
export const BadNumber = createToken({ name: 'BadNumber', categories: [AtomCategory, StrayCategory, ListCategory], pattern: /\d[A-Za-z0-9_.%]*/, label: 'number' });

const IDENT = '[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*';
export const Ref = createToken({ name: 'Ref', categories: [AtomCategory, HeadCategory, ListCategory], pattern: new RegExp(`${IDENT}\\.${IDENT}`), label: 'reference' });
export const Ident = createToken({ name: 'Ident', categories: [AtomCategory, HeadCategory, ListCategory], pattern: new RegExp(IDENT), label: 'word' });

export const ALL_TOKENS: TokenType[] = [
  AtomCategory,
  HeadCategory,
  StrayCategory,
  ListCategory,
  SeparatorCategory,
  Newline,
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  LBrace,
  RBrace,
  Semicolon,
  Comma,
  Arrow,
  Pipe,
  StringLiteral,
  UnterminatedString,
  RangeLiteral,
  Duration,
  Percent,
  NumberLiteral,
  BadNumber,
  Ref,
  Ident,
];

/**
 * One lexer for the process: building it analyses every pattern, which is too slow to do per keystroke.
 * Tokens track their start only: every range is computed from the start and the image (`tokenRange` in
 * parser.ts), so chevrotain's end line/column/offset were never read, and tokens without them are a third
 * smaller and faster to create (lexing took ~40% less time).
 */
export const archLexer = new Lexer(ALL_TOKENS, {
  positionTracking: 'onlyStart',
  ensureOptimizations: true,
});
