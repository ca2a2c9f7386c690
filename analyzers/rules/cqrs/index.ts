import type { Rule } from '../types';
import { noLagBudget } from './no-lag-budget';

export const cqrsRules: Rule[] = [noLagBudget];
