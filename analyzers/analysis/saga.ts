import type { ArchModel, Operation, Saga, SagaStep } from '../../language/model/types';
import type { Range } from '../../language/range';

/*
 * What the saga rules share: which step is the point of no return, and whether the operation a step names is
 * declared idempotent — the saga engine retries steps after the pivot and compensations until they succeed, and
 * a retry after a lost acknowledgement delivers the operation twice.
 */

export type StepTarget = NonNullable<SagaStep['action']>;

/** Index of the first `pivot` step, or -1. */
export function pivotIndex(saga: Saga): number {
  return saga.steps.findIndex((s) => s.pivot);
}

export interface Idempotency {
  idempotent: boolean;
  /** Why, in words the message can quote. */
  reason: string;
  /** Where the verdict comes from (the operation, else the element), for related information. */
  declaredAt?: Range;
}

/** Whether `target.operation` is declared idempotent on its element (an external may be idempotent as a whole). */
export function targetIdempotency(model: ArchModel, target: StepTarget): Idempotency {
  const element = model.elements.get(target.target);
  const label = target.operation ? `${target.target}.${target.operation}` : target.target;
  if (!element) return { idempotent: false, reason: `\`${label}\` is not declared` };
  if (element.kind === 'external' && element.idempotent) {
    return { idempotent: true, reason: `external \`${element.name}\` is idempotent`, declaredAt: element.nameRange };
  }
  const ops: Map<string, Operation> | undefined = 'operations' in element ? element.operations : undefined;
  const op = target.operation ? ops?.get(target.operation) : undefined;
  if (op) {
    return op.idempotent
      ? { idempotent: true, reason: `operation \`${label}\` is idempotent`, declaredAt: op.nameRange }
      : { idempotent: false, reason: `operation \`${label}\` is declared without \`idempotent\``, declaredAt: op.nameRange };
  }
  return {
    idempotent: false,
    reason: target.operation
      ? `\`${element.name}\` does not declare \`operation ${target.operation} { idempotent }\``
      : `it names no operation of \`${element.name}\`, so nothing says it is idempotent`,
    declaredAt: element.nameRange,
  };
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
