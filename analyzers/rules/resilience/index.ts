import type { Rule } from '../types';
import { noBulkhead } from './no-bulkhead';
import { noCircuitBreaker } from './no-circuit-breaker';
import { noRateLimit } from './no-rate-limit';

export const resilienceRules: Rule[] = [noCircuitBreaker, noBulkhead, noRateLimit];
