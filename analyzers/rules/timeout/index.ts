import type { Rule } from '../types';
import { exceedsCaller } from './exceeds-caller';

export const timeoutRules: Rule[] = [exceedsCaller];
