import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ArchDocument } from '../../../language/ast';
import { format } from '../../../language/format';
import { parse } from '../../../language/parser';
import { comparePositions, type Range } from '../../../language/range';
import { commentTexts, parseValid, shape } from './helpers';

/*
 * Property tests of the parser (total: never throws, ranges inside the text) and the formatter (idempotent,
 * parse-preserving). numRuns are kept small enough for the whole file to run in a few seconds.
 */

const RUNS = 200;

// ---- inputs: realistic documents -------------------------------------------------------------------------------

const SNIPPETS = [
  'region us-east { zones use1-a, use1-b, use1-c }\n\ngateway edge { replicas 2; zones use1-a, use1-b; health-check 5s }\n',
  'service orders "Order service" {\n  replicas 3 // three\n  call payments.charge {\n    timeout 800ms\n    backoff exponential 100ms..2s\n  }\n  publishes order-events { outbox }\n}\n',
  '/* header\n   comment */\nexternal stripe { availability 99.99%; operation create-charge }\nsaga checkout {\n  step a { action x.y; compensate x.z; pivot }\n}\n',
];

/** The samples another engineer maintains, when present, plus our own snippets. */
function samples(): string[] {
  const dir = join(import.meta.dirname, '../../../samples');
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.arch'));
  } catch {
    // No samples folder yet: the snippets alone.
  }
  return [...SNIPPETS, ...files.sort().map((f) => readFileSync(join(dir, f), 'utf8'))];
}
const SAMPLES = samples();

// ---- inputs: garbage -------------------------------------------------------------------------------------------

const FRAGMENTS = [
  '{', '}', '"', '\\', '/*', '*/', '//', ',', ';', '\n', '\r\n', '\r', ' ', '  ', '\t', 'a', 'orders-db', 'x.y', 'use1-a',
  '3', '0.5', '150ms', '2s', '1s..2s', '..', '.', '%', '99.9%', '->', '-', '|', '@', '5min', 'é', '😀',
];
const soup = fc.string({ unit: fc.constantFrom(...FRAGMENTS), maxLength: 60 });
/**
 * Any code point, lone surrogates included: what `fc.string({ unit: 'binary' })` draws, without the seconds that
 * fast-check spends building that arbitrary.
 */
const codePoints = fc.string({ unit: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), maxLength: 80 });

/** A sample with a few random edits: deletions, insertions of fragments, duplicated slices. */
const mutatedSample = fc
  .tuple(
    fc.constantFrom(...SAMPLES),
    fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.constantFrom(...FRAGMENTS, ''), fc.boolean()), { minLength: 1, maxLength: 4 }),
  )
  .map(([text, edits]) => {
    for (const [at, length, insert, duplicate] of edits) {
      const start = text.length === 0 ? 0 : at % text.length;
      const end = Math.min(text.length, start + length);
      text = text.slice(0, start) + (duplicate ? text.slice(start, end) + text.slice(start, end) : insert) + text.slice(duplicate ? start : end);
    }
    return text;
  });

// ---- inputs: well-formed documents with random layout ------------------------------------------------------------

interface GenStatement {
  head: string;
  groups: string[][];
  block: GenBlock | undefined;
  inline: string | undefined;
  leading: string[];
  trailing: string | undefined;
  blank: boolean;
  indent: string;
  sameLine: boolean;
}
interface GenBlock {
  statements: GenStatement[];
  oneLine: boolean;
  open: string | undefined;
}

