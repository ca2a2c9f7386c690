import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../language/model/build';
import { worstZoneLoss, zoneLossOutcome, zoneLossOutcomes } from '../../language/model/semantics';
import { isDeployable } from '../../language/model/topology';
import type { Deployable, Store } from '../../language/model/types';
import { loadAnalysis } from './load';
import { quorumMath } from './quorum';
import { zoneLoss } from './zone-loss';

const region = `region us-east { zones a, b, c }\n`;

describe('zoneLoss', () => {
  it('a service entirely in the lost zone is down, and the gateway routing to it is affected', () => {
    const m = buildModelFromText(
      region + `gateway edge { replicas 2; zones a, b; routes api }\nservice api { replicas 3; zones a }\n`,
    );
    const r = zoneLoss(m, 'a');
    assert.deepEqual(r.down, [{ element: 'api', reason: '3/3 replicas in a', liveReplicas: 0, totalReplicas: 3 }]);
    assert.deepEqual(r.affectedEntryPoints, [{ entry: 'edge', via: ['edge', 'api'] }]);
    assert.deepEqual(zoneLoss(m, 'b').down, []);
  });

  it('a cluster that declares no consensus protocol is a consensus group (as for the quorum rules)', () => {
    const m = buildModelFromText(region + `cluster zk { replicas 3; zones a, a, b }\ncluster plain { replicas 3; zones a, a, b; consensus none }\n`);
    assert.deepEqual(zoneLoss(m, 'a').down.map((d) => [d.element, d.reason]), [['zk', '1/3 live, below the majority of 2']]);
  });

  it('a consensus store loses its majority when 2 of 3 members share the zone', () => {
    const m = buildModelFromText(
      region +
        `gateway edge { replicas 3; zones a, b, c; routes api }\nservice api { replicas 3; zones a, b, c; writes db }\n` +
        `store db { replicas 3; zones a, a, b; election raft; replication leader-follower }\n`,
    );
    const r = zoneLoss(m, 'a');
    assert.equal(r.down[0]?.reason, '1/3 live, below the majority of 2');
    assert.deepEqual(r.affectedEntryPoints, [{ entry: 'edge', via: ['edge', 'api', 'db'] }]);
    assert.deepEqual(zoneLoss(m, 'b').down, [], 'losing the zone of 1 member leaves a majority');
  });

  it('a leaderless store is down when live replicas fall below W', () => {
    const m = buildModelFromText(
      region + `store kv { replicas 3; zones a, a, b; replication leaderless; write-quorum 2; read-quorum 1 }\n`,
    );
    assert.equal(zoneLoss(m, 'a').down[0]?.reason, '1/3 live, below W=2');
  });

  it('a leaderless store without declared quorums needs the default majority, said so', () => {
    const m = buildModelFromText(region + `store kv { replicas 3; zones a, a, b; replication leaderless }\n`);
    assert.equal(zoneLoss(m, 'a').down[0]?.reason, '1/3 live, below W=2 (default)');
  });

  it('cycles terminate', () => {
    const m = buildModelFromText(
      region + `gateway edge { replicas 3; zones a, b, c; routes a1 }\nservice a1 { replicas 3; zones a, b, c; call b1 }\nservice b1 { replicas 3; zones a, b, c; call a1 }\n`,
    );
    const r = zoneLoss(m, 'a');
    assert.deepEqual(r.down, []);
    assert.deepEqual(r.affectedEntryPoints, []);
  });

  it('an element without zones may have every replica in the lost zone: down on any zone loss (worst case)', () => {
    const m = buildModelFromText(region + `gateway edge { replicas 3; zones a, b, c; routes api }\nservice api { replicas 2 }\n`);
    for (const zone of ['a', 'b', 'c']) {
      const r = zoneLoss(m, zone);
      assert.deepEqual(r.down, [{ element: 'api', reason: `declares no zones: all 2 replicas may be in ${zone}`, liveReplicas: 0, totalReplicas: 2, unplaced: true }]);
      assert.deepEqual(r.affectedEntryPoints, [{ entry: 'edge', via: ['edge', 'api'] }]);
    }
  });

  it('a read from followers survives the loss of a leader nobody replaces; a write does not', () => {
    const m = buildModelFromText(
      region +
        `gateway edge { replicas 3; zones a, b, c; routes reader, writer }\n` +
        `service reader { replicas 3; zones a, b, c; reads db { from followers } }\n` +
        `service writer { replicas 3; zones a, b, c; writes db }\n` +
        `store db { replicas 3; zones a, b, c; replication leader-follower; failover manual }\n`,
    );
    const r = zoneLoss(m, 'a');
    assert.deepEqual(r.down.map((d) => [d.element, d.reason]), [['db', 'the leader may be in a and nobody takes over (failover is not automatic)']]);
    assert.deepEqual(r.affectedEntryPoints, [{ entry: 'edge', via: ['edge', 'writer', 'db'] }]);
  });

  it('an entry point that is itself down is affected via itself only', () => {
    const m = buildModelFromText(region + `gateway edge { zones b; routes api }\nservice api { zones a }\n`);
    assert.deepEqual(zoneLoss(m, 'b').affectedEntryPoints, [{ entry: 'edge', via: ['edge'] }]);
  });

  it('of equally short paths, takes the one whose first differing edge comes first in the element', () => {
    const m = buildModelFromText(
      region +
        `service front { replicas 3; zones a, b, c; entry; call zeta; call alpha }\n` +
        `service alpha { replicas 3; zones a, b, c; writes db }\nservice zeta { replicas 3; zones a, b, c; writes db }\n` +
        `store db { replicas 3; zones a, a, b; election raft }\n`,
    );
    assert.deepEqual(zoneLoss(m, 'a').affectedEntryPoints, [{ entry: 'front', via: ['front', 'zeta', 'db'] }]);
  });

  it('a read from followers of a store whose leader is lost does not fail; a shorter path wins over an earlier edge', () => {
    const m = buildModelFromText(
      region +
        `service front { replicas 3; zones a, b, c; entry; reads db { from followers }; call mid; call near }\n` +
        `service mid { replicas 3; zones a, b, c; call far }\nservice far { replicas 3; zones a, b, c; writes db }\n` +
        `service near { replicas 3; zones a, b, c; writes db }\n` +
        `store db { replicas 3; zones a, b, c; replication leader-follower; failover manual }\n`,
    );
    assert.deepEqual(zoneLoss(m, 'a').affectedEntryPoints, [{ entry: 'front', via: ['front', 'near', 'db'] }]);
  });

  it('every service an entry point: each one its own path along a long chain (one walk per zone, not per entry)', () => {
    const n = 1000;
    const chain = Array.from({ length: n }, (_, i) => `service s${i} { replicas 3; zones a, b, c; call s${i + 1} }\n`).join('');
    const m = buildModelFromText(region + chain + `service s${n} { replicas 3; zones a }\n`);
    const r = zoneLoss(m, 'a');
    assert.equal(r.stopped, undefined);
    assert.equal(r.affectedEntryPoints.length, n + 1);
    assert.deepEqual(r.affectedEntryPoints[n - 2], { entry: `s${n - 2}`, via: [`s${n - 2}`, `s${n - 1}`, `s${n}`] });
    assert.equal(r.affectedEntryPoints[0]!.via.length, n + 1);
    assert.deepEqual(r.affectedEntryPoints[n], { entry: `s${n}`, via: [`s${n}`] });
  });

  it('stops at the step budget of the file (all zones together) and says so', () => {
    const chain = Array.from({ length: 100 }, (_, i) => `service s${i} { replicas 3; zones a, b, c; call s${i + 1} }\n`).join('');
    const m = buildModelFromText(region + chain + `service s100 { replicas 3 }\n`);
    // Each zone prints 101 paths of 1 to 101 names (about 5,200 steps) on top of its walk.
    const whole = zoneLoss(m, 'b');
    assert.equal(whole.stopped, undefined);
    assert.equal(whole.affectedEntryPoints.length, 101);
    const cut = zoneLoss(m, 'a', { budget: 3000 });
    assert.deepEqual(cut.stopped, { steps: 3000 });
    assert.ok(cut.affectedEntryPoints.length > 0 && cut.affectedEntryPoints.length < 101, 'the paths that fit are kept');
    assert.deepEqual(cut.affectedEntryPoints, zoneLoss(m, 'a').affectedEntryPoints.slice(0, cut.affectedEntryPoints.length));
    // Zones are taken in code-point order under one budget: `a` spent it, so `b` and `c` stop at once.
    assert.deepEqual(zoneLoss(m, 'b', { budget: 3000 }).stopped, { steps: 3000 });
    assert.deepEqual(zoneLoss(m, 'c', { budget: 3000 }).affectedEntryPoints, []);
    assert.equal(zoneLoss(m, 'c', { budget: 20_000 }).stopped, undefined, 'three zones fit in 20,000 steps');
  });
});

