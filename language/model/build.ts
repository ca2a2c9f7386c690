import type { ArchDocument, Statement } from '../ast';
import type { Diagnostic } from '../diagnostic';
import { parse } from '../parser';
import { formatPosition } from '../range';
import { didYouMean } from '../suggest';
import { KIND_BY_NAME, NETWORK } from '../vocabulary/kinds';
import type { ElementKind } from '../vocabulary/property';
import { buildElement, type Header } from './elements';
import { readBlock, type Bag } from './read-block';
import type { Named } from './read-value';
import { resolveReferences } from './resolve';
import { readScenarios } from './scenario';
import { DEFAULT_NETWORK } from './topology';
import type { ArchModel, Element, Network, Region } from './types';

const NO_STATEMENTS: readonly Statement[] = [];

/** Text → model, with every `syntax`, `schema`, `reference` and `duplicate` diagnostic. Never throws. */
export function buildModelFromText(text: string): ArchModel {
  return buildModel(parse(text));
}

export function buildModel(document: ArchDocument): ArchModel {
  const steps = buildModelSteps(document);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Statements (or elements) read between two steps of `buildModelSteps`. */
const PER_STEP = 256;

/**
 * What reading a top-level statement gave — its header, its property bag, what was reported on the way — which
 * depends on the statement alone. The language server keeps them for the statements an edit left alone
 * (language/incremental.ts keeps those statement objects), and reads only the others again.
 */
export type StatementReads = WeakMap<Statement, StatementRead>;
interface StatementRead {
  header: Header | undefined;
  headerReports: readonly Diagnostic[];
  bag?: Bag;
  bagReports?: readonly Diagnostic[];
}

/**
 * `buildModel` in steps: the generator yields every PER_STEP statements and between phases, so the language
 * server can answer requests while it builds the model of a large file (extension/server/documents.ts). With
 * `reads`, statements read before are not read again; the model is the same.
 */
export function* buildModelSteps(document: ArchDocument, reads?: StatementReads): Generator<void, ArchModel, void> {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => diagnostics.push(d);
  const elements = new Map<string, Element>();
  const headers: { header: Header; bag: Bag }[] = [];
  const declared = new Map<string, Header>();
  let network: Network = DEFAULT_NETWORK;

  let seen = 0;
  for (const statement of document.statements) {
    if (++seen % PER_STEP === 0) yield;
    if (statement.head === 'network') {
      network = readNetwork(statement, network, report);
      continue;
    }
    let read = reads?.get(statement);
    if (reads && !read) {
      const headerReports: Diagnostic[] = [];
      read = { header: readHeader(statement, (d) => headerReports.push(d)), headerReports };
      reads.set(statement, read);
    }
    if (read) for (const d of read.headerReports) diagnostics.push(d);
    const header = read ? read.header : readHeader(statement, report);
    if (!header) continue;
    const previous = declared.get(header.name);
    if (previous) {
      report({
        rule: 'duplicate',
        severity: 'error',
        message: `\`${header.name}\` is already declared at ${formatPosition(previous.nameRange.start)} (as a${/^[aeiou]/.test(previous.kind) ? "n" : ""} ${previous.kind}); names are unique per file`,
        range: header.nameRange,
        related: [{ message: `first declared here`, range: previous.nameRange }],
      });
      continue;
    }
    const spec = KIND_BY_NAME.get(header.kind)!;
    let bag: Bag;
    if (read) {
      if (!read.bag) {
        const bagReports: Diagnostic[] = [];
        read.bag = readBlock(statement.block?.statements ?? NO_STATEMENTS, spec.properties, header.kind, header.name, true, (d) => bagReports.push(d));
        read.bagReports = bagReports;
      }
      for (const d of read.bagReports!) diagnostics.push(d);
      bag = read.bag;
    } else {
      bag = readBlock(statement.block?.statements ?? NO_STATEMENTS, spec.properties, header.kind, header.name, true, report);
    }
    headers.push({ header, bag });
    declared.set(header.name, header);
  }

  // Zones first: placement needs every zone's region, wherever the region is declared in the file.
  const zoneRegion = new Map<string, string>();
  for (const { header, bag } of headers) {
    if (header.kind !== 'region') continue;
    for (const zone of bag.get<Named[]>('zones') ?? []) {
      const owner = zoneRegion.get(zone.name);
      if (owner !== undefined) {
        report({ rule: 'duplicate', severity: 'error', message: `zone \`${zone.name}\` is already declared in region \`${owner}\``, range: zone.range });
      } else {
        zoneRegion.set(zone.name, header.name);
      }
    }
  }
  yield;
  for (const { header, bag } of headers) {
    elements.set(header.name, buildElement(header, bag, zoneRegion));
    if (elements.size % PER_STEP === 0) yield;
  }

  const regions = new Map<string, Region>();
  for (const e of elements.values()) if (e.kind === 'region') regions.set(e.name, e);
  const model: ArchModel = { document, elements, zoneRegion, regions, network, diagnostics };
  yield;
  resolveReferences(model, report);
  yield;
  readScenarios(model, elements, report);
  // Syntax errors go first, the last one foremost (as repeated `unshift` used to order them), in one pass
  // (`unshift` per error is quadratic, and spreading a huge list into `splice` would overflow the stack).
  const errors = document.errors;
  if (errors.length > 0) {
    const others = diagnostics.slice();
    diagnostics.length = 0;
    for (let i = errors.length - 1; i >= 0; i--) diagnostics.push({ rule: 'syntax', severity: 'error', message: errors[i]!.message, range: errors[i]!.range });
    for (const d of others) diagnostics.push(d);
  }
  return model;
}

function readHeader(statement: Statement, report: (d: Diagnostic) => void): Header | undefined {
  const spec = KIND_BY_NAME.get(statement.head);
  if (!spec) {
    report({
      rule: 'schema',
      severity: 'error',
      message: `unknown element kind \`${statement.head}\`${didYouMean(statement.head, [...KIND_BY_NAME.keys(), 'network']) || `; expected one of: ${[...KIND_BY_NAME.keys()].join(', ')}, network`}`,
      range: statement.headRange,
    });
    return undefined;
  }
  const atoms = statement.atoms;
  const name = atoms[0];
  const title = atoms[1];
  if (!name || name.kind !== 'ident') {
    report({
      rule: 'schema',
      severity: 'error',
      message: `a ${spec.kind} needs a name: \`${spec.kind} NAME ["Title"] { … }\``,
      range: name?.range ?? statement.headRange,
    });
    return undefined;
  }
  if ((title && title.kind !== 'string') || atoms.length > 2 || statement.groups.length > 1) {
    const extra = title && title.kind !== 'string' ? title : (atoms[2] ?? title!);
    report({
      rule: 'schema',
      severity: 'error',
      message: `after \`${spec.kind} ${name.text}\` only a quoted title may follow; properties go inside \`{ … }\``,
      range: extra.range,
    });
  }
  const header: Header = { kind: spec.kind as ElementKind, name: name.text, nameRange: name.range, statement };
  if (title?.kind === 'string') header.title = String(title.value);
  return header;
}

function readNetwork(statement: Statement, defaults: Network, report: (d: Diagnostic) => void): Network {
  if (statement.atoms.length > 0) {
    report({ rule: 'schema', severity: 'error', message: '`network` takes no name; write `network { cross-zone 1ms..2ms }`', range: statement.atoms[0]!.range });
  }
  const bag = readBlock(statement.block?.statements ?? NO_STATEMENTS, NETWORK, 'network', undefined, false, report);
  return {
    sameZone: bag.get('same-zone') ?? defaults.sameZone,
    crossZone: bag.get('cross-zone') ?? defaults.crossZone,
    crossRegion: bag.get('cross-region') ?? defaults.crossRegion,
    lossPercent: bag.get<number>('loss') ?? defaults.lossPercent,
    statement,
  };
}
