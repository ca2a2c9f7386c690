import type { Rule } from '../types';

export const quorumRules: Rule[] = [];
