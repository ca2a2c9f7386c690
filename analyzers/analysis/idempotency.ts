import type { ArchModel, Operation } from '../../language/model/types';
import type { Range } from '../../language/range';
import { callLabel, type OperationRef } from './calls';

/*
 * Whether the operation a call or a saga step names is declared idempotent — what makes a retry (of a call, of a
 * saga step after the pivot, of a compensation) safe: a retry after a lost reply delivers the operation twice.
 */

export interface Idempotency {
  idempotent: boolean;
  /** Why, in words the message can quote. */
  reason: string;
  /** Where the verdict comes from (the operation, else the element), for related information. */
  declaredAt?: Range;
  /** The named operation, when the target declares it. */
  operation?: Operation;
}

/**
 * The operation `ref` names is declared `idempotent`, or its target is an `external` that is idempotent as a
 * whole; with the reason and the place the verdict comes from.
 */
export function targetIdempotency(model: ArchModel, ref: OperationRef): Idempotency {
  const element = model.elements.get(ref.target);
  const label = callLabel(ref);
  if (!element) return { idempotent: false, reason: `\`${label}\` is not declared` };
  if (element.kind === 'external' && element.idempotent) {
    return { idempotent: true, reason: `external \`${element.name}\` is idempotent`, declaredAt: element.nameRange };
  }
  const ops: ReadonlyMap<string, Operation> | undefined = 'operations' in element ? element.operations : undefined;
  const op = ref.operation ? ops?.get(ref.operation) : undefined;
  if (op) {
    return op.idempotent
      ? { idempotent: true, reason: `operation \`${label}\` is idempotent`, declaredAt: op.nameRange, operation: op }
      : { idempotent: false, reason: `operation \`${label}\` is declared without \`idempotent\``, declaredAt: op.nameRange, operation: op };
  }
  return {
    idempotent: false,
    reason: ref.operation
      ? `\`${element.name}\` does not declare \`operation ${ref.operation} { idempotent }\``
      : `it names no operation of \`${element.name}\`, so nothing says it is idempotent`,
    declaredAt: element.nameRange,
  };
}
