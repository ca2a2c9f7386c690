import type { Rule } from '../types';
import { blockingCoordinator } from './blocking-coordinator';

export const twoPcRules: Rule[] = [blockingCoordinator];
