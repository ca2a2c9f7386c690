import type { Rule } from '../types';
import { noHealthCheck } from './no-health-check';

export const healthRules: Rule[] = [noHealthCheck];
