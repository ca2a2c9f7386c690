import type { Rule } from '../types';
import { noOutbox } from './no-outbox';

export const dualWriteRules: Rule[] = [noOutbox];
