import type { Diagnostic, Severity } from '../../language/diagnostic';
import type { Range } from '../../language/range';
import { colors, type Colors } from './colors';
import { countText, droppedText, summarize, type FileReport, type Summary } from './model';
import { printable, printableWithColumns } from './printable';

/*
 * Compiler-style text: `path:line:col  severity  rule  message`, the source line, a caret under the range.
 * Positions print 1-based, as editors and terminals (ctrl-click on `path:line:col`) expect.
 */

export interface TextOptions {
  color: boolean;
}

export function formatText(files: readonly FileReport[], options: TextOptions): string {
  const c = colors(options.color);
  const out: string[] = [];
  for (const file of files) {
    const lines = sourceLines(file.text, file.diagnostics);
    for (const d of file.diagnostics) out.push(formatDiagnostic(file.path, lines, d, c), '');
    // What the output limits left out (analyzers/limits.ts), one line per rule, after the file's findings.
    for (const d of file.dropped ?? []) out.push(`${c.bold(printable(file.path))}: ${c.dim(printable(droppedText(d)))}`);
    if (file.dropped?.length) out.push('');
  }
  out.push(formatSummary(summarize(files), c));
  return out.join('\n') + '\n';
}

/**
 * The source lines the diagnostics start on, by line number (0-based), with line ends as the lexer counts them
 * (\r\n, \r, \n), so line numbers and source lines agree. Only those: the lines of a large file are a string
 * each (issue 13: peak memory), and a report shows at most a thousand of them.
 */
export function sourceLines(text: string, diagnostics: readonly Diagnostic[]): ReadonlyMap<number, string> {
  const lines = new Map<number, string>();
  if (diagnostics.length === 0) return lines;
  const wanted = new Set<number>();
  let last = -1;
  for (const d of diagnostics) {
    wanted.add(d.range.start.line);
    if (d.range.start.line > last) last = d.range.start.line;
  }
  // The next `\n` and `\r` at or after `start` (-1: none left), each searched again only once passed.
  let n = text.indexOf('\n');
  let r = text.indexOf('\r');
  let start = 0;
  for (let line = 0; line <= last; line++) {
    if (n >= 0 && n < start) n = text.indexOf('\n', start);
    if (r >= 0 && r < start) r = text.indexOf('\r', start);
    const end = r >= 0 && (n < 0 || r < n) ? r : n;
    const next = end === r && text.charCodeAt(r + 1) === 10 ? r + 2 : end + 1;
    if (end < 0) {
      // The last line (no line end after it); there is no line past it.
      if (wanted.has(line)) lines.set(line, text.slice(start));
      break;
    }
    if (wanted.has(line)) lines.set(line, text.slice(start, end));
    start = next;
  }
  return lines;
}

function formatDiagnostic(path: string, lines: ReadonlyMap<number, string>, d: Diagnostic, c: Colors): string {
  const { line, character } = d.range.start;
  // Names, messages and paths can carry the file's own control characters: never print them raw.
  const head = `${c.bold(`${printable(path)}:${line + 1}:${character + 1}`)}  ${paint(d.severity, c)(d.severity)}  ${c.dim(printable(d.rule))}  ${printable(d.message)}`;
  const out = [head];
  const source = lines.get(line);
  if (source !== undefined) {
    const { text, range } = escapedWindow(source, d.range);
    const gutter = String(line + 1);
    const blank = ' '.repeat(gutter.length);
    out.push(`${c.dim(`${gutter} |`)} ${text}`);
    out.push(`${c.dim(`${blank} |`)} ${paint(d.severity, c)(caret(text, range))}`);
  }
  for (const r of d.related ?? []) {
    const where = `${printable(r.path ?? path)}:${r.range.start.line + 1}:${r.range.start.character + 1}`;
    out.push(`  ${c.cyan('note')}: ${where}  ${printable(r.message)}`);
  }
  return out.join('\n');
}

/** Columns of source shown around a diagnostic: a minified or generated line must not flood the terminal. */
export const SOURCE_WINDOW = 120;

/**
 * The part of a long line around the range start (at most SOURCE_WINDOW columns, `…` where cut), with the
 * range shifted to match. Short lines come back whole.
 */
export function sourceWindow(line: string, range: Range): { text: string; range: Range } {
  if (line.length <= SOURCE_WINDOW) return { text: line, range };
  const from = Math.max(0, Math.min(range.start.character - 20, line.length - SOURCE_WINDOW));
  const to = Math.min(line.length, from + SOURCE_WINDOW);
  const head = from > 0 ? '…' : '';
  const text = `${head}${line.slice(from, to)}${to < line.length ? '…' : ''}`;
  const shift = (p: Range['start']) => ({ line: p.line, character: Math.max(0, p.character - from + head.length) });
  const end = range.end.line === range.start.line ? shift(range.end) : range.end;
  return { text, range: { start: shift(range.start), end } };
}

/** The source window with control characters escaped, and the range moved to the same characters. */
function escapedWindow(line: string, range: Range): { text: string; range: Range } {
  const window = sourceWindow(line, range);
  const escaped = printableWithColumns(window.text);
  if (escaped.text === window.text) return window;
  const r = window.range;
  const end = r.end.line === r.start.line ? { line: r.end.line, character: escaped.at(r.end.character) } : r.end;
  return { text: escaped.text, range: { start: { line: r.start.line, character: escaped.at(r.start.character) }, end } };
}

/**
 * `^~~~` under the range on its first line (to the line's end when the range runs on), at least one `^`.
 * Tabs before the range are copied so the caret lines up whatever the terminal's tab width.
 */
export function caret(lineText: string, range: Range): string {
  const start = Math.min(range.start.character, lineText.length);
  const end = range.end.line > range.start.line ? lineText.length : Math.min(range.end.character, lineText.length);
  const width = Math.max(1, end - start);
  const pad = lineText.slice(0, start).replace(/[^\t]/g, ' ');
  return `${pad}^${'~'.repeat(width - 1)}`;
}

export function formatSummary(s: Summary, c: Colors = colors(false)): string {
  const problems = s.errors + s.warnings + s.infos;
  if (problems === 0) return c.green(`No problems in ${plural(s.files, 'file')}.`);
  const shown = s.truncated ? `; ${countText(s.truncated)} not shown` : '';
  const line = `✖ ${plural(problems, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')})${shown}`;
  return c.bold(s.errors > 0 ? c.red(line) : c.yellow(line));
}

function plural(n: number, word: string): string {
  return `${countText(n)} ${word}${n === 1 ? '' : 's'}`;
}

function paint(severity: Severity, c: Colors): (s: string) => string {
  return severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.blue;
}
