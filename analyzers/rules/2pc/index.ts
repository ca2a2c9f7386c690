import type { Rule } from '../types';

export const twoPcRules: Rule[] = [];
