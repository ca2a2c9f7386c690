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
export const Newline = createToken({ name: 'Newline', pattern: /\r\n?|\n/, line_breaks: true });
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
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Arrow = createToken({ name: 'Arrow', pattern: /->/, label: "'->'" });
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/, label: "'|'" });

export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\.)*"/, label: 'string' });
/** A string whose closing quote is missing on its line: reported, and treated as a string to line end. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"(?:[^"\\\r\n]|\\.)*/, label: 'string' });

const UNIT = '(?:ms|s|m|h|d)';
const NUM = '\\d+(?:\\.\\d+)?';
// A number glued to letters that are not a unit (`5min`, `3x`), or to `.`/`%` (`1..2`, `1s..2`, `3.`), must not
// split into a number and garbage: it falls through to BadNumber and is reported once, as a whole.
const NOT_WORD_AFTER = '(?![A-Za-z0-9_.%])';

export const RangeLiteral = createToken({
  name: 'RangeLiteral',
  pattern: new RegExp(`${NUM}${UNIT}\\.\\.${NUM}${UNIT}${NOT_WORD_AFTER}`),
  label: 'range',
});
export const Duration = createToken({ name: 'Duration', pattern: new RegExp(`${NUM}${UNIT}${NOT_WORD_AFTER}`), label: 'duration' });
export const Percent = createToken({ name: 'Percent', pattern: new RegExp(`${NUM}%${NOT_WORD_AFTER}`), label: 'percent' });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: new RegExp(`${NUM}${NOT_WORD_AFTER}`), label: 'number' });
/** `5min`, `3x`, `1..2`: something number-like we cannot read; one token so the error names all of it. */
export const BadNumber = createToken({ name: 'BadNumber', pattern: /\d[A-Za-z0-9_.%]*/, label: 'number' });

const IDENT = '[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*';
export const Ref = createToken({ name: 'Ref', pattern: new RegExp(`${IDENT}\\.${IDENT}`), label: 'reference' });
export const Ident = createToken({ name: 'Ident', pattern: new RegExp(IDENT), label: 'word' });

export const ALL_TOKENS: TokenType[] = [
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

/** One lexer for the process: building it analyses every pattern, which is too slow to do per keystroke. */
export const archLexer = new Lexer(ALL_TOKENS, {
  positionTracking: 'full',
  ensureOptimizations: true,
});
