import type { ArchDocument, Atom, Statement } from '../../language/ast';
import type { ArchModel, Element, Operation } from '../../language/model/types';
import { comparePositions, containsPosition, type Position, type Range } from '../../language/range';
import { KIND_BY_NAME, NETWORK, type KindSpec } from '../../language/vocabulary/kinds';
import type { PropertySpec } from '../../language/vocabulary/property';

/*
 * What every editor feature needs to know about the tree, computed once per analysis (per top-level statement,
 * when first asked): for each statement, the vocabulary entry it is read against; and every occurrence of a name
 * (elements, zones, operations), declaration or use, with its exact range. Navigation, rename, hover and semantic
 * tokens all read this index.
 */

export interface StatementInfo {
  statement: Statement;
  parent?: StatementInfo;
  /** Top-level element statements: the kind's spec. */
  kind?: KindSpec;
  /** The top-level `network` statement. */
  network?: boolean;
  /** Nested statements: the property spec (absent for an unknown property). */
  spec?: PropertySpec;
  /** The table the statement's block is read against. */
  childTable: readonly PropertySpec[];
  /** The element the statement belongs to (top-level declared elements only). */
  element?: Element;
}

export type NameType = 'element' | 'zone' | 'operation';

export interface Occurrence {
  /** `element:orders`, `zone:use1-a`, `operation:payments.charge`. */
  key: string;
  type: NameType;
  /** The name as written (for operations, the operation alone). */
  name: string;
  range: Range;
  declaration: boolean;
  info: StatementInfo;
  atom?: Atom;
}

export function elementKey(name: string): string {
  return `element:${name}`;
}
export function zoneKey(name: string): string {
  return `zone:${name}`;
}
export function operationKey(element: string, op: string): string {
  return `operation:${element}.${op}`;
}

/** What the index holds for one top-level statement: its statements (pre-order) and names (by position). */
interface Group {
  statements: StatementInfo[];
  occurrences: Occurrence[];
}

/** Top-level statements indexed between two steps of `buildSteps`. */
const GROUPS_PER_STEP = 64;

/**
 * Built per top-level statement, on demand: a position query (hover, completion, definition) indexes only the
 * statements at that position, so a fresh analysis of a large file answers at once; `statements`,
 * `occurrences`, `occurrencesOf` index the rest, and the language server does that in steps while it is idle
 * (`buildSteps`). The answers are the same as indexing the whole document up front.
 */
export class SyntaxIndex {
  private readonly tops: readonly Statement[];
  private readonly groups: (Group | undefined)[];
  private readonly byStatement = new Map<Statement, StatementInfo>();
  private topIndex: Map<Statement, number> | undefined;
  private whole: Group | undefined;

  constructor(
    readonly document: ArchDocument,
    readonly model: ArchModel,
  ) {
    this.tops = document.statements;
    this.groups = new Array<Group | undefined>(this.tops.length);
  }

  /** Every statement, in document order (pre-order). */
  get statements(): readonly StatementInfo[] {
    return this.complete().statements;
  }

  /** Every name occurrence, by start position. */
  get occurrences(): readonly Occurrence[] {
    return this.complete().occurrences;
  }

  /** Whether every top-level statement is indexed. */
  get done(): boolean {
    return this.whole !== undefined;
  }

  info(statement: Statement): StatementInfo | undefined {
    const found = this.byStatement.get(statement);
    if (found || this.whole) return found;
    this.topIndex ??= new Map(this.tops.map((s, i) => [s, i]));
    const top = this.topIndex.get(statement);
    if (top !== undefined) this.group(top);
    else this.complete();
    return this.byStatement.get(statement);
  }

  /** The name under the cursor (the end of a name counts, so a cursor right after a word finds it). */
  occurrenceAt(p: Position): Occurrence | undefined {
    for (const i of this.topsAt(p)) {
      const found = this.group(i).occurrences.find((o) => containsPosition(o.range, p));
      if (found) return found;
    }
    return undefined;
  }

