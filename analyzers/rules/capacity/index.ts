import type { Rule } from '../types';
import { zoneLoss } from './zone-loss';

export const capacityRules: Rule[] = [zoneLoss];
