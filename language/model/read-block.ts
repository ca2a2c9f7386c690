import type { Statement } from '../ast';
import type { Diagnostic } from '../diagnostic';
import { cover, formatPosition, type Range } from '../range';
import { didYouMean } from '../suggest';
import type { PropertyName } from '../vocabulary/names';
import { ANY_VALUE, fastValid, type PropertySpec } from '../vocabulary/property';
import { readValue, type Named } from './read-value';
import type { PropertyBag } from './types';

/** One property read from a statement: its value, its name (for named properties) and its own block. */
export interface Entry {
  spec: PropertySpec;
  statement: Statement;
  value: unknown;
  /** Set when the value could not be read (a `schema` error was reported); rules then skip the property. */
  invalid?: boolean;
  name?: Named;
  block?: Bag;
  /** The range of the value atoms, or of the head when there are none. */
  valueRange: Range;
}

const NO_ENTRIES: readonly Entry[] = [];

/**
 * The properties of one block: what the element builders read. One list in the order read, searched from the
 * start: a block holds a handful of properties, and a Map of one-entry lists per block was a tenth of a large
 * model's memory (issue 13). The lists of one property come out in the order read.
 */
export class Bag implements PropertyBag {
  private list: Entry[] = [];

  add(entry: Entry): void {
    this.list.push(entry);
  }
  /** Done adding: the list at its exact size (grown by `push`, it holds room for sixteen or more). */
  seal(): this {
    if (this.list.length > 0) this.list = this.list.slice();
    return this;
  }
  entry(name: PropertyName): Entry | undefined {
    for (const e of this.list) if (e.spec.name === name) return e;
    return undefined;
  }
  all(name: PropertyName): readonly Entry[] {
    let out: Entry[] | undefined;
    for (const e of this.list) if (e.spec.name === name) (out ??= []).push(e);
    return out ?? NO_ENTRIES;
  }
  /** Every entry, grouped by property, the properties in the order first read (each group in the order read). */
  groups(): Entry[][] {
    const groups: Entry[][] = [];
    for (let i = 0; i < this.list.length; i++) {
      const name = this.list[i]!.spec.name;
      let first = true;
      for (let j = 0; j < i; j++) {
        if (this.list[j]!.spec.name === name) {
          first = false;
          break;
        }
      }
      if (first) groups.push(this.list.filter((e, k) => k >= i && e.spec.name === name));
    }
    return groups;
  }
  statement(name: PropertyName): Statement | undefined {
    return this.entry(name)?.statement;
  }
  statements(name: PropertyName): Statement[] {
    return this.all(name).map((e) => e.statement);
  }
  has(name: PropertyName): boolean {
    return this.entry(name) !== undefined;
  }
  /** The value when present and valid. */
  get<T>(name: PropertyName): T | undefined {
    const e = this.entry(name);
    return e && !e.invalid ? (e.value as T) : undefined;
  }
  flag(name: PropertyName): boolean {
    return this.get<boolean>(name) === true;
  }
  named(name: PropertyName): Named | undefined {
    return this.get<Named>(name);
  }
}

export type Report = (d: Diagnostic) => void;

/** Reads `statements` against `table`; unknown and repeated properties, and bad values, are reported. */
/** Property tables are static: index each once. */
const INDEX = new WeakMap<readonly PropertySpec[], Map<string, PropertySpec>>();
function indexOf(table: readonly PropertySpec[]): Map<string, PropertySpec> {
  let index = INDEX.get(table);
  if (!index) {
    index = new Map(table.map((p) => [p.name, p]));
    INDEX.set(table, index);
  }
  return index;
}

/**
 * Where a block is, for messages: an element (`service \`api\``), or a property (`\`call x\``, `\`network\``).
 * Passed in pieces and joined only when a message needs it: most blocks have nothing to report.
 */
