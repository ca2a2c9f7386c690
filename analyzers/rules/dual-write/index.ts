import type { Rule } from '../types';

export const dualWriteRules: Rule[] = [];
