import * as z from 'zod';
import type { PropertyName } from './names';

/*
 * How a property's atoms are read into a value. The reader (model/read-value.ts) checks the atom shapes;
 * the property's zod schema then checks the value (ranges, integers). Descriptions feed hover, completion
 * and the reference docs, so every property has one.
 */
export type ValueKind =
  | 'flag' // no atoms: true
  | 'int'
  | 'number'
  | 'duration' // milliseconds
  | 'duration-or-range' // { min, max } in ms; a bare duration gives min = max
  | 'percent'
  | 'string'
  | 'word' // a free identifier (a key name, an engine)
  | 'enum' // one of `values`
  | 'enum-list' // `a, b, c`, each one of `values`
  | 'ref' // the name of an element of `refKinds`
  | 'ref-list'
  | 'zone-list'
  | 'target' // `call TARGET[.OP]`, `action REF`
  | 'target-list' // `calls A.op, B, C.op`: each `TARGET[.OP]`
  | 'backoff' // `none|constant|exponential [DURATION|RANGE]`
  | 'consistency' // a level, `bounded-staleness DURATION`
  | 'atoms'; // read by the owner (scenario statements)

export type ElementKind =
  | 'region'
  | 'gateway'
  | 'service'
  | 'store'
  | 'queue'
  | 'cache'
  | 'cluster'
  | 'lock'
  | 'external'
  | 'saga'
  | 'transaction'
  | 'projection'
  | 'client'
  | 'scenario';

export interface PropertySpec {
  name: PropertyName;
  description: string;
  value: ValueKind;
  values?: readonly string[];
  refKinds?: readonly ElementKind[];
  /** Checks the value once read; `z.any()` when the reader's checks are all there is. */
  schema: z.ZodType;
  /** `operation NAME { … }`: the first atom names the entry, the rest is read as `value`. */
  named?: boolean;
  /** May appear more than once (calls, operations, steps); otherwise a second one is a `duplicate`. */
  repeatable?: boolean;
  /** The properties allowed in its block; absent = the property takes no block. */
  block?: readonly PropertySpec[];
}

/** The schema of properties whose reader checks everything there is to check (skipped at run time). */
export const ANY_VALUE = z.any();

export function prop(
  name: PropertyName,
  value: ValueKind,
  description: string,
  extra: Partial<Omit<PropertySpec, 'name' | 'value' | 'description'>> = {},
): PropertySpec {
  return { name, value, description, schema: extra.schema ?? ANY_VALUE, ...extra };
}

/*
 * Fast acceptance checks for the common schemas: a value these accept is one the zod schema accepts too (each is
 * a strict subset of what zod allows), so zod runs only on values that may fail, to produce its message. Running
 * zod on every property was a large share of model-building time.
 */
const FAST = new WeakMap<z.ZodType, (value: unknown) => boolean>();
export function fastCheck<T extends z.ZodType>(schema: T, accepts: (value: unknown) => boolean): T {
  FAST.set(schema, accepts);
  return schema;
}
/** True when `value` certainly passes `schema`; false means "ask zod". */
export function fastValid(schema: z.ZodType, value: unknown): boolean {
  const accepts = FAST.get(schema);
  return accepts !== undefined && accepts(value);
}

export const isPositiveInt = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 1;
export const isNonNegativeInt = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
export const isPositiveDuration = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;

export const positiveInt = fastCheck(z.number().int('must be a whole number').min(1, 'must be at least 1'), isPositiveInt);
export const nonNegativeInt = fastCheck(z.number().int('must be a whole number').min(0, 'must be 0 or more'), isNonNegativeInt);
/** Replicas beyond this are a typo, not a design; placement and zone math would otherwise run on them. */
export const MAX_REPLICAS = 10_000;
export const replicaCount = fastCheck(
  z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_REPLICAS, `must be at most ${MAX_REPLICAS}`),
  (v) => isPositiveInt(v) && (v as number) <= MAX_REPLICAS,
);
export const isPositiveNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
export const positiveNumber = fastCheck(z.number().gt(0, 'must be more than 0'), isPositiveNumber);
export const positiveDuration = fastCheck(z.number().gt(0, 'must be longer than 0ms'), isPositiveDuration);
