import type { ArchDocument, Atom, Block, Comment, Statement, SyntaxProblem } from './ast';
import { MAX_SYNTAX_ERRORS, parse } from './parser';
import type { Position, Range } from './range';

/*
 * Incremental parsing for the editor: the text is parsed in chunks of whole top-level statements, and after an
 * edit only the chunks the edit touches are parsed again; the others are kept (moved down or up when the edit
 * added or removed lines). The document is always the one `parse(text)` returns, deep-equal: chunks are cut only
 * where parsing a piece alone cannot differ from parsing it in the whole text.
 *
 * A chunk starts where the parser is back at the top level and the lexer between tokens, and is kept only if it
 * is *settled*, so that what follows it cannot change how it parses:
 *  - its text ends with a line break (so nothing after it can continue its last statement or token);
 *  - every block in it is closed by its own `}`, and no statement inside a block starts on a later line at or left
 *    of the column of the statement that opened the block — the only place the parser looks past the statement,
 *    at the `}` left in the rest of the file (missing-`}` recovery, parser.ts `startsSiblingOf`);
 *  - no block comment in it is unterminated (it would run to the end of the file);
 *  - its problems stay under the file's cap (MAX_SYNTAX_ERRORS counts the whole file; near the cap the whole text
 *    is parsed at once).
 * Pieces are cut at lines that start with a word in column 0 (where top-level statements start); a piece that is
 * not settled is joined with the next, and after a few tries the rest of the text is parsed in one piece, which is
 * exact whatever it contains. Only the last chunk may be unsettled. Problems are sorted by position within each
 * chunk, and chunks hold disjoint lines, so the concatenated lists are in the order `parse` gives.
 *
 * The work comes in steps (a generator that yields after each chunk), so the language server can interleave it
 * with requests; `reparse` runs the steps to the end.
 */

export interface Chunk {
  /** Offsets of the chunk's text in the text it was parsed from. */
  readonly start: number;
  readonly end: number;
  /** Its first line, and how many line breaks its text holds. */
  readonly line: number;
  readonly breaks: number;
  readonly statements: readonly Statement[];
  readonly comments: readonly Comment[];
  readonly errors: readonly SyntaxProblem[];
  /** Parses the same whatever follows it (see above). */
  readonly settled: boolean;
}

export interface ParsedText {
  readonly text: string;
  readonly document: ArchDocument;
  readonly chunks: readonly Chunk[];
  /** How many chunks were parsed for this text (the rest were kept from the previous one). */
  readonly parsed: number;
}

/** Joins an unsettled piece with the next this many times before parsing the rest of the text in one piece. */
const MAX_JOINS = 3;
/** Moving chunks to other lines copies their trees: a step every this many chunks. */
const MOVES_PER_STEP = 64;

