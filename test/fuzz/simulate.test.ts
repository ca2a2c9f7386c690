import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkText } from '../../analyzers/check';
import { simulate } from '../../analyzers/sim';
import type { Scenario } from '../../language/model/types';
import { archLexer, Duration, NumberLiteral, Percent, RangeLiteral } from '../../language/tokens';
import { cases, EDGE_DURATIONS, EDGE_NUMBERS, EDGE_PERCENTS, EDGE_RANGES, SAMPLES, withinBudget } from './kit';
import { vocabularyDesign } from './vocabulary-design';

/*
 * The simulator (analyzers/sim/) on the samples' scenarios with their numbers changed — replicas, timeouts, the
 * scenario's `duration`, `load`, fault times, pause lengths, `drop` percents — to values at the edges (0, years,
 * 1e308-sized, not numbers at all). One seed per run, with small limits on events and wall time: a run must end
 * by itself or by a limit, reported in the result (SPEC §4: "hitting a limit is a reported result"), never by a
 * throw; `stoppedBy: 'error'` means a protocol handler threw, a bug.
 */

const LIMITS = { maxEvents: 100_000, maxWallMs: 2_000 };
/** Planning and judging come on top of the run's own wall-time limit. */
const CASE_BUDGET_MS = 3 * LIMITS.maxWallMs + 2_000;

const WITH_SCENARIOS = SAMPLES.filter((s) => /^scenario /m.test(s.text));

const POOL = new Map([
  [NumberLiteral, EDGE_NUMBERS.filter((n) => /^\d/.test(n))],
  [Duration, EDGE_DURATIONS.filter((n) => /^\d/.test(n))],
  [RangeLiteral, EDGE_RANGES],
  [Percent, EDGE_PERCENTS.filter((n) => /^\d/.test(n))],
]);

/** Replaces the numeric tokens at the chosen indexes (modulo their count) by edge values of the same shape. */
function withNumbers(text: string, picks: readonly [number, number][]): string {
  const numeric = archLexer.tokenize(text).tokens.filter((t) => POOL.has(t.tokenType));
  if (numeric.length === 0) return text;
  const replaced = new Map<number, string>();
  for (const [at, value] of picks) {
    const token = numeric[at % numeric.length]!;
    const pool = POOL.get(token.tokenType)!;
    replaced.set(token.startOffset, pool[value % pool.length]!);
  }
  let out = '';
  let from = 0;
  for (const t of numeric) {
    const value = replaced.get(t.startOffset);
    if (value === undefined) continue;
    out += text.slice(from, t.startOffset) + value;
    from = t.startOffset + t.image.length;
  }
  return out + text.slice(from);
}

const mutatedNumbers = fc
  .tuple(fc.constantFrom(...WITH_SCENARIOS.map((s) => s.text)), fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }))
  .map(([text, picks]) => withNumbers(text, picks));

/**
 * Drawn designs rarely give a scenario a runnable `target` (the pool of names is shared by every kind, and `target`
 * is one property among many): left as drawn, almost every scenario stops at "names no target" before the first
 * event. So each scenario of a drawn design without a `target` gets one naming a store, cluster, lock or saga the
 * design declares (one is required), with whatever properties were drawn for it.
 */
function withRunnableTarget(text: string): string | undefined {
  const targets = [...text.matchAll(/^(?:store|cluster|lock|saga) (\S+)/gm)].map((m) => m[1]!);
  if (targets.length === 0) return undefined;
  let k = 0;
  return text.replace(/^scenario (\S+)((?: "[^"\n]*")?) \{\n([\s\S]*?)^\}/gm, (all, name: string, title: string, body: string) =>
    /^\s*target\b/m.test(body) ? all : `scenario ${name}${title} {\n  target ${targets[k++ % targets.length]}\n${body}}`,
  );
}

/** How many cases ran at least one event: a property whose every run stops before the first event tests nothing. */
const ran = { cases: 0, withEvents: 0 };

function simulateCase(text: string, seed: number): void {
  ran.cases++;
  let events = false;
  withinBudget(
    CASE_BUDGET_MS,
    'simulate one seed of every scenario',
    () => {
      const { model } = checkText(text);
      for (const e of model.elements.values()) {
        if (e.kind !== 'scenario') continue;
        const result = simulate(model, e as Scenario, { seed, trace: true, limits: LIMITS, now: () => performance.now() });
        assert.notEqual(result.stoppedBy, 'error', `scenario ${e.name}: the run stopped on an error: ${result.error}`);
        assert.ok(Number.isFinite(result.endMs) && result.events >= 0, `scenario ${e.name}: end ${result.endMs}, ${result.events} events`);
        assert.ok(result.trace.length <= 2_100, `scenario ${e.name}: ${result.trace.length} trace lines`);
        JSON.stringify(result);
        if (result.events > 0) events = true;
      }
    },
    `seed ${seed}\n${text}`,
  );
  if (events) ran.withEvents++;
}

/** Runs `property` and fails unless at least `share` of its cases simulated something. */
function assertRuns(property: () => void, share: number): void {
  ran.cases = 0;
  ran.withEvents = 0;
  property();
  assert.ok(ran.withEvents >= share * ran.cases, `only ${ran.withEvents} of ${ran.cases} cases ran a single event of the simulator`);
}

describe('fuzz: simulate', () => {
  it(`runs the samples' scenarios with edge numbers, ending by itself or a limit (each within ${CASE_BUDGET_MS} ms)`, () => {
    assertRuns(() => fc.assert(fc.property(mutatedNumbers, fc.nat(), simulateCase), cases(30)), 0.5);
  });

  it(`runs the scenarios of designs drawn from the vocabulary, on a store, cluster, lock or saga of the design (each within ${CASE_BUDGET_MS} ms)`, () => {
    const withScenario = vocabularyDesign
      .filter((t) => /^scenario /m.test(t))
      .map(withRunnableTarget)
      .filter((t): t is string => t !== undefined);
    assertRuns(() => fc.assert(fc.property(withScenario, fc.nat(), simulateCase), cases(40)), 0.1);
  });

  it('reports a finite end for a saga whose step timeout is 1e308 ms (its settle phase was Infinity)', () => {
    const text = SAMPLES.find((s) => s.name === 'checkout-saga.arch')!.text.replace('timeout 200ms', `timeout 1${'0'.repeat(308)}ms`).replace('duration 30s; load 2', 'duration 1ms; load 2');
    const { model } = checkText(text);
    const scenario = model.elements.get('lossy-network') as Scenario;
    const result = simulate(model, scenario, { seed: 1, limits: LIMITS });
    assert.ok(Number.isFinite(result.endMs), `end ${result.endMs}`);
  });
});