export function whereLabel(head: string, name: string | undefined, element: boolean): string {
  if (element) return `${head} \`${name}\``;
  return name !== undefined ? `\`${head} ${name}\`` : `\`${head}\``;
}

export function readBlock(
  statements: readonly Statement[],
  table: readonly PropertySpec[],
  whereHead: string,
  whereName: string | undefined,
  whereElement: boolean,
  report: Report,
): Bag {
  const bag = new Bag();
  const byName = indexOf(table);
  for (const statement of statements) {
    const spec = byName.get(statement.head);
    if (!spec) {
      const known = table.map((p) => p.name);
      const where = whereLabel(whereHead, whereName, whereElement);
      report({
        rule: 'schema',
        severity: 'error',
        message: `unknown property \`${statement.head}\` in ${where}${didYouMean(statement.head, known) || (known.length ? `; expected one of: ${known.join(', ')}` : '')}`,
        range: statement.headRange,
      });
      continue;
    }
    const previous = spec.repeatable ? undefined : bag.entry(spec.name);
    if (previous) {
      const where = whereLabel(whereHead, whereName, whereElement);
      report({
        rule: 'duplicate',
        severity: 'error',
        message: `\`${spec.name}\` is set twice in ${where}; the first is at ${formatPosition(previous.statement.headRange.start)}`,
        range: statement.headRange,
        related: [{ message: 'first set here', range: previous.statement.range }],
      });
      continue;
    }
    bag.add(readEntry(statement, spec, report));
  }
  return bag.seal();
}

function bad(report: Report, message: string, range: Range): void {
  report({ rule: 'schema', severity: 'error', message, range });
}

function readEntry(statement: Statement, spec: PropertySpec, report: Report): Entry {
  let atoms = statement.atoms;
  let groups = statement.groups;
  let name: Named | undefined;

  if (spec.named) {
    const first = atoms[0];
    if (!first || first.kind !== 'ident') {
      bad(report, `\`${spec.name}\` needs a name: \`${spec.name} NAME { … }\``, first?.range ?? statement.headRange);
    } else {
      name = { name: first.text, range: first.range };
    }
    if (atoms.length > 0) {
      atoms = atoms.slice(1);
      groups = groups.length ? [groups[0]!.slice(1), ...groups.slice(1)].filter((g) => g.length) : [];
    }
  }

  // One atom: its own range (ranges are never mutated, so sharing is safe); several: from first to last.
  const valueRange = atoms.length === 0 ? statement.headRange : atoms.length === 1 ? atoms[0]!.range : cover(atoms[0]!.range, atoms[atoms.length - 1]!.range);
  // Every field from the start (optional ones undefined): one hidden class for all entries, no property store.
  const entry: Entry = { spec, statement, value: undefined, invalid: undefined, name, block: undefined, valueRange };

  if (spec.named && atoms.length > 0) {
    bad(report, `\`${spec.name} ${name?.name ?? 'NAME'}\` takes no value after its name; put properties in its block`, valueRange);
    entry.invalid = true;
  } else if (!spec.named) {
    const read = readValue(spec, atoms, groups, statement.headRange);
    if (!read.ok) {
      bad(report, read.message, read.range);
      entry.invalid = true;
    } else {
      if (spec.schema !== ANY_VALUE && !fastValid(spec.schema, read.value)) {
        const checked = spec.schema.safeParse(read.value);
        if (!checked.success) {
          const issue = checked.error.issues[0];
          bad(report, `\`${spec.name}\` ${issue?.message ?? 'is not valid'}`, valueRange);
          entry.invalid = true;
        }
      }
      entry.value = read.value;
    }
  } else {
    entry.value = true;
  }

  if (statement.block) {
    if (!spec.block) {
      bad(report, `\`${spec.name}\` takes no block`, statement.block.openRange);
    } else {
      entry.block = readBlock(statement.block.statements, spec.block, spec.name, name?.name, false, report);
    }
  } else if (spec.block) {
    entry.block = new Bag();
  }
  return entry;
}
