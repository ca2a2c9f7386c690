import type { Rule } from '../types';

export const resilienceRules: Rule[] = [];
