import { ruleTester } from '../test-kit';
import { concurrentWrites } from './concurrent-writes';

const store = (body: string) => `store kv {\n  replicas 4\n  replication leaderless\n${body}}\n`;

ruleTester(concurrentWrites, {
  valid: [
    store(`  write-quorum 3\n  read-quorum 2\n`),
    { name: 'conflicts resolved', code: store(`  write-quorum 2\n  read-quorum 3\n  conflict-resolution crdt\n`) },
    { name: 'W undeclared', code: store(`  read-quorum 2\n`) },
  ],
  invalid: [
    {
      code: store(`  write-quorum 2\n  read-quorum 3\n`),
      errors: [{ line: 4, column: 3, endColumn: 17, severity: 'warning', message: 'N=4, W=2: 2W=4 ≤ N' }],
    },
    {
      name: 'W=1',
      code: `store kv { replicas 3; replication leaderless; write-quorum 1; read-quorum 3 }`,
      errors: [{ line: 1, column: 48, message: 'raise W to 2' }],
    },
  ],
});
