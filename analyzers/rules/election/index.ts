import type { Rule } from '../types';
import { noFencing } from './no-fencing';
import { noMajority } from './no-majority';
import { noRandomization } from './no-randomization';
import { timeoutTooClose } from './timeout-too-close';
import { timeoutVsLatency } from './timeout-vs-latency';

export const electionRules: Rule[] = [noRandomization, timeoutTooClose, timeoutVsLatency, noFencing, noMajority];
