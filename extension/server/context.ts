import type { Block, Statement } from '../../language/ast';
import { comparePositions, type Position } from '../../language/range';
import { KINDS } from '../../language/vocabulary/kinds';
import type { PropertySpec } from '../../language/vocabulary/property';
import type { Analysis } from './documents';
import type { StatementInfo } from './syntax-index';

/*
 * Where the cursor is, in the terms completion needs: which block it is in (and so which property table
 * applies), and on its line whether it is typing a statement head or a value after a head.
 */

export interface CursorContext {
  /** The statement whose block holds the cursor; undefined at top level. */
  container?: StatementInfo;
  /** Properties allowed in that block (at top level: none; kinds are offered instead). */
  table: readonly PropertySpec[];
  /** The statements already in that block. */
  siblings: readonly Statement[];
  /** Typing a head: the word so far. */
  headPrefix?: string;
  /** Typing a value: the head of the statement, the atoms before the cursor and the word being typed. */
  value?: { head: string; before: string; word: string };
}

function inside(owner: Statement, block: Block, p: Position, lines: readonly string[]): boolean {
  if (comparePositions(p, block.openRange.end) < 0) return false;
  if (block.closeRange) return comparePositions(p, block.closeRange.start) <= 0;
  // No `}` yet (the user is typing): the block runs to where the parser stopped looking, and past it on lines
  // indented deeper than the statement that opened it (the parser closes a block at a line that is not).
  if (comparePositions(p, block.range.end) <= 0) return true;
  const line = lines[p.line] ?? '';
  const indent = /^\s*/.exec(line)![0].length;
  const column = line.trim() === '' ? p.character : indent;
  return column > owner.headRange.start.character;
}

export function cursorContext(analysis: Analysis, p: Position): CursorContext {
  let statements = analysis.result.document.statements;
  let container: StatementInfo | undefined;
  for (;;) {
    const next = statements.find((s) => s.block && inside(s, s.block, p, analysis.lines));
    if (!next?.block) break;
    container = analysis.index.info(next);
    statements = next.block.statements;
    if (!container) break;
  }
  const table = container ? container.childTable : [];
  const line = (analysis.lines[p.line] ?? '').slice(0, p.character);
  // The statement being typed starts after the last `{` or `;` on the line (or at the line start).
  const start = Math.max(line.lastIndexOf('{'), line.lastIndexOf(';')) + 1;
  const text = line.slice(start).replace(/\/\*.*?\*\//g, ' ');
  const ctx: CursorContext = { ...(container ? { container } : {}), table, siblings: statements };
  if (/\/\//.test(text) || /"/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, ''))) return ctx; // in a comment or an open string
  const head = /^\s*([A-Za-z_][\w-]*)?$/.exec(text);
  if (head) return { ...ctx, headPrefix: head[1] ?? '' };
  const value = /^\s*([A-Za-z_][\w-]*)\s+(.*?)([\w.-]*)$/.exec(text);
  if (value) return { ...ctx, value: { head: value[1]!, before: value[2]!, word: value[3]! } };
  return ctx;
}

export const KIND_NAMES = KINDS.map((k) => k.kind);
