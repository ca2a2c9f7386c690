import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../../analyzers/check';
import { toDiagram } from '../../analyzers/diagram/to-diagram';
import { simulate } from '../../analyzers/sim';
import { DiagramSchema } from '../../diagram/protocol';
import { AnalysisCache } from '../../extension/server/documents';
import { hover } from '../../extension/server/hover';
import { format } from '../../language/format';
import type { Scenario } from '../../language/model/types';
import { KINDS, NETWORK } from '../../language/vocabulary/kinds';
import type { PropertySpec, ValueKind } from '../../language/vocabulary/property';
import { EDGE_DURATIONS, EDGE_NUMBERS, EDGE_PERCENTS, EDGE_RANGES, withinBudget } from './kit';

/*
 * Every numeric property of the vocabulary (found by walking the tables of language/vocabulary/, blocks included, so
 * a new property is covered the day it is added) with values at the edges: 0, -1, 1e308 written out in digits,
 * `1e308` and `NaN` (not numbers in the language), durations of 0 and of centuries, inverted ranges, percents past
 * 100. Each property gets one file with one element per value, through the checker, the formatter, the diagram model
 * the client validates, and the hover of every element; the scenario's numbers (and the numbers inside `at` and
 * `expect` lines) also through one seed of the simulator.
 */

const NUMERIC: readonly ValueKind[] = ['int', 'number', 'duration', 'duration-or-range', 'percent', 'backoff', 'consistency'];

function edgeValues(spec: PropertySpec): string[] {
  switch (spec.value) {
    case 'int':
    case 'number':
      return EDGE_NUMBERS;
    case 'duration':
      return EDGE_DURATIONS;
    case 'duration-or-range':
      return [...EDGE_DURATIONS, ...EDGE_RANGES];
    case 'percent':
      return EDGE_PERCENTS;
    case 'backoff':
      return [...EDGE_RANGES.map((r) => `exponential ${r}`), ...EDGE_DURATIONS.map((d) => `constant ${d}`)];
    case 'consistency':
      return EDGE_DURATIONS.map((d) => `bounded-staleness ${d}`);
    default:
      return [];
  }
}

/** What follows a parent property's name when its block is opened to reach a numeric child. */
function argument(spec: PropertySpec): string {
  if (spec.named) return ' op';
  if (spec.value === 'target' || spec.value === 'ref' || spec.value === 'ref-list') return ' dep';
  return '';
}

interface NumericProperty {
  /** `service › call › timeout`. */
  label: string;
  spec: PropertySpec;
  /** The element `name` with the property (inside the blocks that lead to it) set to `value`. */
  wrap: (name: string, value: string) => string;
}

function numericProperties(): NumericProperty[] {
  const out: NumericProperty[] = [];
  const walk = (kind: string, specs: readonly PropertySpec[], path: PropertySpec[]) => {
    for (const spec of specs) {
      if (NUMERIC.includes(spec.value)) {
        const label = [kind, ...path.map((p) => p.name), spec.name].join(' › ');
        const open = path.map((p) => `${p.name}${argument(p)} { `).join('');
        const close = path.map(() => ' }').join('');
        out.push({ label, spec, wrap: (name, value) => `${kind}${kind === 'network' ? '' : ` ${name}`} { ${open}${spec.name} ${value}${close} }` });
      }
      if (spec.block && path.length < 3) walk(kind, spec.block, [...path, spec]);
    }
  };
  for (const k of KINDS) walk(k.kind, k.properties, []);
  walk('network', NETWORK, []);
  return out;
}

const PROPERTIES = numericProperties();
// What the wrapped properties refer to: a region, a service with an operation (`dep`), a store to run scenarios on (`db`).
const CONTEXT = 'region r { zones a, b, c }\nservice dep { replicas 3; zones a, b, c; operation op { idempotent } }\nstore db { replicas 3; zones a, b, c; replication leader-follower; election raft; failover automatic; fencing }\n';

const cache = new AnalysisCache(() => ({ config: {}, key: '{}' }));
let version = 0;

function throughEverything(text: string, simulateScenarios: boolean): void {
  withinBudget(
    5_000,
    'check, format, diagram, hover and simulate',
    () => {
      const { model, diagnostics } = checkText(text);
      assert.deepEqual(diagnostics.filter((d) => d.rule === 'internal').map((d) => d.message), []);
      const formatted = format(text);
      if (formatted.errors === 0) assert.equal(format(formatted.text).text, formatted.text);
      const diagram = DiagramSchema.safeParse(toDiagram(model, diagnostics));
      assert.ok(diagram.success, `the client rejects the diagram: ${diagram.success ? '' : diagram.error.message.slice(0, 500)}`);
      const analysis = cache.get(TextDocument.create('file:///w/numbers.arch', 'arch', ++version, text));
      for (const e of model.elements.values()) {
        const shown = hover(analysis, e.nameRange.start);
        const value = shown && typeof shown.contents === 'object' && 'value' in shown.contents ? shown.contents.value : '';
        assert.doesNotMatch(value, /\bNaN\b|undefined/, `the hover of ${e.name} shows broken arithmetic: ${value.slice(0, 300)}`);
      }
      if (!simulateScenarios) return;
      for (const e of model.elements.values()) {
        if (e.kind !== 'scenario') continue;
        const result = simulate(model, e as Scenario, { seed: 1, limits: { maxEvents: 50_000, maxWallMs: 1_000 }, now: () => performance.now() });
        assert.notEqual(result.stoppedBy, 'error', `${e.name}: ${result.error}`);
        assert.ok(Number.isFinite(result.endMs), `${e.name}: the run ends at ${result.endMs}`);
      }
    },
    text,
  );
}

describe('pathological: numbers at the edges, for every numeric property', () => {
  it(`finds the numeric properties in the vocabulary (${PROPERTIES.length})`, () => {
    assert.ok(PROPERTIES.length >= 40, `${PROPERTIES.length}`);
    for (const expected of ['service › replicas', 'service › call › timeout', 'service › call › circuit-breaker › window', 'store › election-timeout', 'network › loss', 'scenario › duration']) {
      assert.ok(PROPERTIES.some((p) => p.label === expected), expected);
    }
  });

  for (const p of PROPERTIES) {
    it(`${p.label}: every edge value checked, formatted, drawn and hovered within 5 s`, () => {
      const network = p.label.startsWith('network');
      const elements = edgeValues(p.spec).map((v, i) => p.wrap(`e${i}`, v));
      // `network` has no name, so one block (one value) per file; a scenario runs against the store `db`.
      const texts = network ? elements.map((e) => `${CONTEXT}${e}\n`) : [`${CONTEXT}${elements.join('\n')}\n`];
      for (const text of texts) throughEverything(text.replace(/^scenario (e\d+) \{ /gm, 'scenario $1 { target db; '), p.label.startsWith('scenario'));
    });
  }

  it('the numbers inside `at` and `expect` lines: fault times, pause lengths, drop and stale-read percents, leader-within (each within 5 s)', () => {
    const lines = [
      ...EDGE_DURATIONS.flatMap((d) => [`at ${d} crash leader`, `at 1s pause leader ${d}`, `expect leader-within ${d}`, `at ${d} partition a | b, c`]),
      ...EDGE_PERCENTS.flatMap((x) => [`at 1s drop ${x}`, `expect stale-reads below ${x}`]),
      ...EDGE_NUMBERS.map((n) => `at 1s crash ${n}`),
    ];
    for (const line of lines) throughEverything(`${CONTEXT}scenario s { target db; duration 5s; ${line}; expect no-split-brain }\n`, true);
  });
});
