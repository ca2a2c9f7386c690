import type { Atom } from '../ast';
import { cover, type Range } from '../range';
import { didYouMean } from '../suggest';
import { BACKOFF, CONSISTENCY_LEVELS } from '../vocabulary/enums';
import type { PropertySpec } from '../vocabulary/property';

/** A word with where it was written: references keep their range so `reference` errors can point at them. */
export interface Named {
  name: string;
  range: Range;
}

export type ReadResult = { ok: true; value: unknown } | { ok: false; message: string; range: Range };

const WHAT: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  duration: 'a duration (150ms, 2s, 5m)',
  'duration-or-range': 'a duration (300ms) or a range (150ms..300ms)',
  percent: 'a percent (99.9%)',
  string: 'a quoted string',
  word: 'a name',
  ref: 'the name of an element',
  target: 'an element or `element.operation`',
  'target-list': 'elements or `element.operation`s, separated by commas',
};

/** The range a failure points at by default: all the atoms, or the statement's head when there are none. */
function allAtoms(atoms: Atom[], whole: Range): Range {
  return atoms.length ? cover(atoms[0]!.range, atoms[atoms.length - 1]!.range) : whole;
}

function failure(message: string, range: Range): ReadResult {
  return { ok: false, message, range };
}

/*
 * Single-value kinds: one atom of an accepted kind. Written as plain functions over the atom (not closures built
 * per call): this runs for nearly every property of a file.
 */
function oneAtom(spec: PropertySpec, atoms: Atom[], whole: Range): Atom | ReadResult {
  if (atoms.length === 0) return failure(`\`${spec.name}\` needs a value: ${WHAT[spec.value] ?? 'a value'}`, whole);
  if (atoms.length > 1) return failure(`\`${spec.name}\` takes one value, ${WHAT[spec.value] ?? ''}; found ${atoms.length}`, cover(atoms[1]!.range, atoms[atoms.length - 1]!.range));
  return atoms[0]!;
}

function accepts(kind: PropertySpec['value'], a: Atom): boolean {
  switch (kind) {
    case 'int':
    case 'number':
      return a.kind === 'number' && Number.isFinite(a.value as number);
    case 'duration':
      return a.kind === 'duration' && Number.isFinite(a.value as number);
    case 'duration-or-range':
      return a.kind === 'duration' || a.kind === 'range';
    case 'percent':
      return a.kind === 'percent';
    case 'string':
      return a.kind === 'string';
    case 'word':
    case 'ref':
      return a.kind === 'ident';
    case 'target':
      return a.kind === 'ident' || a.kind === 'ref';
    default:
      return false;
  }
}

function valueOf(kind: PropertySpec['value'], a: Atom): unknown {
  switch (kind) {
    case 'duration-or-range':
      return a.kind === 'range' ? { min: a.min, max: a.max } : { min: a.value, max: a.value };
    case 'word':
    case 'ref':
    case 'target':
      return { name: a.text, range: a.range } satisfies Named;
    default:
      return a.value;
  }
}

/** Reads a property's atoms (after its name, for named properties) into the value its spec describes. */
export function readValue(spec: PropertySpec, atoms: Atom[], groups: Atom[][], whole: Range): ReadResult {
  switch (spec.value) {
    case 'flag':
      return atoms.length === 0 ? { ok: true, value: true } : failure(`\`${spec.name}\` is a flag and takes no value`, allAtoms(atoms, whole));
    case 'int':
    case 'number':
    case 'duration':
    case 'duration-or-range':
    case 'percent':
    case 'string':
    case 'word':
    case 'ref':
    case 'target': {
      const atom = oneAtom(spec, atoms, whole);
      if (!('kind' in atom)) return atom;
      if (!accepts(spec.value, atom)) return failure(`\`${spec.name}\` expects ${WHAT[spec.value] ?? 'a value'}, got \`${atom.text}\``, atom.range);
      return { ok: true, value: valueOf(spec.value, atom) };
    }
    case 'enum':
    case 'enum-list':
    case 'ref-list':
    case 'target-list':
    case 'zone-list':
    case 'backoff':
    case 'consistency': {
      // The rarer, multi-atom kinds keep their failure callback.
      const fail: Fail = (message, at = allAtoms(atoms, whole)) => failure(message, at);
      if (spec.value === 'enum') return readEnum(spec, atoms, fail);
      if (spec.value === 'backoff') return readBackoff(spec, atoms, fail);
      if (spec.value === 'consistency') return readConsistency(spec, atoms, fail);
      return readList(spec, atoms, groups, fail);
    }
    case 'atoms':
      return { ok: true, value: atoms };
  }
}

