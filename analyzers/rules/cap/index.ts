import type { Rule } from '../types';
import { criticalDataNotStrong } from './critical-data-not-strong';
import { promiseNotKept } from './promise-not-kept';
import { strongAcrossRegions } from './strong-across-regions';

export const capRules: Rule[] = [criticalDataNotStrong, promiseNotKept, strongAcrossRegions];