  occurrencesOf(key: string): Occurrence[] {
    return this.complete().occurrences.filter((o) => o.key === key);
  }

  declarationOf(key: string): Occurrence | undefined {
    return this.complete().occurrences.find((o) => o.key === key && o.declaration);
  }

  /** The innermost statement whose range holds the position (the first, of equally deep ones). */
  statementAt(p: Position): StatementInfo | undefined {
    let best: StatementInfo | undefined;
    let bestDepth = -1;
    for (const i of this.topsAt(p)) {
      for (const info of this.group(i).statements) {
        if (!containsPosition(info.statement.range, p)) continue;
        const d = depth(info);
        if (d > bestDepth) {
          best = info;
          bestDepth = d;
        }
      }
    }
    return best;
  }

  /** Indexes what is left, a few top-level statements per step. */
  *buildSteps(): Generator<void, void, void> {
    let built = 0;
    for (let i = 0; i < this.tops.length; i++) {
      if (this.groups[i]) continue;
      this.group(i);
      if (++built % GROUPS_PER_STEP === 0) yield;
    }
    this.complete();
  }

  /** The top-level statements whose range holds `p`, in order (top-level ranges follow each other). */
  private topsAt(p: Position): number[] {
    const tops = this.tops;
    let low = 0;
    let high = tops.length;
    // The first statement that does not end before p.
    while (low < high) {
      const mid = (low + high) >> 1;
      if (comparePositions(tops[mid]!.range.end, p) < 0) low = mid + 1;
      else high = mid;
    }
    const out: number[] = [];
    for (let i = low; i < tops.length && comparePositions(tops[i]!.range.start, p) <= 0; i++) {
      if (containsPosition(tops[i]!.range, p)) out.push(i);
    }
    return out;
  }

  private complete(): Group {
    if (this.whole) return this.whole;
    const statements: StatementInfo[] = [];
    const occurrences: Occurrence[] = [];
    for (let i = 0; i < this.tops.length; i++) {
      const g = this.group(i);
      for (const x of g.statements) statements.push(x);
      for (const x of g.occurrences) occurrences.push(x);
    }
    this.whole = { statements, occurrences };
    return this.whole;
  }

  private group(i: number): Group {
    let g = this.groups[i];
    if (!g) {
      g = new GroupBuilder(this.model, this.byStatement).top(this.tops[i]!);
      this.groups[i] = g;
    }
    return g;
  }
}

/** Indexes one top-level statement. */
class GroupBuilder {
  private readonly statements: StatementInfo[] = [];
  private readonly occurrences: Occurrence[] = [];

  constructor(
    private readonly model: ArchModel,
    private readonly byStatement: Map<Statement, StatementInfo>,
  ) {}

  top(statement: Statement): Group {
    if (statement.head === 'network') {
      const info = this.add({ statement, parent: undefined, kind: undefined, network: true, spec: undefined, childTable: NETWORK, element: undefined });
      for (const child of statement.block?.statements ?? []) this.nested(child, info, undefined);
    } else {
      const kind = KIND_BY_NAME.get(statement.head);
      const nameAtom = statement.atoms[0];
      let element: Element | undefined;
      if (kind && nameAtom?.kind === 'ident') {
        const declared = this.model.elements.get(nameAtom.text);
        if (declared && declared.statement === statement) element = declared;
      }
      const info = this.add({ statement, parent: undefined, kind, network: undefined, spec: undefined, childTable: kind?.properties ?? [], element });
      if (kind && nameAtom?.kind === 'ident') {
        this.occurrence('element', nameAtom.text, nameAtom.range, element !== undefined, info, nameAtom);
      }
      for (const child of statement.block?.statements ?? []) this.nested(child, info, element);
    }
    // Names are found in statement order; a statement's own names are in order too, but nested blocks can
    // interleave on one line (`a { b }`): sorted by start, keeping the order of equal starts.
    this.occurrences.sort((a, b) => comparePositions(a.range.start, b.range.start));
    return { statements: this.statements, occurrences: this.occurrences };
  }

