import type { Atom, Statement } from '../ast';
import type { Diagnostic } from '../diagnostic';
import type { Range } from '../range';
import { didYouMean } from '../suggest';
import { EXPECTATION_FORMS, FAULT_FORMS } from '../vocabulary/scenario';
import { DEFAULTS } from './defaults';
import type { ArchModel, Element, Expectation, ExpectationKind, Fault, NodeSelector, Scenario } from './types';

/*
 * A scenario's `at …` and `expect …` statements (SPEC §4) read into typed faults and expectations. Runs after
 * references are resolved, because a fault is checked against its target: the zones its members are placed in,
 * how many members it has, the steps of a saga. A statement that cannot be read gets one `schema` (shape) or
 * `reference` (names) error and is left out; one that reads but cannot act on the target gets a warning. The
 * simulator only ever sees faults that passed here.
 */

type Report = (d: Diagnostic) => void;

const FAULT_WORDS = FAULT_FORMS.map((f) => f.word);
const EXPECTATION_WORDS = EXPECTATION_FORMS.map((f) => f.word);

/** Where the target's members are: what a `crash N`, `lose zone Z` or `partition` of this scenario acts on. */
export interface ScenarioTargetView {
  element?: Element;
  /** Members of the group that elects a leader (a store's or cluster's replicas, a lock's backend's). */
  members?: number;
  /** Every zone some part of the scenario's system is placed in; undefined when nothing is zoned. */
  zones?: ReadonlySet<string>;
  steps?: ReadonlySet<string>;
}

export function targetView(model: ArchModel, scenario: Pick<Scenario, 'target'>): ScenarioTargetView {
  const element = scenario.target === undefined ? undefined : model.elements.get(scenario.target);
  if (!element) return {};
  const zones = new Set<string>();
  const addZones = (e: Element | undefined) => {
    if (e && 'placement' in e) for (const r of e.placement) if (r.zone !== undefined) zones.add(r.zone);
  };
  let members: number | undefined;
  let steps: Set<string> | undefined;
  if ('placement' in element) {
    members = element.replicas;
    addZones(element);
  } else if (element.kind === 'lock') {
    const backend = element.backend === undefined ? undefined : model.elements.get(element.backend);
    if (backend && 'placement' in backend) members = backend.replicas;
    addZones(backend);
    for (const h of element.holders) addZones(model.elements.get(h));
    if (element.protects !== undefined) addZones(model.elements.get(element.protects));
  } else if (element.kind === 'saga') {
    steps = new Set(element.steps.map((s) => s.name));
    if (element.orchestrator !== undefined) addZones(model.elements.get(element.orchestrator));
    for (const s of element.steps) {
      if (s.action) addZones(model.elements.get(s.action.target));
      if (s.compensate) addZones(model.elements.get(s.compensate.target));
    }
  }
  const view: ScenarioTargetView = { element };
  if (members !== undefined) view.members = members;
  if (zones.size > 0) view.zones = zones;
  if (steps) view.steps = steps;
  return view;
}

/**
 * Reads every scenario's statements and puts the scenario, with its typed faults and expectations, back into
 * `elements` (the builder's own map, before the model is handed out read-only).
 */
export function readScenarios(model: ArchModel, elements: Map<string, Element>, report: Report): void {
  for (const [name, e] of elements) {
    if (e.kind !== 'scenario') continue;
    const view = targetView(model, e);
    const durationMs = e.durationMs ?? DEFAULTS.scenarioDurationMs;
    const faults: Fault[] = [];
    for (const statement of e.props.statements('at')) {
      const fault = readFault(statement, { model, view, durationMs, durationDeclared: e.durationMs !== undefined }, report);
      if (fault) faults.push(fault);
    }
    const expectations: Expectation[] = [];
    for (const statement of e.props.statements('expect')) {
      const expectation = readExpectation(statement, view, report);
      if (expectation) expectations.push(expectation);
    }
    elements.set(name, { ...e, faults, expectations });
  }
}

