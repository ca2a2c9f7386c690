import { DEFAULTS } from '../../language/model/defaults';
import type { ArchModel, Element } from '../../language/model/types';
import { isLeaderFollower, isLeaderless } from '../../language/model/semantics';

/*
 * "Simulate failover" without a scenario in the file (SPEC §4): `faultline simulate FILE --target T --fault F`
 * and the editor's command palette. The run is written as scenario *text* and appended to the file's text, so it
 * goes through the same parser, the same typed reading and the same diagnostics as a scenario the user wrote —
 * there is no second way into the simulator.
 */

/** The faults the editor and `--fault` offer (`faultsFor` says which suit a target). */
export const QUICK_FAULTS = ['crash-leader', 'lose-zone', 'partition', 'pause-leader', 'pause-holder', 'fail-step'] as const;
export type QuickFaultKind = (typeof QUICK_FAULTS)[number];

export interface QuickFault {
  kind: QuickFaultKind;
  /** lose-zone: the zone; partition: the sides (`a | b, c`); pause-leader / pause-holder: the pause (`12s`); fail-step: the step. */
  argument?: string;
}

/** When the fault strikes, and (partition) when it heals: early enough that the run sees the system recover. */
const FAULT_AT = '5s';
const HEAL_AT = '35s';

export type QuickResult = { ok: true; name: string; text: string } | { ok: false; reason: string };

/** How each fault is written, for messages. */
const FAULT_USAGE: Record<QuickFaultKind, string> = {
  'crash-leader': 'crash-leader',
  'lose-zone': 'lose-zone ZONE',
  partition: 'partition "A | B, C"',
  'pause-leader': 'pause-leader DURATION',
  'pause-holder': 'pause-holder DURATION',
  'fail-step': 'fail-step STEP',
};
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$/;
const DURATION = /^\d+(?:\.\d+)?(?:ms|s|m|h|d)$/;
const SIDES = /^\s*[\w.-]+(?:\s*,\s*[\w.-]+)*(?:\s*\|\s*[\w.-]+(?:\s*,\s*[\w.-]+)*)+\s*$/;

/**
 * `crash-leader`, `lose-zone use1-b`, `partition "a | b, c"`, `pause-leader 12s` → a fault, or why not (the CLI
 * puts `--fault '…': ` in front). The argument's shape is checked here, for the CLI and the editor alike: it
 * becomes scenario text, so nothing but a name, a duration or sides may get in, and a bad one is said of the
 * fault, never at a position of the generated text.
 */
export function parseQuickFault(kind: string, argument: string | undefined): QuickFault | string {
  if (!(QUICK_FAULTS as readonly string[]).includes(kind)) return `unknown fault '${kind}'; expected one of: ${QUICK_FAULTS.join(', ')}`;
  const k = kind as QuickFaultKind;
  const usage = FAULT_USAGE[k];
  const pause = k === 'pause-leader' || k === 'pause-holder';
  const needs =
    k === 'lose-zone' ? 'a zone' : k === 'partition' ? 'two or more sides of zones separated by |' : pause ? 'a duration, e.g. 12s' : k === 'fail-step' ? 'a step of the saga' : undefined;
  if (needs && !argument) return `expects ${needs}: ${usage}`;
  if (!needs && argument) return `${k} takes no argument: ${usage}`;
  if (!argument) return { kind: k };
  const ok = k === 'partition' ? SIDES.test(argument) : pause ? DURATION.test(argument) : NAME.test(argument);
  if (!ok) return `expects ${needs}, not '${argument}': ${usage}`;
  return { kind: k, argument };
}

/** The quick faults that mean something for a target: a saga has no leader to crash, a lock has a holder to pause. */
export function faultsFor(e: Element): QuickFaultKind[] {
  if (e.kind === 'saga') return ['fail-step', 'lose-zone', 'partition'];
  if (e.kind === 'lock') return ['pause-holder', 'crash-leader', 'lose-zone', 'partition', 'pause-leader'];
  return ['crash-leader', 'lose-zone', 'partition', 'pause-leader'];
}

/** The expectations a target of this kind is judged by when the user wrote none. */
function expectationsFor(e: Element): string[] {
  if (e.kind === 'lock') return ['mutual-exclusion', 'no-split-brain'];
  if (e.kind === 'saga') return ['saga-atomic'];
  if (e.kind === 'store' && isLeaderless(e)) return ['stale-reads below 1%'];
  if (e.kind === 'store' && isLeaderFollower(e)) return ['no-split-brain', 'no-lost-writes'];
  return ['no-split-brain'];
}

function faultLines(f: QuickFault): string[] {
  switch (f.kind) {
    case 'crash-leader':
      return [`at ${FAULT_AT} crash leader`];
    case 'lose-zone':
      return [`at ${FAULT_AT} lose zone ${f.argument}`];
    case 'partition':
      return [`at ${FAULT_AT} partition ${f.argument}`, `at ${HEAL_AT} heal`];
    case 'pause-leader':
      return [`at ${FAULT_AT} pause leader ${f.argument}`];
    case 'pause-holder':
      return [`at ${FAULT_AT} pause holder ${f.argument}`];
    case 'fail-step':
      // From the start: every instance meets the failing step, so the compensations are what the run shows.
      return [`at 0s fail step ${f.argument}`];
  }
}

/** The scenario text to append to the file (its name does not clash with any declared element). */
export function quickScenario(model: ArchModel, target: string, fault: QuickFault): QuickResult {
  const e = model.elements.get(target);
  if (!e) return { ok: false, reason: `no element '${target}' in the file` };
  if (!['store', 'cluster', 'lock', 'saga'].includes(e.kind)) return { ok: false, reason: `'${target}' is a ${e.kind}; a simulation targets a store, cluster, lock or saga` };
  let name = `${fault.kind}-${target}`;
  for (let i = 2; model.elements.has(name); i++) name = `${fault.kind}-${target}-${i}`;
  const lines = [
    `scenario ${name} {`,
    `  target ${target}`,
    `  seeds ${DEFAULTS.seeds}`,
    `  duration ${DEFAULTS.scenarioDurationMs / 1000}s`,
    ...faultLines(fault).map((l) => `  ${l}`),
    ...expectationsFor(e).map((x) => `  expect ${x}`),
    '}',
  ];
  return { ok: true, name, text: lines.join('\n') + '\n' };
}