  private add(info: StatementInfo): StatementInfo {
    this.statements.push(info);
    this.byStatement.set(info.statement, info);
    return info;
  }

  private occurrence(type: NameType, name: string, range: Range, declaration: boolean, info: StatementInfo, atom: Atom): void {
    const key = type === 'element' ? elementKey(name) : type === 'zone' ? zoneKey(name) : name;
    this.occurrences.push({ key, type, name: type === 'operation' ? name.slice(name.lastIndexOf('.') + 1) : name, range, declaration, info, atom });
  }

  private nested(statement: Statement, parent: StatementInfo, owner: Element | undefined): void {
    const spec = parent.childTable.find((p) => p.name === statement.head);
    const info = this.add({ statement, parent, kind: undefined, network: undefined, spec, childTable: spec?.block ?? [], element: owner });
    if (spec) this.values(statement, spec, info, owner);
    for (const child of statement.block?.statements ?? []) this.nested(child, info, owner);
  }

  private values(statement: Statement, spec: PropertySpec, info: StatementInfo, owner: Element | undefined): void {
    let atoms = statement.atoms;
    if (spec.named) {
      const first = atoms[0];
      // Only operations directly in an element's block are addressable as `element.operation`.
      if (first?.kind === 'ident' && spec.name === 'operation' && owner && info.parent?.statement === owner.statement) {
        this.occurrence('operation', operationKey(owner.name, first.text), first.range, operationsOf(owner)?.get(first.text)?.statement === statement, info, first);
      }
      atoms = atoms.slice(1);
    }
    switch (spec.value) {
      case 'ref':
      case 'ref-list':
        for (const a of atoms) if (a.kind === 'ident') this.occurrence('element', a.text, a.range, false, info, a);
        break;
      case 'target':
      case 'target-list':
        for (const a of atoms) {
          if (a.kind === 'ident') this.occurrence('element', a.text, a.range, false, info, a);
          else if (a.kind === 'ref') {
            const dot = a.text.indexOf('.');
            const target = a.text.slice(0, dot);
            const op = a.text.slice(dot + 1);
            const s = a.range.start;
            this.occurrence('element', target, { start: s, end: { line: s.line, character: s.character + dot } }, false, info, a);
            this.occurrence('operation', operationKey(target, op), { start: { line: s.line, character: s.character + dot + 1 }, end: a.range.end }, false, info, a);
          }
        }
        break;
      case 'zone-list':
        for (const a of atoms) {
          if (a.kind !== 'ident') continue;
          const declaring = owner?.kind === 'region' && this.model.zoneRegion.get(a.text) === owner.name && firstZoneDeclaration(this.model, a.text, a);
          this.occurrence('zone', a.text, a.range, !!declaring, info, a);
        }
        break;
      case 'atoms':
        // Scenario statements name zones (`crash zone use1-a`, `partition a | b`).
        for (const a of atoms) if (a.kind === 'ident' && this.model.zoneRegion.has(a.text)) this.occurrence('zone', a.text, a.range, false, info, a);
        break;
      default:
        break;
    }
  }
}

/** The operations an element declares (deployables and externals). */
export function operationsOf(e: Element | undefined): ReadonlyMap<string, Operation> | undefined {
  return e && 'operations' in e ? e.operations : undefined;
}

function depth(info: StatementInfo): number {
  let d = 0;
  for (let p = info.parent; p; p = p.parent) d++;
  return d;
}

/** A zone declared twice (a `duplicate` error) is declared by its first region only. */
function firstZoneDeclaration(model: ArchModel, zone: string, atom: Atom): boolean {
  const region = model.regions.get(model.zoneRegion.get(zone) ?? '');
  if (!region) return false;
  const statement = region.props.statement('zones');
  const first = statement?.atoms.find((a) => a.kind === 'ident' && a.text === zone);
  return first === atom;
}
