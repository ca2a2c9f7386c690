import type { Rule } from '../types';
import { asyncFailover } from './async-failover';
import { crossRegionPromotion } from './cross-region-promotion';

export const durabilityRules: Rule[] = [asyncFailover, crossRegionPromotion];
