import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { archLexer } from '../../language/tokens';
import { watchdog, type Watchdog } from './watchdog';

/*
 * Shared by the fuzz suite (test/fuzz/*.test.ts): how many cases to run, the corpus of samples and the token-level
 * mutations applied to it, and wall-time budgets.
 *
 * `npm test` runs every property with a bounded number of cases, seeded by test/setup/fixed-seed.mjs, so a failure
 * reproduces from its log. `npm run fuzz` (test/fuzz/run.mjs) runs the same properties with FAULTLINE_FUZZ_RUNS
 * times as many cases, a random seed it prints, and the long pathological files (FAULTLINE_FUZZ_LONG).
 */

export const ROOT = resolve(import.meta.dirname, '../..');

/** Multiplies every property's number of cases (1 in `npm test`). */
export const SCALE = Math.max(0.01, Number(process.env.FAULTLINE_FUZZ_RUNS ?? 1) || 1);
/** The cases too slow for every `npm test` (100,000 elements, the 3 MB entry chain, `--fix` of 40,000 findings) run only when this is set. */
export const LONG = process.env.FAULTLINE_FUZZ_LONG === '1';

/** `n` cases in `npm test`, `n × FAULTLINE_FUZZ_RUNS` under `npm run fuzz`. */
export function runs(n: number): number {
  return Math.max(1, Math.round(n * SCALE));
}

/**
 * fast-check options for a property of `n` cases. The seed is the global one (test/setup/fixed-seed.mjs); the
 * failure's own message goes into the report, which Node's test reporter would otherwise leave out (it is the cause).
 */
export function cases(n: number): fc.Parameters<unknown> {
  return { numRuns: runs(n), includeErrorInReport: true };
}

export interface Sample {
  name: string;
  text: string;
}

export const SAMPLES: readonly Sample[] = readdirSync(join(ROOT, 'samples'))
  .filter((f) => f.endsWith('.arch'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(ROOT, 'samples', name), 'utf8') }));

// ---- wall time ------------------------------------------------------------------------------------------------

let dog: Watchdog | undefined;

/** Below this, a case is never taken for a hang (FAULTLINE_FUZZ_HANG_MS lowers it, for the watchdog's own test). */
const MIN_HANG_MS = Number(process.env.FAULTLINE_FUZZ_HANG_MS) || 30_000;

/** A case that has not returned after this long is taken for a hang: the watchdog prints its input and kills the file. */
function hangLimit(budgetMs: number): number {
  return process.env.FAULTLINE_FUZZ_HANG_MS ? MIN_HANG_MS : Math.max(4 * budgetMs, MIN_HANG_MS);
}

function overBudget(what: string, ms: number, budgetMs: number): Error | undefined {
  return ms > budgetMs ? new Error(`${what} took ${Math.round(ms)} ms, over its budget of ${budgetMs} ms`) : undefined;
}

/**
 * Runs `fn` and fails if it took longer than `budgetMs`. A hang detector, not a benchmark: budgets are many times
 * the usual time, since other work shares the machine. `input` is printed if the case never returns (watchdog.ts).
 */
export function withinBudget<T>(budgetMs: number, what: string, fn: () => T, input = ''): T {
  dog ??= watchdog();
  dog.start(what, input, hangLimit(budgetMs));
  const t0 = performance.now();
  try {
    const value = fn();
    const late = overBudget(what, performance.now() - t0, budgetMs);
    if (late) throw late;
    return value;
  } finally {
    dog.stop();
  }
}

export async function withinBudgetAsync<T>(budgetMs: number, what: string, fn: () => Promise<T>, input = ''): Promise<T> {
  dog ??= watchdog();
  dog.start(what, input, hangLimit(budgetMs));
  const t0 = performance.now();
  try {
    const value = await fn();
    const late = overBudget(what, performance.now() - t0, budgetMs);
    if (late) throw late;
    return value;
  } finally {
    dog.stop();
  }
}

// ---- the corpus: samples with token-level edits -----------------------------------------------------------------

/** A token with the text before it (blanks the lexer skips, or characters it could not read). */
interface Piece {
  gap: string;
  image: string;
}

