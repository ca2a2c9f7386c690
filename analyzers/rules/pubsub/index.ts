import type { Rule } from '../types';
import { orphanTopic } from './orphan-topic';

export const pubsubRules: Rule[] = [orphanTopic];
