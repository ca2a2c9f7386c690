import type { Rule } from '../types';

export const cqrsRules: Rule[] = [];
