import type { Rule } from '../types';
import { noSnapshots } from './no-snapshots';

export const eventSourcingRules: Rule[] = [noSnapshots];
