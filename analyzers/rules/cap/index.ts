import type { Rule } from '../types';

export const capRules: Rule[] = [];
