import type { Rule } from '../types';

export const retryRules: Rule[] = [];
