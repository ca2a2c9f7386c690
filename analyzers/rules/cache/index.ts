import type { Rule } from '../types';
import { noInvalidation } from './no-invalidation';
import { writeBehindCritical } from './write-behind-critical';

export const cacheRules: Rule[] = [noInvalidation, writeBehindCritical];
