import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModelFromText } from './build';
import { DEFAULTS } from './defaults';
import {
  canServe,
  electionQuorum,
  entryPointNames,
  failuresTolerated,
  isConsensusGroup,
  isLeaderFollower,
  opFailuresTolerated,
  runsElection,
  majority,
  placeReplicas,
  replicasPerZone,
  requirement,
  serveVerdict,
  worstZoneLoss,
  zoneLossOutcome,
} from './semantics';
import type { ArchModel, Deployable } from './types';

const region = `region r { zones a, b, c }\n`;

function model(code: string): ArchModel {
  const m = buildModelFromText(code);
  assert.deepEqual(m.diagnostics.map((d) => d.message), [], 'the snippet is clean');
  return m;
}

function element(m: ArchModel, name: string): Deployable {
  const e = m.elements.get(name);
  assert.ok(e && 'placement' in e, `${name} is deployable`);
  return e as Deployable;
}

/** Whether the element still serves reads and writes once `zone` is lost. */
function afterLoss(code: string, name: string, zone: string): { read: boolean; write: boolean; down: boolean } {
  const m = model(code);
  const o = zoneLossOutcome(element(m, name), zone, m);
  return { read: o.read.ok, write: o.write.ok, down: o.down };
}

describe('majority and failures tolerated (the etcd / ZooKeeper table)', () => {
  const table: [members: number, majority: number, tolerates: number][] = [
    [1, 1, 0],
    [2, 2, 0],
    [3, 2, 1],
    [4, 3, 1],
    [5, 3, 2],
    [6, 4, 2],
    [7, 4, 3],
  ];
  for (const [n, m, f] of table) {
    it(`${n} members → majority ${m} → tolerates ${f}`, () => {
      assert.equal(majority(n), m);
      assert.equal(failuresTolerated(n), f);
      const c = element(model(`cluster etcd { replicas ${n}; consensus raft }`), 'etcd');
      assert.equal(requirement(c, 'write').need, m);
      // With f failures it still serves; with f + 1 it does not.
      assert.equal(canServe(c, n - f, 'write'), true);
      assert.equal(canServe(c, n - f - 1, 'write'), false);
      assert.equal(canServe(c, n - f, 'read'), true);
    });
  }
});

describe('placement', () => {
  it('round-robin over the listed zones, in order, each replica with its region', () => {
    const p = placeReplicas(5, ['a', 'b', 'c'], new Map([['a', 'r'], ['b', 'r']]));
    assert.deepEqual(p, [
      { index: 0, zone: 'a', region: 'r' },
      { index: 1, zone: 'b', region: 'r' },
      { index: 2, zone: 'c' },
      { index: 3, zone: 'a', region: 'r' },
      { index: 4, zone: 'b', region: 'r' },
    ]);
    assert.deepEqual(placeReplicas(2, [], new Map()), [{ index: 0 }, { index: 1 }]);
    assert.equal(placeReplicas(1e9, ['a'], new Map()).length, 10_000, 'capped');
  });

  it('the model places replicas with the same function', () => {
    const e = element(model(region + `cluster zk { replicas 5; zones a, b; consensus zab }`), 'zk');
    assert.deepEqual([...replicasPerZone(e)], [['a', 3], ['b', 2]]);
  });
});

describe('defaults', () => {
  it('are frozen and are the ones the model applies', () => {
    assert.ok(Object.isFrozen(DEFAULTS) && Object.isFrozen(DEFAULTS.network) && Object.isFrozen(DEFAULTS.electionTimeoutMs));
    assert.deepEqual([DEFAULTS.heartbeatMs, DEFAULTS.electionTimeoutMs.min, DEFAULTS.electionTimeoutMs.max], [50, 150, 300]);
    const m = model(`service s { call t }\nservice t {}\nstore db { replication leader-follower }`);
    assert.equal(element(m, 's').replicas, DEFAULTS.replicas);
    const s = m.elements.get('s');
    assert.ok(s?.kind === 'service');
    assert.equal(s.calls[0]!.mode, DEFAULTS.callMode);
    assert.equal(s.calls[0]!.retry, DEFAULTS.retry);
    const db = m.elements.get('db');
    assert.ok(db?.kind === 'store');
    assert.equal(db.syncFollowers, DEFAULTS.syncFollowers);
    assert.deepEqual(m.network, DEFAULTS.network);
  });
});

