import { ruleTester } from '../test-kit';
import { noFencing } from './no-fencing';

const base = `cluster etcd { replicas 3; consensus raft }\nservice worker { replicas 2 }\n`;

ruleTester(noFencing, {
  valid: [
    base + `store db { replicas 3 }\nlock stock { backend etcd; lease 10s; fencing; protects db; holders worker }\n`,
    { name: 'a lock that protects nothing declared', code: base + `lock leader { backend etcd; lease 10s; holders worker }\n` },
  ],
  invalid: [
    {
      code: base + `store db { replicas 3 }\nlock stock {\n  backend etcd\n  lease 10s\n  protects db\n}\n`,
      errors: [{ line: 4, column: 6, endColumn: 11, message: 'lock `stock` protects `db` but declares no fencing: a holder paused (GC, VM stall) past its 10s lease', severity: 'error', related: [{ line: 3, column: 7, message: '`db` accepts writes from every holder of `stock`' }] }],
      output: base + `store db { replicas 3 }\nlock stock {\n  backend etcd\n  lease 10s\n  protects db\n  fencing\n}\n`,
    },
    {
      name: "the store's own fencing does not count",
      code: base + `store db { replicas 3; election raft; failover automatic; fencing }\nlock stock { backend etcd; lease 10s; protects db }\n`,
      errors: [{ line: 4, column: 6, message: "the store's own `fencing` is about deposed leaders and does not count" }],
      output: base + `store db { replicas 3; election raft; failover automatic; fencing }\nlock stock { backend etcd; lease 10s; protects db; fencing }\n`,
    },
  ],
});
