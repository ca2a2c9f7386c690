import type { Rule } from '../types';
import { noFencing } from './no-fencing';
import { noLease } from './no-lease';
import { weakBackend } from './weak-backend';

export const lockRules: Rule[] = [noLease, noFencing, weakBackend];
