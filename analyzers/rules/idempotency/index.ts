import type { Rule } from '../types';

export const idempotencyRules: Rule[] = [];
