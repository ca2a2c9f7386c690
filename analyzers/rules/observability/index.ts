import type { Rule } from '../types';

export const observabilityRules: Rule[] = [];