type Fail = (message: string, at?: Range) => ReadResult;

function enumWord(spec: PropertySpec, atom: Atom | undefined, values: readonly string[], fail: Fail): ReadResult {
  if (!atom) return fail(`\`${spec.name}\` needs one of: ${values.join(', ')}`);
  if (atom.kind !== 'ident' || !values.includes(atom.text)) {
    return fail(`\`${spec.name}\` expects one of ${values.join(', ')}; got \`${atom.text}\`${didYouMean(atom.text, values)}`, atom.range);
  }
  return { ok: true, value: atom.text };
}

function readEnum(spec: PropertySpec, atoms: Atom[], fail: Fail): ReadResult {
  if (atoms.length > 1) return fail(`\`${spec.name}\` takes one value; found ${atoms.length}`, cover(atoms[1]!.range, atoms[atoms.length - 1]!.range));
  return enumWord(spec, atoms[0], spec.values ?? [], fail);
}

function readList(spec: PropertySpec, atoms: Atom[], groups: Atom[][], fail: Fail): ReadResult {
  if (atoms.length === 0) return fail(`\`${spec.name}\` needs at least one value`);
  const out: Named[] = [];
  for (const group of groups) {
    if (group.length !== 1) {
      return fail(`\`${spec.name}\` takes a list separated by commas (\`a, b, c\`)`, cover(group[0]!.range, group[group.length - 1]!.range));
    }
    const atom = group[0]!;
    if (spec.value === 'enum-list') {
      const r = enumWord(spec, atom, spec.values ?? [], fail);
      if (!r.ok) return r;
    } else if (spec.value === 'target-list') {
      if (atom.kind !== 'ident' && atom.kind !== 'ref') return fail(`\`${spec.name}\` expects ${WHAT['target-list']}, got \`${atom.text}\``, atom.range);
    } else if (atom.kind !== 'ident') {
      return fail(`\`${spec.name}\` expects names, got \`${atom.text}\``, atom.range);
    }
    out.push({ name: atom.text, range: atom.range });
  }
  return { ok: true, value: out };
}

function readBackoff(spec: PropertySpec, atoms: Atom[], fail: Fail): ReadResult {
  const kind = enumWord(spec, atoms[0], BACKOFF, fail);
  if (!kind.ok) return kind;
  const rest = atoms.slice(1);
  if (rest.length === 0) return { ok: true, value: { kind: kind.value } };
  const at = rest[0]!;
  if (rest.length > 1 || kind.value === 'none' || (at.kind !== 'duration' && at.kind !== 'range')) {
    return fail(`\`backoff\` is \`none\`, \`constant [DELAY]\` or \`exponential [BASE..MAX]\``, cover(at.range, rest[rest.length - 1]!.range));
  }
  if (at.kind === 'range') {
    if ((at.min ?? 0) > (at.max ?? 0)) return fail(`the backoff range must go from low to high`, at.range);
    return { ok: true, value: { kind: kind.value, baseMs: at.min, maxMs: at.max } };
  }
  return { ok: true, value: { kind: kind.value, baseMs: at.value } };
}

function readConsistency(spec: PropertySpec, atoms: Atom[], fail: Fail): ReadResult {
  const level = enumWord(spec, atoms[0], CONSISTENCY_LEVELS, fail);
  if (!level.ok) return level;
  const rest = atoms.slice(1);
  if (level.value === 'bounded-staleness') {
    if (rest.length !== 1 || rest[0]!.kind !== 'duration') {
      return fail('`bounded-staleness` needs its bound: `consistency bounded-staleness 5s`', rest[0]?.range ?? atoms[0]!.range);
    }
    return { ok: true, value: { level: level.value, stalenessMs: rest[0]!.value } };
  }
  if (rest.length > 0) return fail(`\`${spec.name}\` takes one level`, cover(rest[0]!.range, rest[rest.length - 1]!.range));
  return { ok: true, value: { level: level.value } };
}
