import type { ArchDocument, Block } from './ast';
import type { Fix } from './diagnostic';
import { lineStarts, offsetAt } from './edits';
import { MAX_SYNTAX_ERRORS } from './parser';

/*
 * Fixes are computed from the tree, and next to a syntax error the tree is the parser's guess (an unterminated
 * string runs to the line end, a block without its `}` ends where recovery ended it). An edit there lands in
 * text the author has not finished writing: inside the string, after the block the parser made up. So neither
 * `check --fix` nor the editor's quick fixes apply a fix whose edits lie in or touch (spaces and tabs between
 * count as touching) a syntax error's range or the recovery region of a block whose `}` is missing.
 */

interface Span {
  start: number;
  end: number;
}

/** Whether a fix lies in or next to a syntax error of `document` (the tree of `text`). */
export type SyntaxGuard = (fix: Fix) => boolean;

const NEVER: SyntaxGuard = () => false;
const ALWAYS: SyntaxGuard = () => true;

/** The guard for one text and its tree; build it once and ask it about every fix. */
export function syntaxGuard(text: string, document: ArchDocument): SyntaxGuard {
  const errors = document.errors;
  if (errors.length === 0) return NEVER;
  // Past the cap some errors have no range, and a parser bug's range means nothing: fix nothing at all.
  if (errors.length > MAX_SYNTAX_ERRORS || errors.some((e) => e.message.startsWith('internal parser error'))) return ALWAYS;
  const starts = lineStarts(text);
  const spans: Span[] = errors.map((e) => widen(text, offsetAt(text, e.range.start, starts), offsetAt(text, e.range.end, starts)));
  for (const block of unclosedBlocks(document)) {
    spans.push(widen(text, offsetAt(text, block.openRange.start, starts), offsetAt(text, block.range.end, starts)));
  }
  return (fix) =>
    fix.edits.some((edit) => {
      const a = offsetAt(text, edit.range.start, starts);
      const b = Math.max(a, offsetAt(text, edit.range.end, starts));
      return spans.some((s) => a <= s.end && s.start <= b);
    });
}

/** One-off form of `syntaxGuard`. */
export function fixNearSyntaxError(text: string, document: ArchDocument, fix: Fix): boolean {
  return syntaxGuard(text, document)(fix);
}

/** A span grown over the spaces and tabs either side: an edit separated from an error by blanks still touches it. */
function widen(text: string, start: number, end: number): Span {
  let a = Math.min(start, end);
  let b = Math.max(start, end);
  while (a > 0 && isBlank(text.charCodeAt(a - 1))) a--;
  while (b < text.length && isBlank(text.charCodeAt(b))) b++;
  return { start: a, end: b };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Blocks whose `}` is missing, at any depth (an explicit stack: nesting is bounded, but no recursion is needed). */
function unclosedBlocks(document: ArchDocument): Block[] {
  const out: Block[] = [];
  const stack = [...document.statements];
  while (stack.length > 0) {
    const block = stack.pop()!.block;
    if (!block) continue;
    if (!block.closeRange) out.push(block);
    stack.push(...block.statements);
  }
  return out;
}
