import { ruleTester } from '../test-kit';
import { noFaultTolerance } from './no-fault-tolerance';

ruleTester(noFaultTolerance, {
  valid: [
    `cluster etcd { replicas 3; consensus raft }`,
    { name: 'a single-copy store runs no consensus', code: `store db { engine postgres }` },
  ],
  invalid: [
    {
      code: `cluster etcd {\n  replicas 2\n  consensus raft\n}\n`,
      errors: [{ line: 2, column: 3, endColumn: 13, severity: 'error', message: 'runs consensus raft on 2 members: the majority is 2, so it tolerates 0 failures' }],
      output: `cluster etcd {\n  replicas 3\n  consensus raft\n}\n`,
    },
    {
      name: 'replicas undeclared (1) on the name; the fix adds replicas',
      code: `store meta {\n  election zab\n}\n`,
      errors: [{ line: 1, column: 7, endColumn: 11, message: 'election zab on 1 member' }],
      output: `store meta {\n  election zab\n  replicas 3\n}\n`,
    },
  ],
});
