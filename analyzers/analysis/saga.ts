import type { ArchModel, Saga, SagaStep } from '../../language/model/types';

/*
 * What the saga rules share: which step is the point of no return, and which operation could undo a step.
 * Whether the operation a step names is declared idempotent (the saga engine retries steps after the pivot and
 * compensations until they succeed) is idempotency.ts's `targetIdempotency`, shared with the retry rules.
 */

export type StepTarget = NonNullable<SagaStep['action']>;

/** Index of the first `pivot` step, or -1. */
export function pivotIndex(saga: Saga): number {
  return saga.steps.findIndex((s) => s.pivot);
}

/** Undo verbs for common do verbs: `charge` is undone by `refund`, `reserve` by `release` … */
const UNDO: Record<string, string[]> = {
  charge: ['refund', 'void'],
  pay: ['refund'],
  debit: ['credit', 'refund'],
  credit: ['debit'],
  capture: ['refund'],
  authorize: ['void', 'cancel-authorization'],
  reserve: ['release', 'cancel-reservation'],
  hold: ['release'],
  allocate: ['release', 'deallocate'],
  lock: ['unlock'],
  book: ['cancel-booking', 'cancel'],
  create: ['delete', 'cancel'],
  place: ['cancel'],
  add: ['remove'],
  insert: ['delete'],
  schedule: ['unschedule', 'cancel'],
  ship: ['cancel-shipment', 'recall'],
  send: ['retract'],
  enable: ['disable'],
  open: ['close'],
};

/** Operation names that could undo `operation`, most specific first. */
export function undoCandidates(operation: string | undefined): string[] {
  if (!operation) return ['undo', 'cancel', 'compensate'];
  const verb = operation.split(/[-_]/)[0]!.toLowerCase();
  const rest = operation.slice(verb.length);
  const mapped = (UNDO[verb] ?? []).map((u) => `${u}${rest}`);
  return [...new Set([...mapped, `cancel-${operation}`, `undo-${operation}`, 'undo', 'cancel', 'compensate'])];
}

/**
 * The compensation to propose for a step's action, or undefined when none fits: an element that declares
 * operations only accepts one of them (else the fix would add a `reference` error).
 */
export function proposeCompensation(model: ArchModel, action: StepTarget): string | undefined {
  const element = model.elements.get(action.target);
  if (!element) return undefined;
  const ops = 'operations' in element ? element.operations : undefined;
  const candidates = undoCandidates(action.operation);
  if (!ops || ops.size === 0) return `${action.target}.${candidates[0]!}`;
  const found = candidates.find((c) => ops.has(c) && c !== action.operation);
  return found ? `${action.target}.${found}` : undefined;
}