const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,5}(-[A-Za-z0-9_]{1,3}){0,2}$/);
const ref = fc.tuple(ident, ident).map(([a, b]) => `${a}.${b}`);
const num = fc.stringMatching(/^\d{1,3}(\.\d{1,2})?$/);
const duration = fc.tuple(num, fc.constantFrom('ms', 's', 'm', 'h', 'd')).map(([n, u]) => n + u);
const stringChar = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => !/["\\\r\n]/.test(c)),
  fc.constantFrom('\\"', '\\\\', ' '),
);
const str = fc.array(stringChar, { maxLength: 6 }).map((cs) => `"${cs.join('')}"`);
const atom = fc.oneof(
  ident,
  ref,
  num,
  duration,
  fc.tuple(duration, duration).map(([a, b]) => `${a}..${b}`),
  num.map((n) => `${n}%`),
  str,
  fc.constantFrom('->', '|'),
);
const word = fc.constantFrom('note', 'why', 'TODO:', '{', '}', '"', ';', ',', '//', '/*', '*', '/', '3', 'é');
const words = fc.array(word, { maxLength: 4 }).map((w) => w.join(' '));
const blockComment = fc
  .array(words, { minLength: 1, maxLength: 3 })
  .map((ls) => `/* ${ls.join('\n')} */`)
  .filter((c) => !c.slice(2, -2).includes('*/'));
const lineComment = words.map((w) => `// ${w}`.trimEnd());
const comment = fc.oneof(lineComment, blockComment);
const ws = fc.constantFrom(' ', '  ', '\t');
const commaSep = fc.constantFrom(',', ', ', ' ,', ' , ');

const { statement } = fc.letrec<{ statement: GenStatement; block: GenBlock | undefined }>((tie) => ({
  statement: fc.record({
    head: fc.oneof(ident, ref),
    groups: fc.array(fc.array(atom, { minLength: 1, maxLength: 3 }), { maxLength: 3 }),
    block: tie('block'),
    inline: fc.option(blockComment, { nil: undefined, freq: 4 }),
    leading: fc.array(comment, { maxLength: 2 }),
    trailing: fc.option(comment, { nil: undefined }),
    blank: fc.boolean(),
    indent: fc.constantFrom('', ' ', '  ', '    ', '\t'),
    sameLine: fc.boolean(),
  }),
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(undefined),
    fc.record({
      statements: fc.array(tie('statement'), { maxLength: 4 }),
      oneLine: fc.boolean(),
      open: fc.option(comment, { nil: undefined }),
    }),
  ),
}));

/** Renders generated statements; `pick` draws the layout choices (spaces, comma style). */
function render(statements: GenStatement[], pick: () => number): string {
  const choose = <T>(options: T[]): T => options[pick() % options.length]!;
  const core = (s: GenStatement): string => {
    let text = s.head + (s.inline ? ` ${s.inline}` : '');
    s.groups.forEach((g, i) => {
      text += (i > 0 ? choose([',', ' ,']) : '') + g.map((a) => choose([' ', '  ', '\t']) + a).join('');
    });
    if (!s.block) return text;
    const children = s.block.statements;
    if (s.block.oneLine && children.every((c) => !c.block)) {
      // One line: no line comments, no leading comments (they would need their own lines).
      return `${text} {${children.map((c) => ` ${core(c)}`).join(choose([';', ' ;']))}${choose([' ', ''])}}`;
    }
    const open = s.block.open ? ` ${s.block.open}` : '';
    return `${text} {${open}\n${lines(children)}${s.indent}}`;
  };
  const lines = (list: GenStatement[]): string => {
    let out = '';
    let lastHadLineComment = true;
    for (const s of list) {
      if (s.sameLine && !lastHadLineComment && !s.blank && s.leading.length === 0 && out.endsWith('\n')) {
        out = `${out.slice(0, -1)}${choose(['; ', ';'])}`;
      } else {
        if (s.blank) out += '\n';
        for (const c of s.leading) out += `${s.indent}${c}\n`;
        out += s.indent;
      }
      out += core(s) + (s.trailing ? `${choose([' ', '   '])}${s.trailing}` : '') + '\n';
      lastHadLineComment = s.trailing?.startsWith('//') ?? false;
    }
    return out;
  };
  return lines(statements);
}

