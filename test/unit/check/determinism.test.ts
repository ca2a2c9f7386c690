import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkText } from '../../../analyzers/check';
import { RULES } from '../../../analyzers/registry';
import { generateArch, generateTieredArch } from '../../../bench/generate';
import { formatJson } from '../../../cli/report/json';
import { compareStrings } from '../../../language/compare';
import type { Diagnostic } from '../../../language/diagnostic';
import { lineBreakOf, lineStarts } from '../../../language/edits';
import { parse } from '../../../language/parser';
import type { Range } from '../../../language/range';
import { ROOT, spawnCli } from '../cli/helpers';

/*
 * ARCHITECTURE.md, invariant "determinism": the same text gives the same diagnostics in the same order, whatever
 * order the declarations are written in and whatever order the rules run in.
 *
 * Shuffling: the top-level statements are cut into chunks of whole lines (a chunk is a statement with the comments
 * and blank lines above it, so `faultline-disable-next-line` and scenario blocks travel with what they belong to)
 * and the chunks are reordered. Since a chunk moves verbatim, every line of the shuffled text maps back to one line
 * of the original, with the same characters: each diagnostic of the shuffled text is mapped back to the original's
 * coordinates (its range, related ranges and fix edits) and the two lists must be equal as multisets. That is
 * stricter than comparing rule, message and the text at the range: a finding may not move to another element
 * whose text happens to be the same.
 */

/**
 * Rules whose findings depend on declaration order today: a known bug each, excluded from the shuffle comparison
 * until it is fixed. Keep this list short.
 */
const ORDER_DEPENDENT = new Map<string, string>([
  // Empty: `retry/amplification` used to name the first of several equally bad chains in declaration order; the
  // call-graph pass (analyzers/analysis/calls.ts) now breaks ties by code point.
]);

/**
 * Rules that list several elements (in the message and in `related`) in the order the file declares them: by
 * design, so a reader meets them top to bottom. For these the message is compared as a multiset of words and
 * `related` as a multiset: the same elements and numbers, in the shuffled file's order.
 */
const LISTS_IN_DECLARATION_ORDER = new Set(['spof/zone-outage', 'pubsub/orphan-topic']);

const SEEDS = [1, 2, 3, 4, 5, 6];

/** Ties on purpose: two entry points into one retrying chain, so "the worst chain" and "a 3-hop chain" have two candidates. */
const TIES = `// Two entry points into one retrying chain: which chain a finding names must not depend on which gateway comes first.
region r { zones a, b, c }

gateway edge-b { replicas 2; zones a, b; health-check 5s; rate-limit 100; routes front }

gateway edge-a { replicas 2; zones a, b; health-check 5s; rate-limit 100; routes front }

service front {
  replicas 3; zones a, b, c; health-check 5s
  call middle.get { timeout 900ms; retry 3; backoff exponential 10ms..40ms; jitter full }
}

service middle {
  replicas 3; zones a, b, c; health-check 5s
  operation get { idempotent }
  call back.get { timeout 200ms; retry 3; backoff exponential 10ms..40ms; jitter full }
}

service back {
  replicas 3; zones a, b, c; health-check 5s
  operation get { idempotent }
}
`;

interface Source {
  name: string;
  text: string;
}

function sources(): Source[] {
  const dir = (rel: string) =>
    readdirSync(join(ROOT, rel))
      .filter((f) => f.endsWith('.arch'))
      .sort(compareStrings)
      .map((f) => ({ name: `${rel}/${f}`, text: readFileSync(join(ROOT, rel, f), 'utf8') }));
  return [
    ...dir('samples'),
    ...dir('test/fixtures/cli'),
    { name: 'ties (two entries into one retrying chain)', text: TIES },
    { name: 'bench generateArch(40)', text: generateArch(40) },
    { name: 'bench generateTieredArch(60)', text: generateTieredArch(60) },
    // CRLF line ends and a last line without a line break.
    { name: 'samples/checkout-saga.arch with CRLF, no final newline', text: readFileSync(join(ROOT, 'samples/checkout-saga.arch'), 'utf8').replace(/\n/g, '\r\n').trimEnd() },
  ];
}

