import type { Rule } from '../types';

export const timeoutRules: Rule[] = [];