describe('leaderless stores', () => {
  it('N=3 W=2 R=2 over three zones: losing one zone leaves 2, reads and writes go on', () => {
    const code = region + `store kv { replicas 3; zones a, b, c; replication leaderless; write-quorum 2; read-quorum 2 }`;
    for (const zone of ['a', 'b', 'c']) assert.deepEqual(afterLoss(code, 'kv', zone), { read: true, write: true, down: false });
    const kv = element(model(code), 'kv');
    assert.equal(canServe(kv, 1, 'write'), false);
    assert.equal(canServe(kv, 1, 'read'), false);
  });

  it('N=3 W=3 R=1 (strict): a zone loss stops writes, reads go on', () => {
    const code = region + `store kv { replicas 3; zones a, b, c; replication leaderless; write-quorum 3; read-quorum 1 }`;
    assert.deepEqual(afterLoss(code, 'kv', 'a'), { read: true, write: false, down: true });
  });

  it('N=3 W=3 R=1 sloppy: hinted handoff keeps writes going on any live replica; reads need R', () => {
    const code = region + `store kv { replicas 3; zones a, b, c; replication leaderless; write-quorum 3; read-quorum 1; sloppy-quorum }`;
    assert.deepEqual(afterLoss(code, 'kv', 'a'), { read: true, write: true, down: false });
    const kv = element(model(code), 'kv');
    assert.equal(canServe(kv, 1, 'write'), true);
    assert.equal(canServe(kv, 0, 'write'), false);
    const r3 = element(model(`store kv { replicas 3; replication leaderless; write-quorum 1; read-quorum 3; sloppy-quorum }`), 'kv');
    assert.equal(canServe(r3, 2, 'read'), false, 'reads are never sloppy');
  });

  it('undeclared quorums are a majority of N', () => {
    const kv = element(model(`store kv { replicas 5; replication leaderless }`), 'kv');
    assert.deepEqual([requirement(kv, 'write').need, requirement(kv, 'read').need], [3, 3]);
    assert.equal(requirement(kv, 'write').label, 'W=3 (default)');
  });
});

describe('leader-follower stores with sync-followers, losing one of three zones', () => {
  const store = (sync: number, more = 'failover automatic; election bully; fencing') =>
    region + `store db { replicas 3; zones a, b, c; replication leader-follower; sync-followers ${sync}; ${more} }`;
  const table: [sync: number, writeNeed: number, writesAfterLoss: boolean][] = [
    [0, 1, true],
    [1, 2, true],
    [2, 3, false],
  ];
  for (const [sync, need, writes] of table) {
    it(`sync-followers ${sync}: writes need ${need}; after a zone loss writes ${writes ? 'go on' : 'stop'}, reads go on`, () => {
      const db = element(model(store(sync)), 'db');
      assert.equal(requirement(db, 'write').need, need);
      for (const zone of ['a', 'b', 'c']) assert.deepEqual(afterLoss(store(sync), 'db', zone), { read: true, write: writes, down: !writes });
    });
  }

  it('without automatic failover the leader may be in the lost zone (worst case): writes and leader reads stop, follower reads go on', () => {
    const code = store(1, 'failover manual');
    const m = model(code);
    const o = zoneLossOutcome(element(m, 'db'), 'a', m);
    assert.deepEqual([o.write.ok, o.read.ok, o.followerRead.ok, o.write.cause], [false, false, true, 'leader']);
    // The simulator knows the leader: with it alive the store serves.
    const db = element(m, 'db');
    assert.equal(canServe(db, new Set([1, 2]), 'write', { leader: 1 }), true);
    assert.equal(canServe(db, new Set([1, 2]), 'write', { leader: 0 }), false);
    assert.equal(canServe(db, new Set([1, 2]), 'write'), false, 'leader unknown: worst case');
  });

  it('coordinator-chosen failover: a dead leader is replaced while the coordinator serves', () => {
    const code =
      region +
      `cluster etcd { replicas 3; zones a, a, b; consensus raft }\n` +
      `store db { replicas 3; zones a, b, c; replication leader-follower; sync-followers 1; failover automatic; coordinator etcd; fencing }`;
    const m = model(code);
    const db = element(m, 'db');
    assert.equal(zoneLossOutcome(db, 'b', m).down, false, 'etcd keeps 2 of 3 when b is lost');
    const o = zoneLossOutcome(db, 'a', m);
    assert.deepEqual([o.down, o.write.cause], [true, 'coordinator'], 'etcd loses its majority with a: nobody chooses a new leader');
    assert.equal(zoneLossOutcome(db, 'a').down, false, 'without the model the coordinator is assumed up');
    assert.equal(serveVerdict(db, { live: 2, leaderAlive: false, coordinatorUp: false }, 'write').cause, 'coordinator');
  });

  it('a raft-elected store needs a majority and the leader plus its sync followers', () => {
    const db = element(model(`store db { replicas 3; replication leader-follower; sync-followers 2; failover automatic; election raft; fencing }`), 'db');
    assert.equal(requirement(db, 'write').need, 3);
    assert.equal(requirement(db, 'read').need, 2);
    assert.equal(requirement(db, 'read', { from: 'followers' }).need, 1);
  });
});