/** A small seeded PRNG (xorshift32), so a failing order can be reproduced from its seed. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

function permutation(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const random = prng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

interface Chunked {
  /** The text the comparison is made against: the source, with a line break added at the end if it had none. */
  text: string;
  /** Each line with its line break. */
  lines: string[];
  /** [first line, last line] of each chunk; the lines after the last chunk stay at the end. */
  chunks: Array<[number, number]>;
  /** Per chunk, the names it declares (the first atom of each top-level statement). */
  names: Array<Set<string>>;
}

/** Cuts a text into chunks of whole lines, one per top-level statement (see the header), or says why it cannot. */
function chunk(source: string): Chunked | string {
  const eol = lineBreakOf(source);
  const text = /(\r\n|\r|\n)$/.test(source) ? source : source + eol;
  const doc = parse(text);
  // Recovery from a syntax error (a missing `}` is found by indentation) legitimately depends on what follows.
  if (doc.errors.length > 0) return `has ${doc.errors.length} syntax error(s), whose recovery depends on what follows`;
  const starts = lineStarts(text);
  const lines = starts.slice(0, -1).map((s, i) => text.slice(s, starts[i + 1]));
  // The last line of each chunk: where a statement ends, unless the next one starts on the same line or a comment
  // runs on past it.
  const ends: number[] = [];
  for (const s of doc.statements) {
    const last = ends[ends.length - 1];
    if (last !== undefined && s.range.start.line <= last) ends[ends.length - 1] = Math.max(last, s.range.end.line);
    else ends.push(s.range.end.line);
  }
  const cut = ends.filter((end) => !doc.comments.some((c) => c.range.start.line <= end && end < c.range.end.line));
  const chunks = cut.map((end, i): [number, number] => [i === 0 ? 0 : cut[i - 1]! + 1, end]);
  const names = chunks.map(([first, last]) => new Set(doc.statements.filter((st) => st.range.start.line >= first && st.range.start.line <= last).map((st) => st.atoms[0]?.text ?? '')));
  return chunks.length >= 2 ? { text, lines, chunks, names } : `has ${chunks.length} top-level chunk(s), nothing to reorder`;
}

/**
 * A declared name is meant once; when a file declares it twice, which one is "first" (and the `duplicate`) is
 * decided by order by definition. So chunks that share a name keep their relative order: they swap places among
 * themselves in the shuffled order, everything else moves freely.
 */
function keepDuplicatesInOrder(order: number[], names: ReadonlyArray<Set<string>>): number[] {
  const out = [...order];
  const byName = new Map<string, number[]>();
  names.forEach((set, k) => set.forEach((n) => byName.set(n, [...(byName.get(n) ?? []), k])));
  for (const group of byName.values()) {
    if (group.length < 2) continue;
    const slots = out.flatMap((k, i) => (group.includes(k) ? [i] : []));
    const members = slots.map((i) => out[i]!).sort((a, b) => a - b);
    slots.forEach((slot, j) => (out[slot] = members[j]!));
  }
  return out;
}

/** The chunks in a new order, and for each line of the result the line of the original it came from. */
function shuffle(c: Chunked, order: readonly number[]): { text: string; originalLine: number[] } {
  const originalLine: number[] = [];
  for (const k of order) for (let l = c.chunks[k]![0]; l <= c.chunks[k]![1]; l++) originalLine.push(l);
  for (let l = c.chunks[c.chunks.length - 1]![1] + 1; l < c.lines.length; l++) originalLine.push(l);
  assert.equal(originalLine.length, c.lines.length);
  return { text: originalLine.map((l) => c.lines[l]).join(''), originalLine };
}

function mapBack(d: Diagnostic, originalLine: readonly number[]): Diagnostic {
  // A position past the last line (the end of the text) maps to itself: the text has the same length.
  const r = (range: Range): Range => ({
    start: { line: originalLine[range.start.line] ?? range.start.line, character: range.start.character },
    end: { line: originalLine[range.end.line] ?? range.end.line, character: range.end.character },
  });
  // Messages that point at another place say `at LINE:COLUMN` (1-based): the same mapping.
  const message = d.message.replace(/\bat (\d+):(\d+)\b/g, (_, line: string, column: string) => `at ${(originalLine[Number(line) - 1] ?? Number(line) - 1) + 1}:${column}`);
  return {
    ...d,
    message,
    range: r(d.range),
    ...(d.related ? { related: d.related.map((x) => ({ ...x, range: r(x.range) })) } : {}),
    ...(d.fixes ? { fixes: d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: r(e.range) })) })) } : {}),
  };
}

