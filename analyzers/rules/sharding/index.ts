import type { Rule } from '../types';
import { hotRange } from './hot-range';
import { moduloHash } from './modulo-hash';
import { noKey } from './no-key';

export const shardingRules: Rule[] = [noKey, moduloHash, hotRange];
