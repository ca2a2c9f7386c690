import * as z from 'zod';

/*
 * The `simulate --format json` shape of SPEC §4, strict: CI scripts and the editor (issue 11) parse it, so the
 * tests validate real output against it and any extra field is a deliberate change made here. Beyond the SPEC's
 * example: `failovers`, `lock`, `saga` in metrics, `minimal` in the counterexample, `incomplete`, `error`, `shard`.
 */

const count = z.int().nonnegative();
const ms = z.number().nonnegative();

const expectation = z.strictObject({
  expect: z.string().min(1),
  passed: z.boolean(),
  /** The first failing seed; null when the expectation holds (or could not run). */
  seed: z.int().nonnegative().nullable(),
  detail: z.string(),
});

const metrics = z.strictObject({
  failover_ms: z.strictObject({ p50: ms, p99: ms, max: ms }),
  failovers: count,
  lost_writes: count,
  stale_read_rate: z.number().min(0).max(1),
  lock: z
    .strictObject({
      grants: count,
      accepted_writes: count,
      rejected_stale_writes: count,
      writes_outside_lease: count,
      unavailable_ms: ms,
      tokens: z.strictObject({ stale: count, fresh: count }).optional(),
    })
    .optional(),
  saga: z
    .strictObject({ instances: count, completed: count, compensated: count, broken: count, duplicates: count, ignored_duplicates: count, retries: count })
    .optional(),
});

const counterexample = z.strictObject({
  seed: z.int().nonnegative(),
  trace: z.array(z.string()),
  minimal: z
    .strictObject({ expect: z.string().min(1), detail: z.string(), faults: z.array(z.string()), duration_ms: ms, runs: z.int().positive() })
    .optional(),
});

const scenario = z.strictObject({
  name: z.string().min(1),
  target: z.string(),
  seeds: count,
  passed: z.boolean(),
  expectations: z.array(expectation),
  metrics,
  counterexample: counterexample.nullable(),
  incomplete: z
    .array(z.strictObject({ seed: z.int().nonnegative(), stoppedBy: z.enum(['done', 'events', 'time', 'wall', 'cancelled', 'error']), error: z.string().optional() }))
    .min(1)
    .optional(),
  error: z.string().optional(),
});

export const simReportSchema = z.strictObject({
  version: z.literal(1),
  scenarios: z.array(scenario),
  shard: z.strictObject({ index: z.int().positive(), count: z.int().positive() }).optional(),
});

export type SimJsonReport = z.infer<typeof simReportSchema>;
