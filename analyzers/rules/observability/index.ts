import type { Rule } from '../types';
import { noTracing } from './no-tracing';

export const observabilityRules: Rule[] = [noTracing];
