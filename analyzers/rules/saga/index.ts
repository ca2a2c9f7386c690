import type { Rule } from '../types';

export const sagaRules: Rule[] = [];
