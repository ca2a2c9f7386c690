import fc from 'fast-check';
import { KINDS, NETWORK } from '../../language/vocabulary/kinds';
import type { PropertySpec, ValueKind } from '../../language/vocabulary/property';
import { EXPECTATION_FORMS, FAULT_FORMS } from '../../language/vocabulary/scenario';
import { EDGE_DURATIONS, EDGE_NUMBERS, EDGE_PERCENTS, EDGE_RANGES } from './kit';

/*
 * Designs written from the vocabulary tables (language/vocabulary/): elements of every kind with real properties,
 * values of the right shape drawn from the edges (0, 1e308-sized digit strings, years, -1), names from a small pool
 * so references resolve some of the time, and scenarios with faults and expectations. Random text rarely gets past
 * the parser into the rules; these reach every rule with values nobody tested by hand.
 *
 * Built from a list of numbers that every choice reads in turn (0 once it runs out), so fast-check shrinks a
 * failing design by shortening that list: towards fewer, simpler elements.
 */

const NAMES = ['a', 'b', 'c', 'db', 'q', 'etcd'];
const ZONES = ['z1', 'z2', 'z3', 'z4'];
const OPS = ['op', 'get', 'charge'];

class Choices {
  private i = 0;
  constructor(private readonly list: readonly number[]) {}
  next(n: number): number {
    return n <= 0 ? 0 : (this.list[this.i++] ?? 0) % n;
  }
  pick<T>(options: readonly T[]): T {
    return options[this.next(options.length)]!;
  }
  /** 0 to max items, more often few. */
  count(max: number): number {
    return Math.min(this.next(max + 1), this.next(max + 1));
  }
}

function some(c: Choices, options: readonly string[], max = 3): string {
  const n = 1 + c.count(max - 1);
  return Array.from({ length: n }, () => c.pick(options)).join(', ');
}

function target(c: Choices): string {
  const name = c.pick(NAMES);
  return c.next(2) === 0 ? name : `${name}.${c.pick(OPS)}`;
}

function fault(c: Choices): string {
  const word = c.pick(FAULT_FORMS).word;
  const args: Record<string, () => string> = {
    crash: () => c.pick(['leader', '0', '1', '7', 'zone z1', '-1']),
    restart: () => c.pick(['', 'leader', '0', '99']),
    partition: () => c.pick(['z1 | z2, z3', 'z1 | z1', 'z9 | z2', 'z1']),
    heal: () => '',
    pause: () => `${c.pick(['leader', 'holder', '0', '2'])} ${c.pick(EDGE_DURATIONS)}`,
    lose: () => `zone ${c.pick(ZONES)}`,
    fail: () => `step ${c.pick(['s1', 's2', 'nope'])}`,
    drop: () => c.pick(EDGE_PERCENTS),
  };
  return `${c.pick(EDGE_DURATIONS)} ${word} ${args[word]?.() ?? ''}`.trimEnd();
}

function expectation(c: Choices): string {
  const word = c.pick(EXPECTATION_FORMS).word;
  if (word === 'leader-within') return `${word} ${c.pick(EDGE_DURATIONS)}`;
  if (word === 'stale-reads') return `${word} below ${c.pick(EDGE_PERCENTS)}`;
  return word;
}

function value(c: Choices, spec: PropertySpec): string {
  const kind: ValueKind = spec.value;
  switch (kind) {
    case 'flag':
      // Now and then a flag with a value: a schema error that leaves the flag unset.
      return c.next(6) === 0 ? c.pick(EDGE_NUMBERS) : '';
    case 'int':
    case 'number':
      return c.pick(EDGE_NUMBERS);
    case 'duration':
      return c.pick(EDGE_DURATIONS);
    case 'duration-or-range':
      return c.pick([...EDGE_DURATIONS, ...EDGE_RANGES]);
    case 'percent':
      return c.pick(EDGE_PERCENTS);
    case 'string':
      return c.pick(['"t"', '""', '"<b>x</b> ](javascript:alert(1)) `x`"', '"\u202eevil"']);
    case 'word':
      return c.pick(['x', 'request_id', 'postgres']);
    case 'enum':
      return c.pick([...(spec.values ?? []), 'bogus']);
    case 'enum-list':
      return some(c, [...(spec.values ?? []), 'bogus']);
    case 'ref':
      return c.pick(NAMES);
    case 'ref-list':
      return some(c, NAMES, 4);
    case 'zone-list':
      return some(c, ZONES, 4);
    case 'target':
      return target(c);
    case 'target-list':
      return Array.from({ length: 1 + c.count(2) }, () => target(c)).join(', ');
    case 'backoff':
      return c.pick(['none', 'constant', 'constant 0ms', 'exponential', 'exponential 100ms..1s', `exponential ${c.pick(EDGE_RANGES)}`, `constant ${c.pick(EDGE_DURATIONS)}`]);
    case 'consistency':
      return c.pick(['linearizable', 'eventual', 'causal', `bounded-staleness ${c.pick(EDGE_DURATIONS)}`]);
    case 'atoms':
      return spec.name === 'at' ? fault(c) : expectation(c);
  }
}

function properties(c: Choices, specs: readonly PropertySpec[], depth: number, indent: string): string[] {
  const lines: string[] = [];
  const used = new Set<string>();
  const n = c.count(depth === 0 ? 12 : 3);
  for (let k = 0; k < n; k++) {
    // Calls make the chains most rules walk: drawn more often than their share of the table.
    const call = depth === 0 && c.next(3) === 0 ? specs.find((p) => p.name === 'call') : undefined;
    const spec = call ?? c.pick(specs);
    // A repeated property is one `duplicate` finding: worth drawing now and then, not in most designs.
    if (!spec.repeatable && used.has(spec.name) && c.next(8) !== 0) continue;
    used.add(spec.name);
    const name = spec.named ? ` ${c.pick(OPS)}` : '';
    const v = value(c, spec);
    let line = `${indent}${spec.name}${name}${v ? ` ${v}` : ''}`;
    if (spec.block && spec.block.length > 0 && depth < 2 && c.next(2) === 0) {
      const inner = properties(c, spec.block, depth + 1, `${indent}  `);
      line += inner.length === 0 ? ' {}' : ` {\n${inner.join('\n')}\n${indent}}`;
    }
    lines.push(line);
  }
  return lines;
}

function design(list: readonly number[]): string {
  const c = new Choices(list);
  const out: string[] = [];
  if (c.next(3) !== 0) out.push(`region r { zones ${ZONES.slice(0, 1 + c.next(ZONES.length)).join(', ')} }`);
  if (c.next(4) === 0) out.push(`network {\n${properties(c, NETWORK, 1, '  ').join('\n')}\n}`);
  const elements = 1 + c.count(12);
  for (let k = 0; k < elements; k++) {
    const kind = c.pick(KINDS.filter((x) => x.kind !== 'region'));
    const title = c.next(4) === 0 ? ' "Title"' : '';
    const body = properties(c, kind.properties, 0, '  ');
    // Mostly distinct names (a second `a` is one `duplicate` finding), from the pool references draw from.
    const name = c.next(8) === 0 ? c.pick(NAMES) : (NAMES[k] ?? `s${k}`);
    out.push(`${kind.kind} ${name}${title} {\n${body.join('\n')}\n}`);
  }
  return `${out.join('\n\n')}\n`;
}

export const vocabularyDesign: fc.Arbitrary<string> = fc.array(fc.nat(), { minLength: 20, maxLength: 600, size: 'max' }).map(design);