/** A multiset of diagnostics as a sorted list of readable lines: rule, severity, where, the text there, message. */
function canonical(diagnostics: readonly Diagnostic[], text: string): string[] {
  const starts = lineStarts(text);
  const at = (range: Range) => {
    const slice = (p: Range['start']) => (starts[p.line] ?? text.length) + p.character;
    return JSON.stringify(text.slice(slice(range.start), slice(range.end)).slice(0, 60));
  };
  return diagnostics
    .map((d) => {
      const listed = LISTS_IN_DECLARATION_ORDER.has(d.rule);
      const message = listed ? `words: ${d.message.split(/[\s,;:()]+/).filter(Boolean).sort(compareStrings).join(' ')}` : d.message;
      const related = listed ? d.related?.map((x) => JSON.stringify(x)).sort(compareStrings) : d.related;
      return `${d.rule} ${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${at(d.range)} ${message} ${JSON.stringify({ related, fixes: d.fixes })}`;
    })
    .sort(compareStrings);
}

const SOURCES = sources();

describe('determinism: declaration order', () => {
  it('has sources to shuffle', () => {
    const shuffled = SOURCES.filter((s) => typeof chunk(s.text) !== 'string');
    assert.ok(shuffled.length >= 15, `only ${shuffled.length} sources could be shuffled`);
  });

  for (const source of SOURCES) {
    const c = chunk(source.text);
    // Visible, not a silent pass: only files with syntax errors (whose recovery depends on order) are skipped.
    it(`${source.name}: the same findings in any order of its declarations`, { skip: typeof c === 'string' && c }, () => {
      const chunked = c as Chunked;
      const original = checkText(chunked.text).diagnostics;
      const keep = (d: Diagnostic) => !ORDER_DEPENDENT.has(d.rule);
      const want = canonical(original.filter(keep), chunked.text);
      const n = chunked.chunks.length;
      const orders: Array<[string, number[]]> = [
        ['reversed', Array.from({ length: n }, (_, i) => n - 1 - i)],
        ['rotated', Array.from({ length: n }, (_, i) => (i + 1) % n)],
        ...SEEDS.map((seed): [string, number[]] => [`seed ${seed}`, permutation(n, seed)]),
      ];
      for (const [label, free] of orders) {
        const order = keepDuplicatesInOrder(free, chunked.names);
        const { text, originalLine } = shuffle(chunked, order);
        if (label === 'rotated') assert.notEqual(text, chunked.text, 'the shuffle changed the text');
        const got = checkText(text).diagnostics.filter(keep).map((d) => mapBack(d, originalLine));
        assert.deepEqual(canonical(got, chunked.text), want, `${source.name}, ${label} (chunk order ${order.join(',')})`);
      }
    });
  }
});

describe('determinism: the same text', () => {
  it('gives byte-identical JSON on every run, and the same list whatever order the rules run in', () => {
    for (const source of SOURCES) {
      const json = () => formatJson([{ path: source.name, text: source.text, diagnostics: checkText(source.text).diagnostics }]);
      const first = json();
      assert.equal(json(), first, source.name);
      const reversed = checkText(source.text, { rules: [...RULES].reverse() }).diagnostics;
      assert.deepEqual(reversed, checkText(source.text).diagnostics, `${source.name}: rules run in reverse order`);
    }
  });

  it('faultline check --format json samples: byte-identical stdout from two processes', async () => {
    const [a, b] = await Promise.all([spawnCli(['check', '--format', 'json', 'samples'], ROOT), spawnCli(['check', '--format', 'json', 'samples'], ROOT)]);
    assert.equal(a.stderr, '');
    assert.ok(a.code === 0 || a.code === 1, `exit ${a.code}`);
    assert.ok(a.stdout.length > 1000, 'a report with findings');
    assert.equal(JSON.parse(a.stdout).files.length, SOURCES.filter((s) => s.name.startsWith('samples/') && !s.name.includes('CRLF')).length);
    assert.equal(b.stdout, a.stdout);
  });
});
