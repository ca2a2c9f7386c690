import type { Rule } from '../types';

export const spofRules: Rule[] = [];
