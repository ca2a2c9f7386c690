import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver/node.js';
import type { Statement } from '../../language/ast';
import { cover } from '../../language/range';
import type { ElementKind } from '../../language/vocabulary/property';
import type { Analysis } from './documents';

/*
 * The outline: one symbol per element (name, kind as detail) with its properties as children, nested blocks
 * nested; and folding ranges for every multi-line block and for runs of comments.
 *
 * A huge design's outline lists its elements only: with every property it would be one symbol per line (a
 * 10,000-element file: 130,000 symbols, 26 MB of JSON that the editor's extension host must parse on every
 * change, stalling hover and everything else there for seconds). Past OUTLINE_LIMIT symbols, properties go.
 */

export const OUTLINE_LIMIT = 20_000;

function statementCount(statements: readonly Statement[], limit: number): number {
  let n = 0;
  for (const s of statements) {
    n += 1 + (s.block ? statementCount(s.block.statements, limit - n) : 0);
    if (n > limit) break;
  }
  return n;
}

const KIND_SYMBOL: Record<ElementKind, SymbolKind> = {
  region: SymbolKind.Namespace,
  gateway: SymbolKind.Interface,
  service: SymbolKind.Class,
  store: SymbolKind.Struct,
  queue: SymbolKind.Event,
  cache: SymbolKind.Struct,
  cluster: SymbolKind.Module,
  lock: SymbolKind.Key,
  external: SymbolKind.Interface,
  saga: SymbolKind.Function,
  transaction: SymbolKind.Function,
  projection: SymbolKind.Struct,
  client: SymbolKind.Object,
  scenario: SymbolKind.Event,
};

function atomsText(s: Statement, from = 0): string {
  return s.groups
    .map((g) => g.filter((a) => s.atoms.indexOf(a) >= from).map((a) => a.text).join(' '))
    .filter((t) => t)
    .join(', ');
}

function propertySymbol(s: Statement, analysis: Analysis): DocumentSymbol {
  const info = analysis.index.info(s);
  const named = info?.spec?.named && s.atoms[0]?.kind === 'ident';
  const name = named ? `${s.head} ${s.atoms[0]!.text}` : s.head;
  const selection = named ? cover(s.headRange, s.atoms[0]!.range) : s.headRange;
  const detail = atomsText(s, named ? 1 : 0);
  const children = (s.block?.statements ?? []).map((c) => propertySymbol(c, analysis));
  return {
    name,
    ...(detail ? { detail } : {}),
    kind: s.head === 'operation' ? SymbolKind.Method : s.block ? SymbolKind.Object : SymbolKind.Property,
    range: cover(s.range, selection),
    selectionRange: selection,
    ...(children.length ? { children } : {}),
  };
}

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const statements = analysis.result.document.statements;
  const withProperties = statementCount(statements, OUTLINE_LIMIT) <= OUTLINE_LIMIT;
  for (const s of statements) {
    const info = analysis.index.info(s);
    const nameAtom = s.atoms[0];
    let symbol: DocumentSymbol;
    const children = withProperties ? (s.block?.statements ?? []).map((c) => propertySymbol(c, analysis)) : [];
    if (info?.kind && nameAtom?.kind === 'ident') {
      const title = s.atoms[1]?.kind === 'string' ? ` "${String(s.atoms[1].value)}"` : '';
      symbol = { name: nameAtom.text, detail: `${info.kind.kind}${title}`, kind: KIND_SYMBOL[info.kind.kind], range: cover(s.range, nameAtom.range), selectionRange: nameAtom.range };
    } else {
      symbol = { name: s.head || '?', kind: info?.network ? SymbolKind.Package : SymbolKind.Null, range: cover(s.range, s.headRange), selectionRange: s.headRange };
    }
    if (children.length) symbol.children = children;
    out.push(symbol);
  }
  return out;
}

/*
 * VS Code keeps at most `editor.foldingMaximumRegions` (5,000 by default) folding ranges and drops the rest; a huge
 * design has one per block (a 10,000-element file: 15,000, half a megabyte sent on every change). Past the limit,
 * the outer levels are kept first — the top-level elements fold — and inner blocks only while there is room.
 */
export const FOLDING_LIMIT = 5_000;

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const depthOf = new Map<FoldingRange, number>();
  let depth = 0;
  const visit = (statements: readonly Statement[]) => {
    for (const s of statements) {
      const block = s.block;
      if (!block) continue;
      const start = s.range.start.line;
      // Keep the closing brace visible, as editors do for C-like blocks.
      const end = block.closeRange ? block.closeRange.start.line - 1 : block.range.end.line;
      if (end > start) {
        const range = { startLine: start, endLine: end };
        out.push(range);
        if (depth > 0) depthOf.set(range, depth);
      }
      depth++;
      visit(block.statements);
      depth--;
    }
  };
  visit(analysis.result.document.statements);

  // Runs of line comments on consecutive lines (each alone on its line), and multi-line block comments.
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run && run.end > run.start) out.push({ startLine: run.start, endLine: run.end, kind: FoldingRangeKind.Comment });
    run = undefined;
  };
  for (const c of analysis.result.document.comments) {
    if (c.kind === 'block') {
      flush();
      if (c.range.end.line > c.range.start.line) out.push({ startLine: c.range.start.line, endLine: c.range.end.line, kind: FoldingRangeKind.Comment });
      continue;
    }
    const line = c.range.start.line;
    const alone = (analysis.lines[line] ?? '').trimStart().startsWith('//');
    if (!alone) {
      flush();
      continue;
    }
    if (run && line === run.end + 1) run.end = line;
    else {
      flush();
      run = { start: line, end: line };
    }
  }
  flush();
  return withinLimit(out, depthOf).sort((a, b) => a.startLine - b.startLine);
}

function withinLimit(ranges: FoldingRange[], depthOf: ReadonlyMap<FoldingRange, number>): FoldingRange[] {
  if (ranges.length <= FOLDING_LIMIT) return ranges;
  // Stable: within a level, document order.
  return ranges
    .map((range, i) => ({ range, depth: depthOf.get(range) ?? 0, i }))
    .sort((a, b) => a.depth - b.depth || a.i - b.i)
    .slice(0, FOLDING_LIMIT)
    .map((x) => x.range);
}
