import type { Rule } from '../types';
import { consumer } from './consumer';
import { exactlyOnce } from './exactly-once';

export const idempotencyRules: Rule[] = [consumer, exactlyOnce];
