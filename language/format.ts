import type { Block, Comment, Statement } from './ast';
import { parse, tokenRange } from './parser';
import { comparePositions, type Position } from './range';
import { archLexer, Comma, Newline } from './tokens';

/*
 * The canonical layout of a `.arch` file (SPEC §1.1), printed from the syntax tree:
 *  - one statement per line, `HEAD atom atom, atom`, two spaces of indentation per block level,
 *    ` {` on the head's line and `}` on its own line at the head's indentation;
 *  - ONE-LINE BLOCKS: a block stays on one line (`region r { zones a, b }`, `operation o { idempotent }`,
 *    `gateway g { replicas 2; health-check 5s }`, `store s {}`) when the author wrote its `{` and `}` on one line,
 *    none of its statements has a block, no comment is inside it, and the line — indentation included, a
 *    trailing comment not — fits in 100 columns. Its statements are joined with `; `. Any other block is expanded,
 *    and an expanded block is never joined back: the author chooses, the formatter only enforces the width;
 *  - blank lines between statements and comment lines are kept, collapsed to one; none at the start of the file
 *    or of a block, none before `}`; every file (but an empty one) ends with exactly one line break;
 *  - comments are kept and never reordered. A comment on the line of the code before it stays at the end of that
 *    line, after one space; any other comment gets its own line at the indentation of the statements around it
 *    (inside a block, the block's indentation — also before its `}`). Block comments are printed verbatim; line
 *    comments lose trailing whitespace only. Block comments between the atoms of a statement stay there, inline;
 *  - atoms are printed exactly as written; the line-break style of the file (its first line break) and a leading
 *    byte-order mark are kept.
 * A document with syntax errors is returned unchanged: formatting must never lose text it cannot read.
 */

export const INDENT = '  ';
export const MAX_WIDTH = 100;

export interface FormatResult {
  text: string;
  /** Syntax errors; when not 0, `text` is the input unchanged. */
  errors: number;
}

export function format(text: string): FormatResult {
  const doc = parse(text);
  if (doc.errors.length > 0) return { text, errors: doc.errors.length };
  const lexed = archLexer.tokenize(text);
  const commas = lexed.tokens.filter((t) => t.tokenType === Comma).map((t) => tokenRange(t).start);
  const printer = new Printer(doc.comments, commas);
  printer.items(doc.statements, 0, undefined, undefined);
  const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
  // The file's style is its first line-break token: breaks inside block comments are kept verbatim and say
  // nothing of it (counting them made `\r/*⏎*\/` format to a CR text that a second format turned LF).
  const eol = lexed.tokens.find((t) => t.tokenType === Newline)?.image ?? '\n';
  // Only the printer's own line breaks take the file's style; block comments keep theirs verbatim.
  const body = printer.lines.join(eol);
  return { text: body === '' ? bom : bom + body + eol, errors: 0 };
}

class Printer {
  /** Output lines, without line breaks (a verbatim block comment may contain some). */
  readonly lines: string[] = [];
  /** The first comment not printed yet: comments are printed in source order, each exactly once. */
  private nextComment = 0;
  private nextComma = 0;

  constructor(
    private readonly comments: Comment[],
    private readonly commas: Position[],
  ) {}

  /**
   * The statements of one level, with the comments around them. `end` is where the level ends (its `}`, or
   * undefined for the end of the file); `lastLine` the source line of the code just before (the `{` line).
   */
  items(statements: Statement[], depth: number, end: Position | undefined, lastLine: number | undefined): void {
    const indent = INDENT.repeat(depth);
    let first = true;
    const blankLineBefore = (line: number) => {
      if (!first && lastLine !== undefined && line - lastLine >= 2) this.lines.push('');
      first = false;
    };
    const gap = (until: Position | undefined) => {
      for (const comment of this.commentsBefore(until)) {
        if (lastLine !== undefined && comment.range.start.line === lastLine) {
          this.append(` ${commentText(comment)}`);
        } else {
          blankLineBefore(comment.range.start.line);
          this.lines.push(indent + commentText(comment));
        }
        lastLine = comment.range.end.line;
      }
    };
    for (const statement of statements) {
      gap(statement.headRange.start);
      blankLineBefore(statement.headRange.start.line);
      this.statement(statement, depth);
      lastLine = statement.range.end.line;
    }
    gap(end);
  }

  private statement(statement: Statement, depth: number): void {
    const indent = INDENT.repeat(depth);
    const head = indent + this.header(statement);
    const block = statement.block;
    if (!block) {
      this.lines.push(head);
      return;
    }
    const before = this.commentsBefore(block.openRange.start).map((c) => ` ${commentText(c)}`).join('');
    const oneLine = this.oneLine(block, head + before);
    if (oneLine !== undefined) {
      this.lines.push(oneLine);
      return;
    }
    this.lines.push(`${head}${before} {`);
    this.items(block.statements, depth + 1, block.closeRange?.start, block.openRange.end.line);
    this.lines.push(`${indent}}`);
  }

  /** `HEAD atom atom, atom`, with the block comments written between its atoms. */
  private header(statement: Statement): string {
    let text = statement.head;
    let previous = statement.headRange;
    statement.groups.forEach((group, g) => {
      group.forEach((atom, i) => {
        if (g > 0 && i === 0) {
          const comma = this.commaAfter(previous.end) ?? atom.range.start;
          for (const c of this.commentsBefore(comma)) text += ` ${commentText(c)}`;
          text += ',';
        }
        for (const c of this.commentsBefore(atom.range.start)) text += ` ${commentText(c)}`;
        text += ` ${atom.text}`;
        previous = atom.range;
      });
    });
    return text;
  }

  /** The whole statement on one line, when the one-line rule (see the top of the file) allows it. */
  private oneLine(block: Block, head: string): string | undefined {
    const close = block.closeRange;
    if (!close || close.start.line !== block.openRange.start.line) return undefined;
    if (block.statements.some((s) => s.block)) return undefined;
    const next = this.comments[this.nextComment];
    if (next && comparePositions(next.range.start, close.start) < 0) return undefined;
    const inner = block.statements.map((s) => this.header(s)).join('; ');
    const line = inner === '' ? `${head} {}` : `${head} { ${inner} }`;
    return lastLineLength(line) <= MAX_WIDTH ? line : undefined;
  }

  private commaAfter(p: Position): Position | undefined {
    while (this.nextComma < this.commas.length && comparePositions(this.commas[this.nextComma]!, p) < 0) this.nextComma++;
    return this.commas[this.nextComma];
  }

  /** The comments not printed yet that start before `p` (all of them when `p` is undefined), now printed. */
  private commentsBefore(p: Position | undefined): Comment[] {
    const taken: Comment[] = [];
    for (let c = this.comments[this.nextComment]; c; c = this.comments[this.nextComment]) {
      if (p !== undefined && comparePositions(c.range.start, p) >= 0) break;
      taken.push(c);
      this.nextComment++;
    }
    return taken;
  }

  private append(text: string): void {
    this.lines[this.lines.length - 1] += text;
  }
}

function commentText(comment: Comment): string {
  return comment.kind === 'line' ? comment.text.trimEnd() : comment.text;
}

function lastLineLength(text: string): number {
  return text.length - 1 - Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
}
