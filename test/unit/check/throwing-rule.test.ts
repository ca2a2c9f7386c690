import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkText } from '../../../analyzers/check';
import { RULES } from '../../../analyzers/registry';
import type { Rule } from '../../../analyzers/rules/types';

/*
 * ARCHITECTURE.md, invariant "a crashing rule is a diagnostic, not a dead process": a rule that throws becomes one
 * `internal` error naming it, and every other rule still reports exactly what it reports without the crash.
 */

const SAMPLE = readFileSync(join(import.meta.dirname, '../../../samples/rule-gallery.arch'), 'utf8');

const throwsError: Rule = {
  id: 'test/throws-error',
  severity: 'warning',
  description: 'Throws an Error.',
  check() {
    throw new Error('boom');
  },
};

/** Crashes the way real code does: a TypeError from reading through a missing value. */
const crashesOnModel: Rule = {
  id: 'test/crashes-on-model',
  severity: 'warning',
  description: 'Reads a property of undefined.',
  check({ model }) {
    const missing = model.elements.get('no-such-element-anywhere') as unknown as { name: string };
    void missing.name;
  },
};

const throwsString: Rule = {
  id: 'test/throws-string',
  severity: 'warning',
  description: 'Throws a string, not an Error.',
  check() {
    throw 'not an error object';
  },
};

describe('a rule that throws', () => {
  const baseline = checkText(SAMPLE).diagnostics;
  // Crashing rules first, in the middle and last, so rules both before and after a crash must still report.
  const middle = Math.floor(RULES.length / 2);
  const rules = [throwsError, ...RULES.slice(0, middle), crashesOnModel, ...RULES.slice(middle), throwsString];
  const withCrashes = checkText(SAMPLE, { rules }).diagnostics;
  const internal = withCrashes.filter((d) => d.rule === 'internal');

  it('the sample is a meaningful baseline: findings from rules before and after the middle, no internal error', () => {
    assert.equal(baseline.filter((d) => d.rule === 'internal').length, 0);
    const reporting = new Set(baseline.map((d) => d.rule));
    assert.ok(RULES.slice(0, middle).some((r) => reporting.has(r.id)), 'a rule before the middle reports on the sample');
    assert.ok(RULES.slice(middle).some((r) => reporting.has(r.id)), 'a rule after the middle reports on the sample');
  });

  it('becomes one `internal` error per crashing rule, naming the rule and the reason', () => {
    assert.deepEqual(
      internal.map((d) => d.severity),
      ['error', 'error', 'error'],
    );
    const messages = internal.map((d) => d.message).sort();
    assert.equal(messages.length, 3);
    assert.match(messages.find((m) => m.includes('`test/throws-error`')) ?? '', /`test\/throws-error` failed on this file and was skipped: boom$/);
    assert.match(messages.find((m) => m.includes('`test/crashes-on-model`')) ?? '', /`test\/crashes-on-model` failed on this file and was skipped: .*undefined/);
    assert.match(messages.find((m) => m.includes('`test/throws-string`')) ?? '', /`test\/throws-string` failed on this file and was skipped: not an error object$/);
    for (const d of internal) assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  it('leaves every other finding exactly as without the crash', () => {
    assert.ok(baseline.length > 10, `the sample has ${baseline.length} findings`);
    assert.deepEqual(
      withCrashes.filter((d) => d.rule !== 'internal'),
      baseline,
    );
  });

  it('is not reported when the crashing rule is turned off', () => {
    const off = checkText(SAMPLE, { rules, config: { rules: { 'test/throws-error': 'off', 'test/crashes-on-model': 'off', 'test/throws-string': 'off' } } });
    assert.deepEqual(off.diagnostics, baseline);
  });
});
