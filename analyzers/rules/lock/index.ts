import type { Rule } from '../types';
import { noLease } from './no-lease';

export const lockRules: Rule[] = [noLease];
