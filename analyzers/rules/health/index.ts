import type { Rule } from '../types';

export const healthRules: Rule[] = [];
