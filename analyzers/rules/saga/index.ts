import type { Rule } from '../types';
import { compensationNotIdempotent } from './compensation-not-idempotent';
import { missingCompensation } from './missing-compensation';
import { noOrchestrator } from './no-orchestrator';
import { stepNotIdempotent } from './step-not-idempotent';

export const sagaRules: Rule[] = [missingCompensation, compensationNotIdempotent, stepNotIdempotent, noOrchestrator];
