import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { memoryIo } from '../../../cli/io';
import { jsonReportSchema } from '../../../cli/report/json-schema';
import { run } from '../../../cli/run';
import { ROOT, STACK_FRAME, spawnCli, tempDir } from './helpers';

/*
 * Whatever a file holds, `check` reports problems (exit 0 or 1); exit 2 is for usage and unreadable input,
 * so an exit 2 or a stack trace here means the checker crashed. In-process for speed, a few spawned.
 */

// Fragments of the language and of things it must survive: unclosed blocks, strings and comments, odd numbers.
const TOKENS = [
  'service', 'store', 'queue', 'lock', 'cluster', 'gateway', 'saga', 'scenario', 'region', 'external',
  'replicas', 'zones', 'call', 'retry', 'timeout', 'lease', 'fencing', 'write-quorum', 'read-quorum', 'election',
  'a', 'b', 'a.b', 'orders-db', '3', '0', '-1', '1e999', '2s', '150ms..300ms', '99.9%', '"s"', '"open',
  '{', '}', ';', ',', '->', '|', '\n', '\r\n', '\r', ' ', '\t', '//c', '/*', '*/', '\u00a0', '😀', '\0',
];

// Real designs with a span cut out or replaced: text that gets past the parser and into the model and rules.
const SAMPLES = readdirSync(join(ROOT, 'samples'))
  .filter((f) => f.endsWith('.arch'))
  .map((f) => readFileSync(join(ROOT, 'samples', f), 'utf8'));
const mutatedSample = fc
  .tuple(fc.constantFrom(...SAMPLES, 'service a { replicas 3 }\n'), fc.nat(), fc.nat({ max: 40 }), fc.constantFrom('', ...TOKENS))
  .map(([text, at, length, insert]) => {
    const start = at % (text.length + 1);
    return text.slice(0, start) + insert + text.slice(start + length);
  });

const source = fc.oneof(
  mutatedSample,
  mutatedSample,
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join(' ')),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join('')),
);

describe('check on arbitrary text', () => {
  it('never exits 2 nor prints a stack trace (in-process)', async () => {
    const dir = tempDir();
    const file = join(dir, 'fuzz.arch');
    await fc.assert(
      fc.asyncProperty(source, fc.constantFrom('text', 'json', 'sarif'), fc.boolean(), async (text, format, fix) => {
        writeFileSync(file, text);
        const io = memoryIo(dir);
        const code = await run(['check', 'fuzz.arch', '--format', format, ...(fix ? ['--fix'] : [])], io);
        assert.ok(code === 0 || code === 1, `exit ${code}: ${io.err()}`);
        assert.doesNotMatch(io.err(), STACK_FRAME);
        if (format === 'json') jsonReportSchema.parse(JSON.parse(io.out()));
      }),
      { numRuns: 200 },
    );
  });

  it('never exits 2 nor prints a stack trace (spawned, a handful)', async () => {
    const dir = tempDir();
    const samples = fc.sample(source, { numRuns: 3, seed: 42 });
    samples.forEach((text, i) => writeFileSync(join(dir, `f${i}.arch`), text));
    const r = await spawnCli(['check', '.'], dir);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, STACK_FRAME);
  });
});