interface FaultContext {
  model: ArchModel;
  view: ScenarioTargetView;
  durationMs: number;
  durationDeclared: boolean;
}

function span(first: Atom, last: Atom): Range {
  return { start: first.range.start, end: last.range.end };
}

function schema(report: Report, range: Range, message: string, severity: Diagnostic['severity'] = 'error'): undefined {
  report({ rule: 'schema', severity, message, range });
  return undefined;
}

function showMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function readFault(statement: Statement, ctx: FaultContext, report: Report): Fault | undefined {
  const atoms = statement.atoms;
  const time = atoms[0];
  if (!time) return schema(report, statement.headRange, '`at` needs a time and a fault: `at 5s crash leader`');
  const atMs = time.kind === 'duration' ? (time.value as number) : time.kind === 'number' && time.value === 0 ? 0 : undefined;
  if (atMs === undefined || !Number.isFinite(atMs)) {
    return schema(report, time.range, `\`${time.text}\` is not a time; write \`at 5s ${atoms[1]?.text ?? 'crash leader'}\``);
  }
  const word = atoms[1];
  if (!word) return schema(report, time.range, `\`at ${time.text}\` needs a fault: ${FAULT_WORDS.join(', ')}`);
  const form = FAULT_FORMS.find((f) => f.word === word.text);
  if (word.kind !== 'ident' || !form) {
    return schema(report, word.range, `unknown fault \`${word.text}\`${didYouMean(word.text, FAULT_WORDS) || `; expected one of: ${FAULT_WORDS.join(', ')}`}`);
  }
  if (atMs >= ctx.durationMs) {
    const where = ctx.durationDeclared ? `the scenario's \`duration ${showMs(ctx.durationMs)}\`` : `the default duration ${showMs(ctx.durationMs)}`;
    return schema(report, time.range, `\`at ${time.text}\` is not before ${where}: this fault would never happen`);
  }
  const args = atoms.slice(2);
  const base = { atMs, statement, range: statement.range };
  const bad = (expected: string): undefined =>
    schema(report, args.length > 0 ? span(args[0]!, args[args.length - 1]!) : word.range, `\`${word.text}\` takes \`${expected}\``);
  switch (form.word) {
    case 'heal':
      return args.length === 0 ? { ...base, kind: 'heal' } : bad(form.form);
    case 'crash': {
      if (args[0]?.text === 'zone') return orBad(loseZone(base, args, ctx, report), () => bad(form.form));
      const node = args.length === 1 ? readNode(args[0]!, ctx, report, ['leader']) : undefined;
      if (node === null) return undefined;
      return node ? { ...base, kind: 'crash', node } : bad(form.form);
    }
    case 'lose':
      if (args[0]?.text !== 'zone') return bad(form.form);
      return orBad(loseZone(base, args, ctx, report), () => bad(form.form));
    case 'restart': {
      if (args.length === 0) return { ...base, kind: 'restart' };
      const node = args.length === 1 ? readNode(args[0]!, ctx, report, ['leader']) : undefined;
      if (node === null) return undefined;
      return node ? { ...base, kind: 'restart', node } : bad(form.form);
    }
    case 'pause': {
      const d = args[1];
      if (args.length !== 2 || d!.kind !== 'duration') return bad(form.form);
      const node = readNode(args[0]!, ctx, report, ['leader', 'holder']);
      if (!node) return node === null ? undefined : bad(form.form);
      const durationMs = d!.value as number;
      if (!(durationMs > 0)) return schema(report, d!.range, 'a pause lasts longer than 0');
      return { ...base, kind: 'pause', node, durationMs };
    }
    case 'partition':
      return readPartition(base, args, ctx, report, word);
    case 'fail': {
      const step = args[1];
      if (args.length !== 2 || args[0]!.text !== 'step' || step!.kind !== 'ident') return bad(form.form);
      const steps = ctx.view.steps;
      if (!steps) {
        if (ctx.view.element) return schema(report, span(args[0]!, step!), `\`fail step\` needs a saga target; \`${ctx.view.element.name}\` is a ${ctx.view.element.kind}`);
        return { ...base, kind: 'fail-step', step: step!.text };
      }
      if (!steps.has(step!.text)) {
        report({
          rule: 'reference',
          severity: 'error',
          message: `saga \`${ctx.view.element!.name}\` has no step \`${step!.text}\`${didYouMean(step!.text, steps) || `; its steps: ${[...steps].join(', ')}`}`,
          range: step!.range,
        });
        return undefined;
      }
      return { ...base, kind: 'fail-step', step: step!.text };
    }
    case 'drop': {
      const p = args[0];
      if (args.length !== 1 || p!.kind !== 'percent') return bad(form.form);
      const percent = p!.value as number;
      if (!(percent >= 0 && percent <= 100)) return schema(report, p!.range, 'a message-loss percent is between 0% and 100%');
      return { ...base, kind: 'drop', percent };
    }
  }
  return undefined;
}

