import { ruleTester } from '../test-kit';
import { crossRegionPromotion } from './cross-region-promotion';

const REGIONS = `region east { zones e1, e2 }\nregion west { zones w1, w2, w3 }\n`;
/** 5 replicas: e1, w1, e2, w2, w3 — 2 in east, 3 in west. */
const FIVE = 'replicas 5; zones e1, w1, e2, w2, w3; replication leader-follower; fencing';
/** 3 replicas: e1, e2, w1 — 2 in east, 1 in west. */
const THREE = 'replicas 3; zones e1, e2, w1; replication leader-follower; fencing';

ruleTester(crossRegionPromotion, {
  valid: [
    { name: 'one region', code: `${REGIONS}store db { replicas 3; zones w1, w2, w3; replication leader-follower; fencing; failover automatic; election bully; election-quorum 2 }` },
    { name: 'failover-scope region', code: `${REGIONS}store db { ${FIVE}; sync-followers 1; failover automatic; election bully; election-quorum 3; failover-scope region }` },
    { name: 'failover-scope zone', code: `${REGIONS}store db { ${FIVE}; sync-followers 1; failover automatic; election bully; election-quorum 3; failover-scope zone }` },
    { name: 'manual failover', code: `${REGIONS}store db { ${FIVE}; sync-followers 1; failover manual }` },
    {
      name: 'every leader needs a follower in another region (sync-followers 3 > the 2 other replicas in west)',
      code: `${REGIONS}store db { ${FIVE}; sync-followers 3; failover automatic; election bully; election-quorum 3 }`,
    },
    {
      name: 'two replicas, one per region, sync-followers 1: the follower the leader waits for is always across',
      code: `${REGIONS}store db { replicas 2; zones e1, w1; replication leader-follower; fencing; sync-followers 1; failover automatic; election bully; election-quorum 2 }`,
    },
    {
      name: 'the far side cannot reach the election quorum (1 replica in west, quorum 2)',
      code: `${REGIONS}store db { ${THREE}; sync-followers 1; failover automatic; election bully; election-quorum 2 }`,
    },
    {
      name: "the coordinator's majority is in the leader's region: it never sees the leader gone",
      code: `${REGIONS}cluster zk { replicas 3; zones e1, e2; consensus zab }\nstore db { ${THREE}; sync-followers 1; failover automatic; coordinator zk }`,
    },
    { name: 'a consensus group: at most one side has a majority', code: `${REGIONS}store db { ${FIVE}; failover automatic; election raft }` },
    { name: 'no regions known (zones outside any region are not declared)', code: `store db { replicas 3; replication leader-follower; fencing; failover automatic; election bully; election-quorum 2 }` },
  ],
  invalid: [
    {
      name: 'GitHub 2018: the far side holds the votes, the leader its sync follower',
      code: `${REGIONS}store db {\n  ${FIVE}\n  sync-followers 1\n  failover automatic\n  election bully; election-quorum 3\n}\n`,
      errors: [
        {
          line: 6,
          column: 3,
          endColumn: 21,
          severity: 'warning',
          message:
            /`db` fails over automatically to any region \(failover-scope any\) and its replicas span east \(2\), west \(3\): with the leader in east .*its sync-followers 1 can be met by the other 1 replica in east, so a partition between east and west leaves it taking writes while on the other side the 3 replicas there reach the election quorum of 3 and elect a leader of their own: two leaders.*set `failover-scope region`.*or `sync-followers 3`/,
          related: [{ line: 4, column: 15, message: 'replicas in east, west' }],
        },
      ],
      output: `${REGIONS}store db {\n  ${FIVE}\n  sync-followers 1\n  failover automatic\n  election bully; election-quorum 3\n  failover-scope region\n}\n`,
    },
    {
      name: 'failover-scope any declared: the finding and the fix sit on it',
      code: `${REGIONS}store db { ${FIVE}; sync-followers 1; failover automatic; failover-scope any; election bully; election-quorum 3 }`,
      errors: [{ line: 3, column: 126, endColumn: 144 }],
      output: `${REGIONS}store db { ${FIVE}; sync-followers 1; failover automatic; failover-scope region; election bully; election-quorum 3 }`,
    },
    {
      name: 'sync-followers 0: the leader acknowledges alone, in whichever region it is',
      code: `${REGIONS}store db { replicas 2; zones w1, e1; replication leader-follower; fencing; failover automatic; election bully }`,
      errors: [{ line: 3, column: 76, message: /with the leader in west .*it acknowledges writes alone \(sync-followers 0\).*the 1 replica there reaches the election quorum of 1/ }],
    },
    {
      name: 'a coordinator spanning regions keeps its majority on the far side',
      code: `${REGIONS}cluster orchestrator { replicas 3; zones e1, w1, w2; consensus raft }\nstore db { ${THREE}; sync-followers 1; failover automatic; coordinator orchestrator }`,
      errors: [{ line: 4, column: 98, message: 'the coordinator `orchestrator` keeps 2 of its 3 members there (it needs 2) and promotes the 1 replica there' }],
    },
    {
      name: 'a coordinator placed nowhere the file says: it may be on the far side',
      code: `${REGIONS}cluster zk { replicas 3; consensus zab }\nstore db { ${THREE}; sync-followers 1; failover automatic; coordinator zk }`,
      errors: [{ line: 4, column: 98, message: 'placed nowhere the file says' }],
    },
    {
      name: 'SPEC §5.1: a replicated queue across regions',
      code: `${REGIONS}cluster zk { replicas 3; consensus zab }\nqueue q { ${THREE}; sync-followers 1; failover automatic; coordinator zk }`,
      errors: [{ line: 4, column: 97, message: '`q` fails over automatically to any region' }],
      output: `${REGIONS}cluster zk { replicas 3; consensus zab }\nqueue q { ${THREE}; sync-followers 1; failover automatic; coordinator zk; failover-scope region }`,
    },
  ],
});
