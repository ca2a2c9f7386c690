import type { Rule } from '../types';
import { readMismatch } from './read-mismatch';

export const consistencyRules: Rule[] = [readMismatch];
