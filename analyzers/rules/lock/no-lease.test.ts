import { ruleTester } from '../test-kit';
import { noLease } from './no-lease';

const cluster = `cluster etcd { replicas 3; consensus raft }\n`;

ruleTester(noLease, {
  valid: [
    cluster + `lock stock { backend etcd; lease 10s; fencing }`,
    { name: 'no locks at all', code: cluster },
  ],
  invalid: [
    {
      code: cluster + `lock stock {\n  backend etcd\n}\n`,
      errors: [{ line: 2, column: 6, endLine: 2, endColumn: 11, message: 'has no lease', severity: 'error' }],
      output: cluster + `lock stock {\n  backend etcd\n  lease 10s\n}\n`,
    },
    {
      name: 'a one-line block',
      code: cluster + `lock stock { backend etcd }\n`,
      errors: [{ line: 2, column: 6 }],
      output: cluster + `lock stock { backend etcd; lease 10s }\n`,
    },
    {
      name: 'a lock with no block',
      code: cluster + `lock stock\n`,
      errors: [{ line: 2, column: 6 }],
      output: cluster + `lock stock { lease 10s }\n`,
    },
  ],
});