const wellFormed = fc
  .tuple(
    fc.array(statement, { maxLength: 5 }),
    fc.array(comment, { maxLength: 2 }),
    fc.infiniteStream(fc.nat()),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([statements, tail, stream, eol]) => {
    const it = stream[Symbol.iterator]();
    const text = render(statements, () => it.next().value as number) + tail.map((c) => `${c}\n`).join('');
    return eol === '\n' ? text : text.replace(/\n/g, eol);
  });

// ---- checks ----------------------------------------------------------------------------------------------------

/** Positions inside the text: a line that exists, a character within that line. */
function assertInside(doc: ArchDocument, text: string, range: Range, what: string): void {
  const lineLengths = text.split(/\r\n|\r|\n/).map((l) => l.length);
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < lineLengths.length, `${what}: line ${p.line} outside the text`);
    assert.ok(p.character >= 0 && p.character <= lineLengths[p.line]!, `${what}: character ${p.character} outside line ${p.line}`);
  }
  assert.ok(comparePositions(range.start, range.end) <= 0, `${what}: range ends before it starts`);
  assert.ok(comparePositions(range.end, doc.range.end) <= 0, `${what}: range past the end of the document`);
}

function checkParse(text: string): void {
  const doc = parse(text);
  assert.ok(Array.isArray(doc.statements) && Array.isArray(doc.errors) && Array.isArray(doc.comments));
  for (const e of doc.errors) {
    assert.ok(!e.message.startsWith('internal parser error'), e.message);
    assertInside(doc, text, e.range, `error "${e.message}"`);
  }
  const walk = (statements: typeof doc.statements): void => {
    for (const s of statements) {
      assertInside(doc, text, s.range, `statement ${s.head}`);
      for (const a of s.atoms) assertInside(doc, text, a.range, `atom ${a.text}`);
      if (s.block) walk(s.block.statements);
    }
  };
  walk(doc.statements);
}

function checkFormat(text: string): void {
  const once = format(text);
  assert.equal(format(once.text).text, once.text, 'format is idempotent');
  if (once.errors > 0) {
    assert.equal(once.text, text, 'a document with errors is left as it is');
    return;
  }
  const before = parse(text);
  const after = parseValid(once.text);
  assert.deepEqual(shape(after.statements), shape(before.statements), 'the statement trees are the same');
  assert.deepEqual(commentTexts(after.comments), commentTexts(before.comments), 'the comments are the same');
  if (once.text !== '') assert.ok(/[^\r\n](\r\n|\r|\n)$/.test(once.text), 'ends with exactly one line break');
}

// The seed is fixed for every unit test by test/setup/fixed-seed.mjs (FAULTLINE_FUZZ_SEED overrides it).
const property = (arb: fc.Arbitrary<string>, check: (text: string) => void, numRuns = RUNS) =>
  fc.assert(fc.property(arb, (text) => check(text)), { numRuns });

describe('properties: parse is total', () => {
  it('never throws on arbitrary strings, and keeps every range inside the text', () => {
    property(fc.string({ unit: 'grapheme', maxLength: 80 }), checkParse);
    property(codePoints, checkParse);
  });

  it('never throws on token soup', () => property(soup, checkParse, 500));

  it('never throws on mutated samples', () => property(mutatedSample, checkParse, 100));
});

describe('properties: format', () => {
  it('accepts the generated documents as well-formed', () => property(wellFormed, (text) => void parseValid(text)));

  it('is idempotent and parse-preserving on well-formed documents', () => property(wellFormed, checkFormat, 300));

  it('is idempotent and parse-preserving on the samples', () => {
    for (const text of SAMPLES) checkFormat(text);
  });

  it('keeps the line-break style outside block comments (a lone CR before a comment holding LF)', () => {
    for (const text of ['\r/*\n*/', '/*\n*/\r', '\r\n/*\r*/\nservice a {}\n', '// c\rservice a {}']) checkFormat(text);
    assert.equal(format('\r/*\n*/').text, '/*\n*/\r');
  });

  it('leaves documents with errors byte-identical, and stays idempotent on token soup and mutated samples', () => {
    property(soup, checkFormat);
    property(mutatedSample, checkFormat, 100);
  });
});
