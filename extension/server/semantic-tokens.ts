import { SemanticTokensBuilder, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver/node.js';
import type { Atom } from '../../language/ast';
import type { Range } from '../../language/range';
import { EXPECTATIONS, FAULTS } from '../../language/vocabulary/enums';
import type { Analysis } from './documents';
import type { Occurrence } from './syntax-index';

/*
 * Full-document semantic tokens: element kinds as keywords, element names (with `declaration` where declared),
 * property heads, enum values, zones, operations, numbers and durations, strings and comments.
 */

export const TOKEN_TYPES = ['keyword', 'class', 'property', 'enumMember', 'namespace', 'method', 'number', 'string', 'comment', 'variable'] as const;
export const TOKEN_MODIFIERS = ['declaration'] as const;
type TokenType = (typeof TOKEN_TYPES)[number];

export const LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

interface Token {
  line: number;
  char: number;
  length: number;
  type: number;
  modifiers: number;
}

const OCCURRENCE_TYPE: Record<Occurrence['type'], TokenType> = { element: 'class', zone: 'namespace', operation: 'method' };

export function semanticTokens(analysis: Analysis): SemanticTokens {
  const tokens: Token[] = [];
  const { lines } = analysis;
  const push = (range: Range, type: TokenType, declaration = false) => {
    const typeIndex = TOKEN_TYPES.indexOf(type);
    // Tokens are single-line: a multi-line range (a block comment) is split per line.
    for (let line = range.start.line; line <= range.end.line; line++) {
      const text = lines[line] ?? '';
      const from = line === range.start.line ? range.start.character : 0;
      const to = line === range.end.line ? range.end.character : text.length;
      if (to > from) tokens.push({ line, char: from, length: to - from, type: typeIndex, modifiers: declaration ? 1 : 0 });
    }
  };

  const named = new Set<Atom>();
  for (const o of analysis.index.occurrences) {
    push(o.range, OCCURRENCE_TYPE[o.type], o.declaration);
    if (o.atom) named.add(o.atom);
  }
  for (const info of analysis.index.statements) {
    const s = info.statement;
    if (info.kind || info.network) push(s.headRange, 'keyword');
    else if (info.parent) push(s.headRange, 'property');
    const values = info.spec?.values ?? (info.spec?.name === 'expect' ? EXPECTATIONS : info.spec?.name === 'at' ? FAULTS : undefined);
    for (const a of s.atoms) {
      if (named.has(a)) continue;
      switch (a.kind) {
        case 'number':
        case 'duration':
        case 'range':
        case 'percent':
          push(a.range, 'number');
          break;
        case 'string':
          push(a.range, 'string');
          break;
        case 'ident':
          if (values?.includes(a.text)) push(a.range, 'enumMember');
          else if (info.spec?.named && a === s.atoms[0]) push(a.range, 'variable', true);
          break;
        default:
          break;
      }
    }
  }
  for (const c of analysis.result.document.comments) push(c.range, 'comment');

  tokens.sort((a, b) => a.line - b.line || a.char - b.char);
  const builder = new SemanticTokensBuilder();
  let last: Token | undefined;
  for (const t of tokens) {
    if (last && t.line === last.line && t.char < last.char + last.length) continue; // overlapping: keep the first
    builder.push(t.line, t.char, t.length, t.type, t.modifiers);
    last = t;
  }
  return builder.build();
}