/** `parse(text)`, in chunks, reusing `previous` (the parse of an earlier text of the same document). */
export function reparse(previous: ParsedText | undefined, text: string): ParsedText {
  const steps = reparseSteps(previous, text);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export function* reparseSteps(previous: ParsedText | undefined, text: string): Generator<void, ParsedText, void> {
  if (previous && previous.text === text) return previous;
  const out: Chunk[] = [];
  let from = 0;
  let line = 0;
  let stops: Map<number, number> | undefined;
  let lineDelta = 0;
  const old = previous?.chunks ?? [];
  if (previous) {
    const before = previous.text;
    const p = commonPrefix(before, text);
    const q = commonSuffix(before, text, p);
    // Kept in front: settled chunks wholly before the first changed character — unless a chunk ends in a lone
    // `\r` that the edit now follows with `\n` (one line break, which would straddle two chunks).
    let i = 0;
    for (; i < old.length; i++) {
      const c = old[i]!;
      if (!c.settled || c.end > p) break;
      if (before.charCodeAt(c.end - 1) === 13 && text.charCodeAt(c.end) === 10) break;
      out.push(c);
    }
    if (i > 0) {
      from = out[i - 1]!.end;
      line = out[i - 1]!.line + out[i - 1]!.breaks;
    }
    // Kept behind: chunks wholly after the last changed character, that still start a line; parsing stops at the
    // first of them it reaches exactly.
    const delta = text.length - before.length;
    stops = new Map();
    for (let j = old.length - 1; j >= i; j--) {
      const c = old[j]!;
      if (c.start < before.length - q || c.start + delta < from) break;
      if (lineStartAt(text, c.start + delta)) stops.set(c.start + delta, j);
    }
    if (stops.size === 0) stops = undefined;
  }
  let parsed = 0;
  const at = yield* parsePieces(text, from, line, stops, out, () => parsed++);
  if (at === undefined) return whole(text);
  if (at.offset < text.length && stops) {
    // Reached a kept chunk: it and every chunk after it move by the same offset and number of lines.
    const first = stops.get(at.offset)!;
    const shift = at.offset - old[first]!.start;
    lineDelta = at.line - old[first]!.line;
    for (let j = first; j < old.length; j++) {
      const c = old[j]!;
      if (!c.settled && lineDelta !== 0) {
        // The unsettled last chunk is parsed again on its new lines: its messages may name lines (`opened at 12:1`).
        const rest = yield* parsePieces(text, c.start + shift, c.line + lineDelta, undefined, out, () => parsed++);
        if (rest === undefined) return whole(text);
        break;
      }
      out.push(moveChunk(c, shift, lineDelta));
      if (lineDelta !== 0 && (j - first) % MOVES_PER_STEP === MOVES_PER_STEP - 1) yield;
    }
  }
  let problems = 0;
  for (const c of out) problems += c.errors.length;
  if (problems >= MAX_SYNTAX_ERRORS) return whole(text);
  return { text, document: assemble(text, out), chunks: out, parsed };
}

/** The whole text as one chunk, parsed at once (near the problem cap, or after an internal parser error). */
function whole(text: string): ParsedText {
  const document = parse(text);
  const chunk: Chunk = { start: 0, end: text.length, line: 0, breaks: document.range.end.line, statements: document.statements, comments: document.comments, errors: document.errors, settled: false };
  return { text, document, chunks: [chunk], parsed: 1 };
}

/**
 * Parses `text` from `from` (line `line`, the top level) in settled pieces into `out`, until the end of the text
 * or a `stops` offset; returns where it stopped, or undefined when the parser failed internally (then only a
 * parse of the whole text is exact).
 */
function* parsePieces(
  text: string,
  from: number,
  line: number,
  stops: ReadonlyMap<number, number> | undefined,
  out: Chunk[],
  counted: () => void,
): Generator<void, { offset: number; line: number } | undefined, void> {
  let o = from;
  let l = line;
  const crlf = text.indexOf('\r') >= 0;
  // A kept chunk may start on any line (not only at a word in column 0): pieces end there too.
  const stopAt = stops ? [...stops.keys()].sort((a, b) => a - b) : [];
  let nextStop = 0;
  const pieceEnd = (after: number) => {
    while (nextStop < stopAt.length && stopAt[nextStop]! <= after) nextStop++;
    return Math.min(nextPieceStart(text, after, crlf), stopAt[nextStop] ?? text.length);
  };
  while (o < text.length && !stops?.has(o)) {
    let end = pieceEnd(o);
    for (let joins = 0; ; joins++) {
      const piece = text.slice(o, end);
      const document = parse(piece, l);
      counted();
      if (document.errors.some((e) => e.message.startsWith('internal parser error'))) return undefined;
      const settled = isSettled(piece, document);
      if (settled || end >= text.length) {
        const breaks = document.range.end.line - l;
        out.push({ start: o, end, line: l, breaks, statements: document.statements, comments: document.comments, errors: document.errors, settled });
        l += breaks;
        break;
      }
      end = joins + 1 >= MAX_JOINS ? text.length : pieceEnd(end);
    }
    o = end;
    yield;
  }
  return { offset: o, line: l };
}

/** The start of the next line after `from` that begins with a word in column 0, or the end of the text. */
function nextPieceStart(text: string, from: number, crlf: boolean): number {
  let i = from;
  for (;;) {
    let next: number;
    if (!crlf) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return text.length;
      next = nl + 1;
    } else {
      let k = i;
      while (k < text.length) {
        const c = text.charCodeAt(k);
        if (c === 10 || c === 13) break;
        k++;
      }
      if (k >= text.length) return text.length;
      next = text.charCodeAt(k) === 13 && text.charCodeAt(k + 1) === 10 ? k + 2 : k + 1;
    }
    if (next >= text.length) return text.length;
    const c = text.charCodeAt(next);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) return next;
    i = next;
  }
}

/** Whether `offset` starts a line of `text` (as the lexer counts lines: `\r\n`, `\r`, `\n`). */
function lineStartAt(text: string, offset: number): boolean {
  if (offset === 0) return true;
  const before = text.charCodeAt(offset - 1);
  return before === 10 || (before === 13 && text.charCodeAt(offset) !== 10);
}