/** null: a diagnostic was reported already; undefined: the shape is wrong, report it now. */
function orBad(fault: Fault | null | undefined, bad: () => undefined): Fault | undefined {
  return fault === null ? undefined : (fault ?? bad());
}

/**
 * `leader`, `holder` or a member index. Returns null when a diagnostic was already reported (an index out of
 * range, `holder` without a lock), undefined when the atom is not a node at all.
 */
function readNode(atom: Atom, ctx: FaultContext, report: Report, words: readonly ('leader' | 'holder')[]): NodeSelector | null | undefined {
  if (atom.kind === 'ident' && (words as readonly string[]).includes(atom.text)) {
    if (atom.text === 'holder') {
      const e = ctx.view.element;
      if (e && e.kind !== 'lock') {
        schema(report, atom.range, `\`holder\` is a lock's holder; the target \`${e.name}\` is a ${e.kind}`);
        return null;
      }
      return { kind: 'holder' };
    }
    return { kind: 'leader' };
  }
  if (atom.kind !== 'number') return undefined;
  const index = atom.value as number;
  if (!Number.isInteger(index) || index < 0) {
    schema(report, atom.range, `\`${atom.text}\` is not a node index: members are numbered 0, 1, 2…`);
    return null;
  }
  const members = ctx.view.members;
  if (members !== undefined && index >= members) {
    report({
      rule: 'reference',
      severity: 'error',
      message: `node ${index} does not exist: \`${ctx.view.element!.name}\` has ${members} member${members === 1 ? '' : 's'}, numbered 0${members > 1 ? `..${members - 1}` : ''}`,
      range: atom.range,
    });
    return null;
  }
  return { kind: 'index', index, range: atom.range };
}

/** A zone name: declared somewhere, and (warning) holding a member of the target, or the fault does nothing. */
function checkZone(atom: Atom, ctx: FaultContext, report: Report): boolean {
  if (atom.kind !== 'ident') return false;
  const declared = ctx.model.zoneRegion;
  const zones = ctx.view.zones;
  if (declared.size > 0 && !declared.has(atom.text)) {
    report({
      rule: 'reference',
      severity: 'error',
      message: `zone \`${atom.text}\` is not declared in any region${didYouMean(atom.text, declared.keys()) || `; declared zones: ${[...declared.keys()].join(', ')}`}`,
      range: atom.range,
    });
    return false;
  }
  if (zones && !zones.has(atom.text)) {
    report({
      rule: 'reference',
      severity: 'warning',
      message: `nothing of \`${ctx.view.element!.name}\` is placed in zone \`${atom.text}\` (its zones: ${[...zones].join(', ')}): the fault changes nothing`,
      range: atom.range,
    });
  } else if (!zones && ctx.view.element && declared.size === 0) {
    report({
      rule: 'reference',
      severity: 'error',
      message: `\`${ctx.view.element.name}\` declares no zones, so there is no zone \`${atom.text}\` to act on`,
      range: atom.range,
    });
    return false;
  }
  return true;
}

