import { buildModelFromText } from '../../language/model/build';
import type { ArchModel, Expectation, Fault, NodeSelector, Scenario } from '../../language/model/types';
import type { Range } from '../../language/range';
import type { Statement } from '../../language/ast';

/*
 * Typed scenarios for the simulator's tests, built directly (language/model/scenario.ts, which reads `at …` and
 * `expect …` lines, is written separately): a model from text, then faults and expectations as values.
 */

const R: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function modelOf(text: string): ArchModel {
  const m = buildModelFromText(text);
  const errors = m.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`test model has errors: ${errors.map((d) => d.message).join('; ')}`);
  return m;
}

type Sel = 'leader' | number;

function sel(s: Sel): NodeSelector {
  return s === 'leader' ? { kind: 'leader' } : { kind: 'index', index: s, range: R };
}

/** Fault and expectation builders: the statement is filled in by `scenarioOf`. */
type Partial<T> = T extends unknown ? Omit<T, 'statement' | 'range'> : never;
export type FaultSpec = Partial<Fault>;
export type ExpectSpec = Partial<Expectation>;

export const crash = (atMs: number, node: Sel): FaultSpec => ({ kind: 'crash', atMs, node: sel(node) });
export const restart = (atMs: number, node?: Sel): FaultSpec => (node === undefined ? { kind: 'restart', atMs } : { kind: 'restart', atMs, node: sel(node) });
export const loseZone = (atMs: number, zone: string): FaultSpec => ({ kind: 'lose-zone', atMs, zone, zoneRange: R });
export const partition = (atMs: number, ...sides: string[][]): FaultSpec => ({ kind: 'partition', atMs, sides });
export const heal = (atMs: number): FaultSpec => ({ kind: 'heal', atMs });
export const pause = (atMs: number, node: Sel, durationMs: number): FaultSpec => ({ kind: 'pause', atMs, node: sel(node), durationMs });
export const drop = (atMs: number, percent: number): FaultSpec => ({ kind: 'drop', atMs, percent });

export const noSplitBrain: ExpectSpec = { kind: 'no-split-brain' };
export const noLostWrites: ExpectSpec = { kind: 'no-lost-writes' };
export const leaderWithin = (withinMs: number): ExpectSpec => ({ kind: 'leader-within', withinMs });

export interface ScenarioSpec {
  target: string;
  durationMs?: number;
  load?: number;
  seeds?: number;
  faults?: FaultSpec[];
  expect?: ExpectSpec[];
}

/** A scenario element for `model` (not added to it), with typed faults and expectations. */
export function scenarioOf(model: ArchModel, spec: ScenarioSpec, name = 'test'): Scenario {
  const statement: Statement = model.document.statements[0]!;
  const base = { statement, range: R };
  return {
    kind: 'scenario',
    name,
    statement,
    nameRange: R,
    props: { statement: () => undefined, statements: () => [], has: () => false },
    target: spec.target,
    durationMs: spec.durationMs,
    load: spec.load,
    seeds: spec.seeds,
    faults: (spec.faults ?? []).map((f) => ({ ...f, ...base }) as Fault),
    expectations: (spec.expect ?? []).map((x) => ({ ...x, ...base }) as Expectation),
  };
}

/** Seeds 1..n. */
export function seeds(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Freeze an object graph, so a step that mutates its input state throws (ES modules run in strict mode). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
