import type { Rule } from '../types';

export const eventSourcingRules: Rule[] = [];