describe('zoneLoss with clients and read-index reads (SPEC §5.1)', () => {
  it('a client is never down nor an affected entry point; what it calls is', () => {
    const m = buildModelFromText(region + `client web { call api { timeout 1s } }\nservice api { replicas 2; zones a, a }\n`);
    const r = zoneLoss(m, 'a');
    assert.deepEqual(r.down.map((d) => d.element), ['api']);
    assert.deepEqual(r.affectedEntryPoints, [{ entry: 'api', via: ['api'] }]);
  });
  it('a read-index read needs the majority a leader read needs; a plain follower read does not', () => {
    const m = buildModelFromText(
      region +
        `cluster cfg { replicas 3; zones a, a, b; consensus raft }\nservice plain { entry; replicas 3; zones a, b, c; reads cfg { from followers } }\nservice strict { entry; replicas 3; zones a, b, c; reads cfg { from followers; read-index } }\n`,
    );
    assert.deepEqual(zoneLoss(m, 'a').affectedEntryPoints.map((x) => x.entry), ['strict']);
  });
});

describe('the zone-loss table (one per model, shared)', () => {
  const text =
    region +
    `gateway edge { replicas 3; zones a, b, c; routes api; capacity 100 }\nservice api { replicas 3; zones a, b, c; writes db; reads kv; capacity 50 }\n` +
    `cluster etcd { replicas 3; zones a, a, b }\n` +
    `store db { replicas 3; zones a, b, c; replication leader-follower; sync-followers 1; failover automatic; coordinator etcd; fencing }\n` +
    `store kv { replicas 3; zones a, a, b; replication leaderless }\nservice lone { replicas 2; capacity 10 }\n`;

  it('answers each (element, zone) once: the rules, the view and the quorum math get the same outcome', () => {
    const m = buildModelFromText(text);
    const db = m.elements.get('db') as Deployable;
    const kv = m.elements.get('kv') as Store;
    const o = zoneLossOutcome(db, 'a', m);
    assert.equal(zoneLossOutcome(db, 'a', m), o, 'the same object, not a recomputation');
    assert.deepEqual([o.down, o.write.cause], [true, 'coordinator'], 'etcd loses its majority with a');
    assert.deepEqual(zoneLossOutcomes(db, m), ['a', 'b', 'c'].map((z) => zoneLossOutcome(db, z, m)));
    assert.equal(zoneLossOutcomes(db, m)[0], o);
    const q = quorumMath(m, kv);
    assert.equal(quorumMath(m, kv), q, 'quorum math once per element and model');
    assert.equal(q.zoneLosses[0], zoneLossOutcome(kv, 'a', m));
    assert.equal(q.worstOutcome, worstZoneLoss(kv, m));
    assert.deepEqual(zoneLoss(m, 'a').down.map((d) => [d.element, d.reason]), [
      ['etcd', '1/3 live, below the majority of 2'],
      ['db', o.reason],
      ['kv', zoneLossOutcome(kv, 'a', m).reason],
      ['lone', zoneLossOutcome(m.elements.get('lone') as Deployable, 'a', m).reason],
    ]);
  });

  it('gives what a fresh computation gives, and a new model starts a new table', () => {
    const m = buildModelFromText(text);
    const again = buildModelFromText(text);
    for (const e of m.elements.values()) {
      if (!isDeployable(e)) continue;
      for (const zone of ['a', 'b', 'c', 'elsewhere']) {
        const o = zoneLossOutcome(e, zone, m);
        const fresh = zoneLossOutcome(again.elements.get(e.name) as Deployable, zone, again);
        assert.notEqual(fresh, o);
        assert.deepEqual(fresh, o, `${e.name} losing ${zone}`);
        // Without the model only the coordinator is assumed up: everything else is the same verdict.
        if (e.name !== 'db') assert.deepEqual(zoneLossOutcome(e, zone), o, `${e.name} losing ${zone}, no model`);
      }
    }
  });

  it('capacity after a zone loss counts the survivors the table counts (unplaced: none)', () => {
    const m = buildModelFromText(text);
    const load = loadAnalysis(m);
    for (const name of ['edge', 'api', 'lone']) {
      const e = m.elements.get(name) as Deployable;
      for (const zone of ['a', 'b', 'elsewhere']) assert.equal(load.capacityAfterLosing(name, zone), zoneLossOutcome(e, zone, m).live * e.capacity!, `${name} ${zone}`);
    }
    assert.equal(load.capacityAfterLosing('lone', 'a'), 0);
    assert.equal(load.capacityAfterLosing('api', 'elsewhere'), 150);
  });

  it('a coordinator cycle (a schema error) gives the same verdicts whatever is asked first', () => {
    const cyclic =
      region +
      `store s1 { replicas 3; zones a, b, c; replication leader-follower; failover automatic; coordinator s2 }\n` +
      `store s2 { replicas 3; zones a, a, b; replication leader-follower; failover automatic; coordinator s1 }\n`;
    const verdicts = (order: string[]) => {
      const m = buildModelFromText(cyclic);
      const out = new Map<string, unknown>();
      for (const name of order) for (const zone of ['a', 'b', 'c']) out.set(`${name} ${zone}`, zoneLossOutcome(m.elements.get(name) as Deployable, zone, m));
      return [...out].sort(([x], [y]) => (x < y ? -1 : 1));
    };
    assert.deepEqual(verdicts(['s1', 's2']), verdicts(['s2', 's1']));
  });
});
