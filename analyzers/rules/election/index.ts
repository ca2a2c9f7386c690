import type { Rule } from '../types';

export const electionRules: Rule[] = [];
