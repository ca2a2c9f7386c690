import type { Rule } from '../types';

export const shardingRules: Rule[] = [];
