import { ruleTester } from '../test-kit';
import { noOverlap } from './no-overlap';

const store = (body: string) => `store kv {\n  replicas 3\n  replication leaderless\n${body}}\n`;

ruleTester(noOverlap, {
  valid: [
    store(`  write-quorum 2\n  read-quorum 2\n`),
    { name: 'declared eventual', code: store(`  write-quorum 1\n  read-quorum 1\n  consistency eventual\n`) },
    { name: 'quorums not declared: both default to a majority, which overlap', code: store(``) },
    { name: 'only W declared, overlapping the default R', code: store(`  write-quorum 2\n`) },
    { name: 'not leaderless', code: `store db { replicas 3; replication leader-follower }` },
  ],
  invalid: [
    {
      code: store(`  write-quorum 2\n  read-quorum 1\n`),
      errors: [{ line: 5, column: 3, endLine: 5, endColumn: 16, severity: 'error', message: 'N=3, W=2, R=1: W+R=3 ≤ N', related: [{ line: 4, column: 3, message: 'write quorum W=2' }] }],
      output: store(`  write-quorum 2\n  read-quorum 2\n`),
    },
    {
      name: 'W=1 R=1 with strong consistency raises R to N',
      code: store(`  write-quorum 1\n  read-quorum 1\n  consistency causal\n`),
      errors: [{ line: 5, column: 3, message: 'raise R to 3 or W to 3' }],
      output: store(`  write-quorum 1\n  read-quorum 3\n  consistency causal\n`),
    },
    {
      name: 'W=1 with the default R (a majority, 2 of 3) does not overlap',
      code: store(`  write-quorum 1\n`),
      errors: [{ line: 4, column: 3, endColumn: 17, message: 'N=3, W=1, R=2 (default): W+R=3 ≤ N' }],
      output: store(`  write-quorum 1\n  read-quorum 3\n`),
    },
  ],
});
