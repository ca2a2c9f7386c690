import { ruleTester } from '../test-kit';
import { strongAcrossRegions } from './strong-across-regions';

const regions = `region us-east { zones use1-a, use1-b }\nregion eu-west { zones euw1-a, euw1-b }\nregion ap-south { zones aps1-a }\n`;

ruleTester(strongAcrossRegions, {
  valid: [
    regions + `store db { replicas 3; zones use1-a, use1-b, use1-a; election raft; consistency linearizable }`,
    { name: 'eventual across regions', code: regions + `store db { replicas 3; zones use1-a, euw1-a, aps1-a; replication multi-leader; consistency eventual }` },
    { name: 'a region holds the default leaderless W (majority 2 of 3)', code: regions + `store kv { replicas 3; zones use1-a, use1-b, euw1-a; replication leaderless; cap CP }` },
    { name: 'a region holds the majority', code: regions + `store db { replicas 5; zones use1-a, use1-b, euw1-a, use1-a, euw1-b; election raft; consistency strong }` },
  ],
  invalid: [
    {
      code: regions + `store db {\n  replicas 3\n  zones use1-a, euw1-a, aps1-a\n  election raft\n  consistency linearizable\n}\n`,
      errors: [{ line: 6, column: 3, endColumn: 31, severity: 'info', message: 'a write needs 2 acknowledgements and no region holds more than 1 replica, so every write pays at least one cross-region round trip (60ms..120ms)', related: [{ line: 8, column: 3, message: 'the strong promise' }] }],
    },
    {
      name: 'custom network, cap CP leaderless',
      code: `network { cross-region 40ms..80ms }\n` + regions + `store kv { replicas 4; zones use1-a, euw1-a, use1-b, euw1-b; replication leaderless; write-quorum 3; read-quorum 2; cap CP }`,
      errors: [{ line: 5, column: 24, message: '(80ms..160ms)' }],
    },
    {
      name: 'leaderless without write-quorum: the default majority, marked',
      code: regions + `store kv { replicas 4; zones use1-a, euw1-a, use1-b, euw1-b; replication leaderless; cap CP }`,
      errors: [{ line: 4, column: 24, message: 'a write needs W=3 (default) acknowledgements and no region holds more than 2 replicas' }],
    },
    {
      // The one semantics (language/model/semantics.ts): a raft store with 3 sync followers acknowledges after the
      // leader and 3 followers (4), more than the majority (3) that one region holds.
      name: 'raft with more sync followers than the majority: the write requirement, not the bare majority',
      code: regions + `store db { replicas 5; zones use1-a, use1-b, euw1-a, use1-a, euw1-b; replication leader-follower; sync-followers 3; election raft; consistency strong }`,
      errors: [{ line: 4, column: 24, message: 'a write needs 4 acknowledgements and no region holds more than 3 replicas' }],
    },
  ],
});