describe('consensus groups and zones', () => {
  it('5 members over 2 zones (3 + 2): losing the 3-zone leaves 2 < 3 (down), losing the 2-zone leaves 3 (serves)', () => {
    const code = region + `cluster etcd { replicas 5; zones a, b, a, b, a; consensus raft }`;
    const m = model(code);
    const etcd = element(m, 'etcd');
    assert.deepEqual([...replicasPerZone(etcd)], [['a', 3], ['b', 2]]);
    assert.deepEqual(afterLoss(code, 'etcd', 'a'), { read: false, write: false, down: true });
    assert.deepEqual(afterLoss(code, 'etcd', 'b'), { read: true, write: true, down: false });
    const worst = worstZoneLoss(etcd, m)!;
    assert.deepEqual([worst.zone, worst.live, worst.reason], ['a', 2, '2/5 live, below the majority of 3']);
  });

  it('a cluster that declares no protocol runs one; `consensus none` does not', () => {
    const m = model(region + `cluster zk { replicas 3; zones a, a, b }\ncluster plain { replicas 3; zones a, a, b; consensus none }`);
    assert.equal(zoneLossOutcome(element(m, 'zk'), 'a', m).down, true);
    assert.equal(zoneLossOutcome(element(m, 'plain'), 'a', m).down, false);
  });
});

