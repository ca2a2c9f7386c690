import type { Rule } from '../types';

export const consistencyRules: Rule[] = [];
