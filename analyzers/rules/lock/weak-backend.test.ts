import { ruleTester } from '../test-kit';
import { weakBackend } from './weak-backend';

ruleTester(weakBackend, {
  valid: [
    `cluster etcd { replicas 3; consensus raft }\nlock stock { backend etcd; lease 10s }\n`,
    { name: 'a cluster that declares no protocol is a consensus cluster', code: `cluster zk { replicas 3 }\nlock stock { backend zk; lease 10s }\n` },
    { name: 'a linearizable store', code: `store pg { replicas 3; consistency linearizable }\nlock stock { backend pg; lease 10s }\n` },
    { name: 'a strong store', code: `store pg { replicas 3; consistency strong }\nlock stock { backend pg; lease 10s }\n` },
  ],
  invalid: [
    {
      name: 'a cache',
      code: `cache redis { replicas 3 }\nlock stock { backend redis; lease 10s }\n`,
      errors: [{ line: 2, column: 22, endColumn: 27, message: 'cache `redis` is neither a consensus cluster nor a linearizable store', severity: 'error', related: [{ line: 1, column: 7, message: 'backend of `stock`' }] }],
    },
    {
      name: 'an eventually consistent single-replica store: both reasons',
      code: `store mongo { consistency eventual }\nlock stock { backend mongo; lease 10s }\n`,
      errors: [{ line: 2, column: 22, message: /consistency eventual.*; and `mongo` has 1 replica/ }],
    },
    {
      name: 'a consensus cluster of 1: the replica count is fixed',
      code: `cluster etcd {\n  consensus raft\n}\nlock stock { backend etcd; lease 10s }\n`,
      errors: [{ line: 4, column: 22, message: '`etcd` has 1 replica' }],
      output: `cluster etcd {\n  consensus raft\n  replicas 3\n}\nlock stock { backend etcd; lease 10s }\n`,
    },
    {
      name: 'a cluster without consensus',
      code: `cluster zk { replicas 3; consensus none }\nlock stock { backend zk; lease 10s }\n`,
      errors: [{ line: 2, column: 22, message: 'runs no consensus (consensus none)' }],
    },
  ],
});
