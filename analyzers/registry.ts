import type { Rule, RuleMeta } from './rules/types';
import { CORE_RULES } from './rules/core';
import { capRules } from './rules/cap/index';
import { durabilityRules } from './rules/durability/index';
import { consistencyRules } from './rules/consistency/index';
import { quorumRules } from './rules/quorum/index';
import { spofRules } from './rules/spof/index';
import { retryRules } from './rules/retry/index';
import { timeoutRules } from './rules/timeout/index';
import { capacityRules } from './rules/capacity/index';
import { resilienceRules } from './rules/resilience/index';
import { healthRules } from './rules/health/index';
import { idempotencyRules } from './rules/idempotency/index';
import { dualWriteRules } from './rules/dual-write/index';
import { pubsubRules } from './rules/pubsub/index';
import { lockRules } from './rules/lock/index';
import { sagaRules } from './rules/saga/index';
import { twoPcRules } from './rules/2pc/index';
import { electionRules } from './rules/election/index';
import { cacheRules } from './rules/cache/index';
import { shardingRules } from './rules/sharding/index';
import { cqrsRules } from './rules/cqrs/index';
import { eventSourcingRules } from './rules/event-sourcing/index';
import { observabilityRules } from './rules/observability/index';

/**
 * Every rule of SPEC §2. Each category's `index.ts` lists its rules (one file per rule), so adding a rule never
 * touches this file. Order is the SPEC's, which is also the order `faultline rules` prints.
 */
export const RULES: readonly Rule[] = [
  ...capRules,
  ...durabilityRules,
  ...consistencyRules,
  ...quorumRules,
  ...spofRules,
  ...retryRules,
  ...timeoutRules,
  ...capacityRules,
  ...resilienceRules,
  ...healthRules,
  ...idempotencyRules,
  ...dualWriteRules,
  ...pubsubRules,
  ...lockRules,
  ...sagaRules,
  ...twoPcRules,
  ...electionRules,
  ...cacheRules,
  ...shardingRules,
  ...cqrsRules,
  ...eventSourcingRules,
  ...observabilityRules,
];

/** Core rules (reported while building the model) and the catalog, for listings, docs and SARIF. */
export const ALL_RULES: readonly RuleMeta[] = [...CORE_RULES, ...RULES.map(({ id, severity, description, fixable }) => ({ id, severity, description, ...(fixable ? { fixable } : {}) }))];

const BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));

export function findRule(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}
