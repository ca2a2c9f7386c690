import { ruleTester } from '../test-kit';
import { noMajority } from './no-majority';

const LF = 'replication leader-follower; sync-followers 1; fencing';

ruleTester(noMajority, {
  valid: [
    `store db { replicas 3; ${LF}; failover automatic; election bully; election-quorum 2 }`,
    { name: 'more than a majority', code: `store db { replicas 5; ${LF}; failover automatic; election bully; election-quorum 4 }` },
    { name: 'consensus: always a majority', code: `store db { replicas 3; ${LF}; failover automatic; election raft }` },
    { name: 'a coordinator chooses: no vote', code: `cluster zk { replicas 3; consensus zab }\nstore db { replicas 3; ${LF}; failover automatic; election bully; coordinator zk }` },
    { name: 'no automatic failover: nobody elects', code: `store db { replicas 3; ${LF}; failover manual; election bully }` },
    { name: 'one member: 1 vote is the majority', code: `store db { replicas 1; replication leader-follower; failover automatic; election bully }` },
    {
      name: 'naive failover without a declared quorum: spof/no-election reports the split brain',
      code: `store db { replicas 3; ${LF}; failover automatic; election none }`,
    },
    { name: 'a cluster: consensus needs a majority', code: `cluster zk { replicas 3; consensus raft }` },
  ],
  invalid: [
    {
      name: 'Elasticsearch before 7.0: minimum_master_nodes 1 of 3',
      code: `store search {\n  replicas 3\n  ${LF}\n  failover automatic\n  election bully\n  election-quorum 1\n}\n`,
      errors: [
        {
          line: 6,
          column: 3,
          endColumn: 20,
          severity: 'error',
          message:
            '`search` elects a leader with 1 vote of its 3 members (`election bully`, `election-quorum 1`), below the majority of 2: a partition into sides of 1 and 2 members leaves both with the 1 vote they need, so each elects a leader (split brain) and both accept writes; set `election-quorum 2`',
          related: [{ line: 5, column: 3, message: 'election bully' }],
        },
      ],
      output: `store search {\n  replicas 3\n  ${LF}\n  failover automatic\n  election bully\n  election-quorum 2\n}\n`,
    },
    {
      name: 'the bully default of 1: on `election`, the quorum added',
      code: `store db { replicas 3; ${LF}; failover automatic; election bully }`,
      errors: [{ line: 1, column: 100, endColumn: 114, message: "(`election bully`'s default: a node that sees no higher node elects itself), below the majority of 2" }],
      output: `store db { replicas 3; ${LF}; failover automatic; election bully; election-quorum 2 }`,
    },
    {
      name: 'N/2 exactly is not a majority: 2 of 4',
      code: `store db { replicas 4; ${LF}; failover automatic; election bully; election-quorum 2 }`,
      errors: [{ line: 1, column: 116, message: 'with 2 votes of its 4 members (`election bully`, `election-quorum 2`), below the majority of 3: a partition into sides of 2 and 2 members' }],
      output: `store db { replicas 4; ${LF}; failover automatic; election bully; election-quorum 3 }`,
    },
    {
      name: 'two members, each elects itself',
      code: `store db { replicas 2; ${LF}; failover automatic; election bully }`,
      errors: [{ line: 1, column: 100, message: 'a partition into sides of 1 and 1 members leaves both' }],
    },
    {
      name: 'naive failover with a declared quorum below the majority',
      code: `store db { replicas 5; ${LF}; failover automatic; election none; election-quorum 2 }`,
      errors: [{ line: 1, column: 115, message: '(its failover (`election none`), `election-quorum 2`), below the majority of 3' }],
    },
    {
      name: 'SPEC §5.1: a replicated queue electing by bully',
      code: `queue q { replicas 3; ${LF}; failover automatic; election bully; election-quorum 1 }`,
      errors: [{ line: 1, column: 115, message: '`q` elects a leader with 1 vote of its 3 members' }],
    },
  ],
});