function isSettled(piece: string, document: ArchDocument): boolean {
  const last = piece.charCodeAt(piece.length - 1);
  if (last !== 10 && last !== 13) return false;
  if (document.errors.length >= MAX_SYNTAX_ERRORS) return false;
  for (const c of document.comments) if (c.kind === 'block' && !(c.text.length >= 4 && c.text.endsWith('*/'))) return false;
  for (const s of document.statements) if (!settledStatement(s)) return false;
  return true;
}

function settledStatement(s: Statement): boolean {
  const block = s.block;
  if (!block) return true;
  if (!block.closeRange) return false;
  const { line, character } = s.headRange.start;
  for (const child of block.statements) {
    const head = child.headRange.start;
    if (head.line > line && head.character <= character) return false;
    if (!settledStatement(child)) return false;
  }
  return true;
}

function assemble(text: string, chunks: readonly Chunk[]): ArchDocument {
  const statements: Statement[] = [];
  const comments: Comment[] = [];
  const errors: SyntaxProblem[] = [];
  let lines = 0;
  for (const c of chunks) {
    for (const s of c.statements) statements.push(s);
    for (const x of c.comments) comments.push(x);
    for (const e of c.errors) errors.push(e);
    lines += c.breaks;
  }
  const lastLineStart = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
  return { statements, comments, errors, range: { start: { line: 0, character: 0 }, end: { line: lines, character: text.length - lastLineStart } } };
}

function moveChunk(c: Chunk, shift: number, lines: number): Chunk {
  if (lines === 0) return { ...c, start: c.start + shift, end: c.end + shift };
  return {
    start: c.start + shift,
    end: c.end + shift,
    line: c.line + lines,
    breaks: c.breaks,
    statements: c.statements.map((s) => moveStatement(s, lines)),
    comments: c.comments.map((x) => ({ kind: x.kind, text: x.text, range: moveRange(x.range, lines) })),
    errors: c.errors.map((e) => ({ message: e.message, range: moveRange(e.range, lines) })),
    settled: c.settled,
  };
}

function movePosition(p: Position, lines: number): Position {
  return { line: p.line + lines, character: p.character };
}

function moveRange(r: Range, lines: number): Range {
  return { start: movePosition(r.start, lines), end: movePosition(r.end, lines) };
}

function moveAtom(a: Atom, lines: number): Atom {
  const out: Atom = { kind: a.kind, text: a.text, range: moveRange(a.range, lines), value: a.value };
  if ('min' in a) out.min = a.min;
  if ('max' in a) out.max = a.max;
  return out;
}

/** A copy of the statement on other lines; the groups hold the copied atoms, as the parser's hold the atoms. */
function moveStatement(s: Statement, lines: number): Statement {
  const atoms = s.atoms.map((a) => moveAtom(a, lines));
  let k = 0;
  const groups = s.groups.map((g) => {
    if (g === s.atoms) return atoms;
    const copy = atoms.slice(k, k + g.length);
    k += g.length;
    return copy;
  });
  const headRange = moveRange(s.headRange, lines);
  const range = moveRange(s.range, lines);
  return s.block ? { head: s.head, headRange, atoms, groups, range, block: moveBlock(s.block, lines) } : { head: s.head, headRange, atoms, groups, range };
}

function moveBlock(b: Block, lines: number): Block {
  const statements = b.statements.map((s) => moveStatement(s, lines));
  const out: Block = { statements, range: moveRange(b.range, lines), openRange: moveRange(b.openRange, lines) };
  if (b.closeRange) out.closeRange = moveRange(b.closeRange, lines);
  return out;
}

/** Characters compared at once by `commonPrefix`/`commonSuffix` (a string comparison is much faster than a loop). */
const BLOCK = 4096;

/** The length of the longest common start of `a` and `b`. */
export function commonPrefix(a: string, b: string): number {
  const common = Math.min(a.length, b.length);
  let p = 0;
  while (p + BLOCK <= common && a.slice(p, p + BLOCK) === b.slice(p, p + BLOCK)) p += BLOCK;
  while (p < common && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** The length of the longest common end of `a` and `b` that leaves their first `prefix` characters alone. */
export function commonSuffix(a: string, b: string, prefix: number): number {
  const most = Math.min(a.length, b.length) - prefix;
  let q = 0;
  while (q + BLOCK <= most && a.slice(a.length - q - BLOCK, a.length - q) === b.slice(b.length - q - BLOCK, b.length - q)) q += BLOCK;
  while (q < most && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
  return q;
}
