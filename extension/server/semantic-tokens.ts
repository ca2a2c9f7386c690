import { type SemanticTokens, type SemanticTokensDelta, type SemanticTokensLegend } from 'vscode-languageserver/node.js';
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

const OCCURRENCE_TYPE: Record<Occurrence['type'], TokenType> = { element: 'class', zone: 'namespace', operation: 'method' };

/*
 * Tokens are gathered as flat numbers (five per token: line, character, length, type, modifiers) and put in
 * document order by a counting sort on the line, then by character within a line: linear, with no object per
 * token — a 10,000-element file has 270,000 tokens, and sorting objects with a comparator took most of 200 ms.
 */
const FIELDS = 5;

export function semanticTokens(analysis: Analysis): SemanticTokens {
  const steps = semanticTokenSteps(analysis);
  for (;;) {
    const next = steps.next();
    if (next.done) return { data: next.value };
  }
}

/** Statements gathered between two steps. */
const STEP = 1_000;

/**
 * The token data in steps (a huge file's take a few hundred milliseconds): the language server returns to its
 * event loop between them, so a hover is not kept waiting behind the editor's request for tokens.
 */
export function* semanticTokenSteps(analysis: Analysis): Generator<void, number[], void> {
  const raw: number[] = [];
  const { lines } = analysis;
  const push = (range: Range, type: TokenType, declaration = false) => {
    const typeIndex = TOKEN_TYPES.indexOf(type);
    // Tokens are single-line: a multi-line range (a block comment) is split per line.
    for (let line = range.start.line; line <= range.end.line; line++) {
      const text = lines[line] ?? '';
      const from = line === range.start.line ? range.start.character : 0;
      const to = line === range.end.line ? range.end.character : text.length;
      if (to > from) raw.push(line, from, to - from, typeIndex, declaration ? 1 : 0);
    }
  };

  const named = new Set<Atom>();
  let n = 0;
  for (const o of analysis.index.occurrences) {
    push(o.range, OCCURRENCE_TYPE[o.type], o.declaration);
    if (o.atom) named.add(o.atom);
    if (++n % (STEP * 4) === 0) yield;
  }
  for (const info of analysis.index.statements) {
    if (++n % STEP === 0) yield;
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
  yield;
  return yield* encode(raw, lines.length);
}

/** The tokens in document order, relative-encoded as LSP wants; of tokens that overlap, the first pushed stays. */
function* encode(raw: readonly number[], lineCount: number): Generator<void, number[], void> {
  const count = raw.length / FIELDS;
  // Counting sort by line, stable: tokens of a line keep the order they were pushed in.
  const starts = new Int32Array(lineCount + 2);
  for (let t = 0; t < count; t++) starts[Math.min(raw[t * FIELDS]!, lineCount) + 1]!++;
  for (let l = 1; l < starts.length; l++) starts[l]! += starts[l - 1]!;
  const order = new Int32Array(count);
  const next = starts.slice();
  for (let t = 0; t < count; t++) order[next[Math.min(raw[t * FIELDS]!, lineCount)]!++] = t;
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (let l = 0; l < starts.length - 1; l++) {
    if (l % (STEP * 20) === STEP * 20 - 1) yield;
    const from = starts[l]!;
    const to = starts[l + 1]!;
    if (from === to) continue;
    // By character within the line (insertion sort, stable: a line holds a handful of tokens).
    for (let i = from + 1; i < to; i++) {
      const t = order[i]!;
      const c = raw[t * FIELDS + 1]!;
      let j = i - 1;
      while (j >= from && raw[order[j]! * FIELDS + 1]! > c) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = t;
    }
    let end = -1;
    for (let i = from; i < to; i++) {
      const k = order[i]! * FIELDS;
      const line = raw[k]!;
      const char = raw[k + 1]!;
      if (char < end) continue; // overlapping: keep the first
      data.push(line - prevLine, line === prevLine ? char - prevChar : char, raw[k + 2]!, raw[k + 3]!, raw[k + 4]!);
      prevLine = line;
      prevChar = char;
      end = char + raw[k + 2]!;
    }
  }
  return data;
}

/**
 * The edit from one token array to the next: what lies between their common start and common end, in whole tokens
 * (five numbers), so the editor applies a small change instead of reading every token of a huge file again.
 */
export function tokensEdit(before: readonly number[], after: readonly number[]): { start: number; deleteCount: number; data: number[] }[] {
  const tokensBefore = before.length / FIELDS;
  const tokensAfter = after.length / FIELDS;
  const same = (i: number, j: number) => {
    for (let f = 0; f < FIELDS; f++) if (before[i * FIELDS + f] !== after[j * FIELDS + f]) return false;
    return true;
  };
  let prefix = 0;
  while (prefix < tokensBefore && prefix < tokensAfter && same(prefix, prefix)) prefix++;
  let suffix = 0;
  while (suffix < tokensBefore - prefix && suffix < tokensAfter - prefix && same(tokensBefore - 1 - suffix, tokensAfter - 1 - suffix)) suffix++;
  if (prefix === tokensBefore && prefix === tokensAfter) return [];
  return [{ start: prefix * FIELDS, deleteCount: (tokensBefore - prefix - suffix) * FIELDS, data: after.slice(prefix * FIELDS, (tokensAfter - suffix) * FIELDS) }];
}

/**
 * The token data last sent for each document, under a result id: a delta request that names it is answered with
 * the change since (`semanticTokens/full/delta`); one naming anything else gets the whole data again.
 */
export class SentTokens {
  private readonly sent = new Map<string, { resultId: string; data: number[] }>();
  private results = 0;

  remember(uri: string, data: number[]): SemanticTokens {
    const resultId = String(++this.results);
    this.sent.set(uri, { resultId, data });
    return { resultId, data };
  }

  since(uri: string, previousResultId: string, data: number[]): SemanticTokens | SemanticTokensDelta {
    const previous = this.sent.get(uri);
    if (previous?.resultId !== previousResultId) return this.remember(uri, data);
    const edits = tokensEdit(previous.data, data);
    const resultId = String(++this.results);
    this.sent.set(uri, { resultId, data });
    return { resultId, edits };
  }

  forget(uri: string): void {
    this.sent.delete(uri);
  }
}
