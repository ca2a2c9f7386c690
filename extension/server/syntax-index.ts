import type { ArchDocument, Atom, Statement } from '../../language/ast';
import type { ArchModel, Element, Operation } from '../../language/model/types';
import { comparePositions, containsPosition, type Position, type Range } from '../../language/range';
import { KIND_BY_NAME, NETWORK, type KindSpec } from '../../language/vocabulary/kinds';
import type { PropertySpec } from '../../language/vocabulary/property';

/*
 * What every editor feature needs to know about the tree, computed once per analysis: for each statement, the
 * vocabulary entry it is read against; and every occurrence of a name (elements, zones, operations), declaration
 * or use, with its exact range. Navigation, rename, hover and semantic tokens all read this index.
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

export class SyntaxIndex {
  readonly statements: StatementInfo[] = [];
  readonly occurrences: Occurrence[] = [];
  private readonly byStatement = new Map<Statement, StatementInfo>();

  constructor(
    readonly document: ArchDocument,
    readonly model: ArchModel,
  ) {
    for (const statement of document.statements) this.top(statement);
    this.occurrences.sort((a, b) => comparePositions(a.range.start, b.range.start));
  }

  info(statement: Statement): StatementInfo | undefined {
    return this.byStatement.get(statement);
  }

  /** The name under the cursor (the end of a name counts, so a cursor right after a word finds it). */
  occurrenceAt(p: Position): Occurrence | undefined {
    return this.occurrences.find((o) => containsPosition(o.range, p));
  }

  occurrencesOf(key: string): Occurrence[] {
    return this.occurrences.filter((o) => o.key === key);
  }

  declarationOf(key: string): Occurrence | undefined {
    return this.occurrences.find((o) => o.key === key && o.declaration);
  }

  /** The innermost statement whose range holds the position. */
  statementAt(p: Position): StatementInfo | undefined {
    let best: StatementInfo | undefined;
    for (const info of this.statements) {
      if (!containsPosition(info.statement.range, p)) continue;
      if (!best || depth(info) > depth(best)) best = info;
    }
    return best;
  }

  private add(info: StatementInfo): StatementInfo {
    this.statements.push(info);
    this.byStatement.set(info.statement, info);
    return info;
  }

  private occurrence(o: Omit<Occurrence, 'key'>): void {
    const key = o.type === 'element' ? elementKey(o.name) : o.type === 'zone' ? zoneKey(o.name) : o.name;
    this.occurrences.push({ ...o, key, name: o.type === 'operation' ? o.name.slice(o.name.lastIndexOf('.') + 1) : o.name });
  }

  private top(statement: Statement): void {
    if (statement.head === 'network') {
      const info = this.add({ statement, network: true, childTable: NETWORK });
      for (const child of statement.block?.statements ?? []) this.nested(child, info, undefined);
      return;
    }
    const kind = KIND_BY_NAME.get(statement.head);
    const nameAtom = statement.atoms[0];
    let element: Element | undefined;
    if (kind && nameAtom?.kind === 'ident') {
      const declared = this.model.elements.get(nameAtom.text);
      if (declared && declared.statement === statement) element = declared;
    }
    const info = this.add({ statement, ...(kind ? { kind } : {}), ...(element ? { element } : {}), childTable: kind?.properties ?? [] });
    if (kind && nameAtom?.kind === 'ident') {
      this.occurrence({ type: 'element', name: nameAtom.text, range: nameAtom.range, declaration: element !== undefined, info, atom: nameAtom });
    }
    for (const child of statement.block?.statements ?? []) this.nested(child, info, element);
  }

  private nested(statement: Statement, parent: StatementInfo, owner: Element | undefined): void {
    const spec = parent.childTable.find((p) => p.name === statement.head);
    const info = this.add({ statement, parent, ...(spec ? { spec } : {}), childTable: spec?.block ?? [], ...(owner ? { element: owner } : {}) });
    if (spec) this.values(statement, spec, info, owner);
    for (const child of statement.block?.statements ?? []) this.nested(child, info, owner);
  }

  private values(statement: Statement, spec: PropertySpec, info: StatementInfo, owner: Element | undefined): void {
    let atoms = statement.atoms;
    if (spec.named) {
      const first = atoms[0];
      // Only operations directly in an element's block are addressable as `element.operation`.
      if (first?.kind === 'ident' && spec.name === 'operation' && owner && info.parent?.statement === owner.statement) {
        this.occurrence({ type: 'operation', name: operationKey(owner.name, first.text), range: first.range, declaration: operationsOf(owner)?.get(first.text)?.statement === statement, info, atom: first });
      }
      atoms = atoms.slice(1);
    }
    switch (spec.value) {
      case 'ref':
      case 'ref-list':
        for (const a of atoms) if (a.kind === 'ident') this.occurrence({ type: 'element', name: a.text, range: a.range, declaration: false, info, atom: a });
        break;
      case 'target':
      case 'target-list':
        for (const a of atoms) {
          if (a.kind === 'ident') this.occurrence({ type: 'element', name: a.text, range: a.range, declaration: false, info, atom: a });
          else if (a.kind === 'ref') {
            const dot = a.text.indexOf('.');
            const target = a.text.slice(0, dot);
            const op = a.text.slice(dot + 1);
            const s = a.range.start;
            this.occurrence({ type: 'element', name: target, range: { start: s, end: { line: s.line, character: s.character + dot } }, declaration: false, info, atom: a });
            this.occurrence({ type: 'operation', name: operationKey(target, op), range: { start: { line: s.line, character: s.character + dot + 1 }, end: a.range.end }, declaration: false, info, atom: a });
          }
        }
        break;
      case 'zone-list':
        for (const a of atoms) {
          if (a.kind !== 'ident') continue;
          const declaring = owner?.kind === 'region' && this.model.zoneRegion.get(a.text) === owner.name && firstZoneDeclaration(this.model, a.text, a);
          this.occurrence({ type: 'zone', name: a.text, range: a.range, declaration: !!declaring, info, atom: a });
        }
        break;
      case 'atoms':
        // Scenario statements name zones (`crash zone use1-a`, `partition a | b`).
        for (const a of atoms) if (a.kind === 'ident' && this.model.zoneRegion.has(a.text)) this.occurrence({ type: 'zone', name: a.text, range: a.range, declaration: false, info, atom: a });
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
