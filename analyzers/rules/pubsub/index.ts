import type { Rule } from '../types';

export const pubsubRules: Rule[] = [];