function pieces(text: string): { list: Piece[]; tail: string } {
  const { tokens, groups } = archLexer.tokenize(text);
  const all = [...tokens, ...(groups.comments ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  const list: Piece[] = [];
  let at = 0;
  for (const t of all) {
    list.push({ gap: text.slice(at, t.startOffset), image: t.image });
    at = t.startOffset + t.image.length;
  }
  return { list, tail: text.slice(at) };
}

/** Lexed once: every property file mutates the same samples. */
const PIECES = new Map(SAMPLES.map((s) => [s.name, pieces(s.text)]));

/** What an edit may insert besides random code units: the characters and fragments parsers trip on. */
export const FRAGMENTS = [
  '{', '}', '"', '\\', '/*', '*/', '//', ',', ';', '..', '.', '%', '->', '|', '-', '\n', '\r', '\r\n', '\t', ' ',
  '\u0000', '\ufeff', '\u202e', '\u2028', '\ud800', '😀', 'é', 'replicas', 'zones', 'call', 'retry', 'timeout', 'scenario',
  'at', 'expect', '0', '-1', '1e308', '1' + '0'.repeat(309), '999999999d', '0ms', '150ms..1ms', '101%', 'NaN', 'Infinity',
];

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const randomBytes = fc.oneof(fc.string({ unit: codeUnit, minLength: 1, maxLength: 6 }), fc.constantFrom(...FRAGMENTS));

export type Edit =
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'replace'; at: number; from: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), from: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: randomBytes }),
  // Rarer: a truncated sample loses most of itself.
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Applies token-level edits to a sample (truncation cuts the finished text at a character, mid-token or not). */
export function mutate(sample: string, edits: readonly Edit[]): string {
  const { list: original, tail } = PIECES.get(sample) ?? pieces(SAMPLES.find((s) => s.name === sample)?.text ?? sample);
  const list = original.map((p) => ({ ...p }));
  let cut: number | undefined;
  for (const e of edits) {
    const n = list.length;
    if (e.kind === 'truncate') {
      cut = e.at;
      continue;
    }
    if (e.kind === 'insert') {
      const at = e.at % (n + 1);
      list.splice(at, 0, { gap: '', image: e.text });
      continue;
    }
    if (n === 0) continue;
    const at = e.at % n;
    if (e.kind === 'delete') list.splice(at, e.count);
    else if (e.kind === 'duplicate') list.splice(at + 1, 0, { gap: ' ', image: list[at]!.image });
    else if (e.kind === 'swap') {
      const other = e.with % n;
      const image = list[at]!.image;
      list[at]!.image = list[other]!.image;
      list[other]!.image = image;
    } else list[at]!.image = list[e.from % n]!.image;
  }
  const text = list.map((p) => p.gap + p.image).join('') + tail;
  return cut === undefined ? text : text.slice(0, cut % (text.length + 1));
}

/** A sample's name and 1–6 edits: fast-check shrinks towards fewer edits, and the counterexample names the sample. */
export const mutatedSample = fc
  .record({ sample: fc.constantFrom(...SAMPLES.map((s) => s.name)), edits: fc.array(edit, { minLength: 1, maxLength: 6 }) })
  .map(({ sample, edits }) => mutate(sample, edits));

// ---- numbers at the edges --------------------------------------------------------------------------------------

const HUGE = '1' + '0'.repeat(308);
/** Number-like text at the edges of what the vocabulary accepts, and past them (some of it is not a number at all). */
export const EDGE_NUMBERS = ['0', '1', '2', '3', '7', '0.5', '0.0001', '65536', '4294967297', '99999999999999999999', HUGE, '1e308', '-1', 'NaN', 'Infinity'];
export const EDGE_DURATIONS = ['0ms', '0s', '0.001ms', '1ms', '1s', '365d', '36500d', '999999999d', `${HUGE}ms`, `${HUGE}d`, '-1s', '1e308ms'];
export const EDGE_RANGES = ['0ms..0ms', '1ms..0ms', '0ms..36500d', '36500d..36500d', `1ms..${HUGE}d`, '2s..1ms'];
export const EDGE_PERCENTS = ['0%', '0.0001%', '50%', '100%', '100.0001%', `${HUGE}%`, '-1%'];
