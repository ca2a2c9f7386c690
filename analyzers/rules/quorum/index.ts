import type { Rule } from '../types';
import { concurrentWrites } from './concurrent-writes';
import { evenSize } from './even-size';
import { noFaultTolerance } from './no-fault-tolerance';
import { noOverlap } from './no-overlap';
import { zoneMajority } from './zone-majority';

export const quorumRules: Rule[] = [noOverlap, concurrentWrites, evenSize, noFaultTolerance, zoneMajority];
