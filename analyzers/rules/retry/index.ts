import type { Rule } from '../types';
import { amplification } from './amplification';
import { noBackoff } from './no-backoff';
import { noJitter } from './no-jitter';
import { noTimeout } from './no-timeout';
import { unsafeRetry } from './unsafe-retry';
import { storm } from './storm';

export const retryRules: Rule[] = [noTimeout, unsafeRetry, noBackoff, noJitter, amplification, storm];