function loseZone(base: Pick<Fault, 'atMs' | 'statement' | 'range'>, args: Atom[], ctx: FaultContext, report: Report): Fault | null | undefined {
  const zone = args[1];
  if (args.length !== 2 || zone!.kind !== 'ident') return undefined;
  if (!checkZone(zone!, ctx, report)) return null;
  return { ...base, kind: 'lose-zone', zone: zone!.text, zoneRange: zone!.range };
}

function readPartition(base: Pick<Fault, 'atMs' | 'statement' | 'range'>, args: Atom[], ctx: FaultContext, report: Report, word: Atom): Fault | undefined {
  const sides: string[][] = [[]];
  for (const a of args) {
    if (a.kind === 'pipe') sides.push([]);
    else if (a.kind === 'ident') sides[sides.length - 1]!.push(a.text);
    else return schema(report, a.range, `\`${a.text}\` is not a zone; write \`partition use1-a | use1-b, use1-c\``);
  }
  if (sides.length < 2 || sides.some((s) => s.length === 0)) {
    return schema(report, args.length ? span(args[0]!, args[args.length - 1]!) : word.range, 'a partition needs two or more sides of zones separated by `|`: `partition use1-a | use1-b, use1-c`');
  }
  const seen = new Set<string>();
  let ok = true;
  for (const a of args) {
    if (a.kind !== 'ident') continue;
    if (seen.has(a.text)) {
      schema(report, a.range, `zone \`${a.text}\` is on two sides of the partition`);
      ok = false;
    }
    seen.add(a.text);
    if (!checkZone(a, ctx, report)) ok = false;
  }
  return ok ? { ...base, kind: 'partition', sides } : undefined;
}

function readExpectation(statement: Statement, view: ScenarioTargetView, report: Report): Expectation | undefined {
  const atoms = statement.atoms;
  const word = atoms[0];
  if (!word) return schema(report, statement.headRange, `\`expect\` needs a property: ${EXPECTATION_WORDS.join(', ')}`);
  const form = EXPECTATION_FORMS.find((f) => f.word === word.text);
  if (word.kind !== 'ident' || !form) {
    return schema(report, word.range, `unknown expectation \`${word.text}\`${didYouMean(word.text, EXPECTATION_WORDS) || `; expected one of: ${EXPECTATION_WORDS.join(', ')}`}`);
  }
  const args = atoms.slice(1);
  const bad = (): undefined => schema(report, args.length ? span(args[0]!, args[args.length - 1]!) : word.range, `write \`expect ${form.form}\``);
  const base = { statement, range: statement.range };
  let expectation: Expectation | undefined;
  switch (form.word) {
    case 'leader-within': {
      const d = args[0];
      if (args.length !== 1 || d!.kind !== 'duration' || !((d!.value as number) > 0)) return bad();
      expectation = { ...base, kind: 'leader-within', withinMs: d!.value as number };
      break;
    }
    case 'stale-reads': {
      const p = args[1];
      if (args.length !== 2 || args[0]!.text !== 'below' || p!.kind !== 'percent') return bad();
      const percent = p!.value as number;
      if (!(percent >= 0 && percent <= 100)) return schema(report, p!.range, 'a stale-read percent is between 0% and 100%');
      expectation = { ...base, kind: 'stale-reads-below', percent };
      break;
    }
    default:
      if (args.length > 0) return bad();
      expectation = { ...base, kind: form.word as Exclude<ExpectationKind, 'leader-within' | 'stale-reads-below'> } as Expectation;
  }
  const target = view.element;
  if (target && !form.kinds.includes(target.kind)) {
    schema(report, word.range, `\`${form.word}\` checks ${form.kinds.map((k) => `a ${k}`).join(' or ')}; the target \`${target.name}\` is a ${target.kind}, so it would never be checked`, 'warning');
    return undefined;
  }
  return expectation;
}
