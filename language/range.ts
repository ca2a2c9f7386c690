/** Positions and ranges are 0-based, as in LSP: `line` and `character` (UTF-16 code units). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export function position(line: number, character: number): Position {
  return { line, character };
}

export function range(start: Position, end: Position): Range {
  return { start, end };
}

/** A range that covers both `a` and `b`. */
export function cover(a: Range, b: Range): Range {
  const start = comparePositions(a.start, b.start) <= 0 ? a.start : b.start;
  const end = comparePositions(a.end, b.end) >= 0 ? a.end : b.end;
  return { start, end };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

export function containsPosition(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}

/** Whether `inner` lies within `outer` (ends included). */
export function containsRange(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

/** "3:1" — 1-based, the way people read positions in messages. */
export function formatPosition(p: Position): string {
  return `${p.line + 1}:${p.character + 1}`;
}