describe('elements without zones', () => {
  it('are assumed to lose every replica with any zone (worst case)', () => {
    const m = model(region + `service api { replicas 3 }\ncluster etcd { replicas 5; consensus raft }`);
    for (const name of ['api', 'etcd']) {
      const o = zoneLossOutcome(element(m, name), 'b', m);
      assert.deepEqual([o.down, o.unplaced, o.live, o.lost], [true, true, 0, name === 'api' ? 3 : 5]);
    }
    assert.equal(worstZoneLoss(element(m, 'api'), m), undefined, 'no zone of its own to name');
  });

  it('an element in other zones is untouched', () => {
    const m = model(region + `service api { replicas 3; zones a, b }`);
    const o = zoneLossOutcome(element(m, 'api'), 'c', m);
    assert.deepEqual([o.down, o.live, o.lost], [false, 3, 0]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// SPEC §5.1 review-depth vocabulary

describe('election-quorum: who can elect (SPEC §5.1)', () => {
  const lf = (more: string) => `store db { replicas 3; zones a, b, c; replication leader-follower; failover automatic; fencing; ${more} }`;
  const table: [name: string, code: string, votes: number | undefined, declared: boolean, rule: 'majority' | 'quorum' | undefined][] = [
    ['raft, undeclared: the majority', `store db { replicas 5; election raft }`, 3, false, 'majority'],
    ['raft, declared above the majority', `store db { replicas 5; election raft; election-quorum 4 }`, 4, true, 'majority'],
    ['a cluster with consensus (undeclared protocol)', `cluster zk { replicas 3 }`, 2, false, 'majority'],
    ['a cluster with `consensus none` elects nobody', `cluster c { replicas 3; consensus none }`, undefined, false, undefined],
    ['bully, undeclared: 1 (a node that sees no higher node elects itself)', lf('election bully'), 1, false, 'quorum'],
    ['bully, declared 2', lf('election bully; election-quorum 2'), 2, true, 'quorum'],
    ['naive failover (no election): 1', lf(''), 1, false, 'quorum'],
    ['`election none` with automatic failover: naive, 1', lf('election none'), 1, false, 'quorum'],
    ['a coordinator chooses: no election', `cluster etcd { replicas 3 }\n` + lf('coordinator etcd'), undefined, false, undefined],
    ['manual failover, no election: nobody elects', `store db { replicas 3; replication leader-follower; failover manual }`, undefined, false, undefined],
    ['a queue electing by zab', `queue q { replicas 3; replication leader-follower; election zab }`, 2, false, 'majority'],
    ['a queue with bully', `queue q { replicas 3; replication leader-follower; failover automatic; election bully; fencing }`, 1, false, 'quorum'],
  ];
  for (const [name, code, votes, declared, rule] of table) {
    it(name, () => {
      const m = model(region + code);
      const e = [...m.elements.values()].find((x) => x.kind !== 'region' && x.name !== 'etcd')!;
      const q = electionQuorum(e);
      assert.deepEqual(q && { votes: q.votes, declared: q.declared, rule: q.rule }, votes === undefined ? undefined : { votes, declared, rule });
    });
  }

  it('bully with quorum 1: any live node elects itself — one survivor still takes writes after the leader dies', () => {
    const db = element(model(region + lf('election bully')), 'db');
    assert.equal(canServe(db, { live: 1, leaderAlive: false }, 'write'), true);
    assert.equal(opFailuresTolerated(db, 'write'), 2);
  });

  it('bully with quorum 2: a lone survivor cannot elect itself; two can', () => {
    const db = element(model(region + lf('election bully; election-quorum 2')), 'db');
    const lone = serveVerdict(db, { live: 1, leaderAlive: false }, 'write');
    assert.deepEqual([lone.ok, lone.cause, lone.need], [false, 'election', 2]);
    assert.equal(canServe(db, { live: 2, leaderAlive: false }, 'write'), true);
    assert.equal(canServe(db, { live: 1, leaderAlive: true }, 'write'), true, 'a live leader needs no election');
    assert.equal(opFailuresTolerated(db, 'write'), 1);
  });

  it('raft with election-quorum above the majority: the leader keeps serving with a majority, a new one needs the quorum', () => {
    const m = model(region + `cluster etcd { replicas 5; zones a, b, c, a, b; consensus raft; election-quorum 4 }`);
    const etcd = element(m, 'etcd');
    assert.equal(requirement(etcd, 'write').need, 3);
    assert.equal(requirement(etcd, 'write').elect, 4);
    assert.equal(canServe(etcd, new Set([0, 1, 2]), 'write', { leader: 0 }), true);
    assert.equal(serveVerdict(etcd, new Set([1, 2, 3]), 'write', { leader: 0 }).cause, 'election');
    // Losing zone a (2 members) leaves 3: a majority, but the election quorum of 4 is out of reach.
    const o = zoneLossOutcome(etcd, 'a', m);
    assert.deepEqual([o.down, o.write.cause, o.write.need], [true, 'election', 4]);
    assert.match(o.reason!, /3\/5 live, below the election quorum of 4/);
  });
});

describe('failover-scope: where a new leader may come from (SPEC §5.1)', () => {
  const regions = `region east { zones e1, e2 }\nregion west { zones w1 }\n`;
  const db = (scope: string) => regions + `store db { replicas 3; zones e1, e2, w1; replication leader-follower; failover automatic; election bully; fencing; failover-scope ${scope} }`;
  it('any (default): a survivor anywhere takes over', () => {
    const m = model(regions + `store db { replicas 3; zones e1, e2, w1; replication leader-follower; failover automatic; election bully; fencing }`);
    assert.equal(element(m, 'db').kind === 'store' && (m.elements.get('db') as { failoverScope: string }).failoverScope, 'any');
    assert.equal(zoneLossOutcome(element(m, 'db'), 'w1', m).down, false);
  });
  it('region: losing the only zone of a region leaves no candidate in it', () => {
    const m = model(db('region'));
    const o = zoneLossOutcome(element(m, 'db'), 'w1', m);
    assert.deepEqual([o.down, o.write.cause], [true, 'scope']);
    assert.match(o.reason!, /failover-scope lets no surviving replica take over/);
    assert.equal(zoneLossOutcome(element(m, 'db'), 'e1', m).down, false, 'e2 is in the same region as e1');
  });
  it('zone: a zone loss always takes the candidates with the leader', () => {
    const m = model(db('zone'));
    for (const z of ['e1', 'e2', 'w1']) assert.equal(zoneLossOutcome(element(m, 'db'), z, m).write.cause, 'scope', z);
    const o = zoneLossOutcome(element(m, 'db'), 'e1', m);
    assert.equal(o.followerRead.ok, true, 'follower reads need no leader');
  });
});

describe('queues replicate like leader-follower stores (SPEC §5.1)', () => {
  it('same defaults, same requirements', () => {
    const m = model(region + `queue q { replicas 3; zones a, b, c; replication leader-follower; sync-followers 2; failover automatic; election bully; fencing }`);
    const q = m.elements.get('q')!;
    assert.ok(q.kind === 'queue');
    assert.deepEqual([q.syncFollowers, q.promote, q.failoverScope, q.fencing, isLeaderFollower(q), isConsensusGroup(q)], [2, 'in-sync', 'any', true, true, false]);
    assert.equal(requirement(element(m, 'q'), 'write').need, 3);
    assert.equal(zoneLossOutcome(element(m, 'q'), 'a', m).write.cause, 'quorum');
  });
  it('a queue without replication keeps today\'s meaning: one live replica', () => {
    const m = model(region + `queue q { replicas 3; zones a, b, c }`);
    const q = m.elements.get('q')!;
    assert.ok(q.kind === 'queue');
    assert.deepEqual([q.syncFollowers, q.promote, q.replication], [DEFAULTS.syncFollowers, 'any', undefined]);
    assert.equal(requirement(element(m, 'q'), 'write').need, 1);
  });
  it('promote defaults: in-sync with sync followers or on a consensus group, else any', () => {
    const m = model(`store a { replicas 3; replication leader-follower }\nstore b { replicas 3; replication leader-follower; sync-followers 1 }\nstore c { replicas 3; election raft }\ncluster d { replicas 3 }\ncluster e { replicas 3; consensus none }\nstore f { replicas 3; replication leader-follower; sync-followers 1; promote any }`);
    const promote = (n: string) => (m.elements.get(n) as { promote: string }).promote;
    assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f'].map(promote), ['any', 'in-sync', 'in-sync', 'in-sync', 'any', 'any']);
  });
});

describe('read-index reads (SPEC §5.1)', () => {
  it('need what a leader read needs', () => {
    const etcd = element(model(`cluster etcd { replicas 5; consensus raft }`), 'etcd');
    assert.equal(requirement(etcd, 'read', { from: 'followers' }).need, 1);
    assert.equal(requirement(etcd, 'read', { from: 'followers', readIndex: true }).need, 3);
  });
});

describe('runsElection (SPEC §5.2 election/timeout-vs-latency)', () => {
  const table: [code: string, runs: boolean][] = [
    [`cluster zk { replicas 3 }`, true],
    [`cluster zk { replicas 3; consensus none }`, false],
    [`store db { replicas 3; election raft }`, true],
    [`store db { replicas 3; replication leader-follower; failover automatic; election bully; fencing }`, true],
    [`store db { replicas 3; replication leader-follower; failover automatic; fencing }`, false],
    [`cluster zk { replicas 3 }\nstore db { replicas 3; replication leader-follower; failover automatic; election bully; coordinator zk; fencing }`, false],
    [`cluster zk { replicas 3 }\nstore db { replicas 3; election raft; failover automatic; coordinator zk }`, true],
  ];
  for (const [code, runs] of table) {
    it(`${code.split('\n').pop()} → ${runs}`, () => {
      const m = model(code);
      assert.equal(runsElection(m.elements.get(m.elements.has('db') ? 'db' : 'zk')!), runs);
    });
  }
});

describe('entry points with clients (SPEC §5.1)', () => {
  it('are what clients call, plus gateways and `entry` elements; clients are not entry points', () => {
    const m = model(`client web { call api }\nservice api { call inner }\nservice inner {}\nservice admin { entry }\ngateway gw { routes inner }`);
    assert.deepEqual(entryPointNames(m), ['api', 'admin', 'gw']);
  });
  it('without clients, gateways or `entry`, every service is one', () => {
    assert.deepEqual(entryPointNames(model(`service a { call b }\nservice b {}`)), ['a', 'b']);
  });
  it('clients are never deployed: no placement, never lost with a zone', () => {
    const m = model(region + `client web { instances 1000; load 50; call api }\nservice api { replicas 2; zones a, b }`);
    const web = m.elements.get('web')!;
    assert.ok(web.kind === 'client' && !('placement' in web));
    assert.deepEqual([web.instances, web.load, web.calls.length], [1000, 50, 1]);
  });
});
