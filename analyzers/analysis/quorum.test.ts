import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../language/model/build';
import { opFailuresTolerated } from '../../language/model/semantics';
import { isConsensusGroup, leaderlessQuorums, quorumMath } from './quorum';

function math(code: string, name: string) {
  const model = buildModelFromText(code);
  const e = model.elements.get(name);
  assert.ok(e && (e.kind === 'store' || e.kind === 'cluster'));
  return quorumMath(model, e);
}

const region = `region r { zones a, b, c }\n`;

describe('quorumMath', () => {
  it('a 5-member raft cluster over 3 zones: majority 3, tolerates 2, survives any zone', () => {
    const q = math(region + `cluster etcd { replicas 5; zones a, b, c; consensus raft }`, 'etcd');
    assert.equal(q.n, 5);
    assert.equal(q.majority, 3);
    assert.equal(q.writeFailuresTolerated, 2);
    assert.equal(q.readFailuresTolerated, 2);
    assert.equal(q.overlap, true);
    assert.deepEqual(q.perZone, [{ zone: 'a', replicas: 2 }, { zone: 'b', replicas: 2 }, { zone: 'c', replicas: 1 }]);
    assert.equal(q.zoneLossSurvivable, true);
  });

  it('leaderless N=3 W=2 R=1: no overlap; writes survive 1 failure, reads 2', () => {
    const q = math(`store kv { replicas 3; replication leaderless; write-quorum 2; read-quorum 1 }`, 'kv');
    assert.deepEqual([q.w, q.r, q.overlap], [2, 1, false]);
    assert.equal(q.writeFailuresTolerated, 1);
    assert.equal(q.readFailuresTolerated, 2);
    assert.equal(q.zoneLossSurvivable, undefined);
  });

  it('undeclared leaderless quorums default to a majority of N (the one default every analysis uses)', () => {
    const q = math(region + `store kv { replicas 5; zones a, b, c; replication leaderless }`, 'kv');
    assert.deepEqual([q.w, q.r, q.wDefault, q.rDefault, q.overlap], [3, 3, true, true, true]);
    assert.equal(q.writeFailuresTolerated, 2, 'W=3 of 5, not the old best case W=1');
    assert.equal(q.readFailuresTolerated, 2);
    const half = math(`store kv { replicas 3; replication leaderless; write-quorum 1 }`, 'kv');
    assert.deepEqual([half.w, half.r, half.wDefault, half.rDefault, half.overlap], [1, 2, false, true, false]);
    assert.deepEqual(leaderlessQuorums({ replicas: 4, writeQuorum: undefined, readQuorum: 4 }), { w: 3, r: 4, wDefault: true, rDefault: false });
  });

  it('sloppy quorums do not overlap even when W+R > N', () => {
    assert.equal(math(`store kv { replicas 3; replication leaderless; write-quorum 2; read-quorum 2; sloppy-quorum }`, 'kv').overlap, false);
  });

  it('a 3-member group in two zones does not survive losing the zone with 2', () => {
    const q = math(region + `cluster zk { replicas 3; zones a, b; consensus zab }`, 'zk');
    assert.equal(q.zoneLossSurvivable, false);
    assert.deepEqual(q.worstZone, { zone: 'a', replicas: 2, live: 1, needed: 2 });
  });

  it('leader-follower: writes need the leader and its sync followers, only with automatic failover', () => {
    const auto = math(`store db { replicas 3; replication leader-follower; sync-followers 1; failover automatic; election bully; fencing }`, 'db');
    assert.equal(auto.w, 2);
    assert.equal(auto.writeFailuresTolerated, 1);
    const manual = math(`store db { replicas 3; replication leader-follower; failover manual }`, 'db');
    assert.equal(manual.writeFailuresTolerated, 0);
    // Reads default to the leader (semantics.ts): with nobody to replace it, any failure may be the leader's.
    // Reads from followers still survive 2 failures.
    assert.equal(manual.readFailuresTolerated, 0);
    const model = buildModelFromText(`store db { replicas 3; replication leader-follower; failover manual }`);
    const db = model.elements.get('db')!;
    assert.ok(db.kind === 'store');
    assert.equal(opFailuresTolerated(db, 'read', { from: 'followers' }), 2);
  });

  it('consensus groups', () => {
    const model = buildModelFromText(`cluster a { consensus none }\ncluster b { consensus raft }\nstore c { election bully }\nstore d { election paxos }`);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((n) => isConsensusGroup(model.elements.get(n)!)), [false, true, false, true]);
  });
});
