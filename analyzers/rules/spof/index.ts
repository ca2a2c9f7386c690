import type { Rule } from '../types';
import { singleReplica } from './single-replica';
import { singleZone } from './single-zone';
import { zoneOutage } from './zone-outage';
import { manualFailover } from './manual-failover';
import { noElection } from './no-election';
import { zonalDependency } from './zonal-dependency';

export const spofRules: Rule[] = [singleReplica, singleZone, zoneOutage, manualFailover, noElection, zonalDependency];
