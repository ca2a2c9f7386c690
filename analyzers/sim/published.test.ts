import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failuresTolerated } from '../../language/model/semantics';
import { duration } from './format';
import { simulate, sweep } from './run';
import { summary } from './stats';
import { crash, heal, leaderWithin, modelOf, noLostWrites, noSplitBrain, partition, scenarioOf, seeds, type FaultSpec } from './test-kit';

/*
 * The simulator against results people know. Each test prints its numbers (console.log) so a change in the engine
 * shows as a change in them, not only as a pass or a fail.
 */

function raftGroup(replicas: number, electionTimeout = '150ms..300ms'): string {
  return `region r { zones a, b, c }
store db { replicas ${replicas}; zones a, b, c; replication leader-follower; failover automatic; election raft; fencing; heartbeat 50ms; election-timeout ${electionTimeout} }`;
}

describe('published results', () => {
  it('Raft §9.3 (Ongaro & Ousterhout, Figure 16): randomized timeouts elect in a few hundred ms; 150–150ms splits votes for far longer', () => {
    const SEEDS = 30;
    const CRASH = 1_000;
    const failover = (timeout: string) => {
      const m = modelOf(raftGroup(5, timeout));
      const s = scenarioOf(m, { target: 'db', durationMs: 11_000, load: 5, faults: [crash(CRASH, 'leader')] });
      return seeds(SEEDS).map((seed) => {
        const o = simulate(m, s, { seed, trace: false }).outages.find((x) => x.startMs === CRASH);
        assert.ok(o, `seed ${seed}: the crash left the group without a leader`);
        return { ms: o.endMs - o.startMs, open: o.open };
      });
    };
    const show = (name: string, runs: { ms: number; open: boolean }[]) => {
      const s = summary(runs.map((r) => r.ms));
      const open = runs.filter((r) => r.open).length;
      console.log(`  raft 5 servers, election timeout ${name}: failover p50 ${duration(s.p50)}, p99 ${duration(s.p99)}, max ${duration(s.max)}${open ? ` (${open}/${runs.length} seeds elected no leader in the 10s after the crash)` : ''}`);
      return s;
    };
    const randomized = show('150–300ms', failover('150ms..300ms'));
    const little = show('150–155ms', failover('150ms..155ms'));
    const fixed = show('150–150ms', failover('150ms..150ms'));
    assert.ok(randomized.max < 600, `150–300ms: every election within a few hundred ms (max ${duration(randomized.max)})`);
    assert.ok(little.p50 < 600, '5ms of randomness already settles most elections quickly (the paper’s point)');
    assert.ok(fixed.p50 >= 10 * randomized.p50, `150–150ms: median ${duration(fixed.p50)} vs ${duration(randomized.p50)}`);
  });

  it('majorities: a 3-node group survives 1 crash, not 2; a 5-node group survives 2, not 3', () => {
    for (const n of [3, 5]) {
      const f = failuresTolerated(n);
      const m = modelOf(raftGroup(n));
      const crashes = (k: number): FaultSpec[] => Array.from({ length: k }, (_, i) => crash(1_000 + 500 * i, 'leader'));
      for (const k of [f, f + 1]) {
        const last = 1_000 + 500 * (k - 1);
        const runs = seeds(5).map((seed) => simulate(m, scenarioOf(m, { target: 'db', durationMs: last + 2_000, load: 20, faults: crashes(k), expect: [noSplitBrain, noLostWrites] }), { seed }));
        const led = runs.filter((r) => !r.outages.some((o) => o.open));
        const leadersAfter = runs.map((r) => r.trace.filter((l) => / became leader /.test(l) && Number(/^t=([\d.]+)s/.exec(l)![1]) * 1000 > last).length);
        console.log(`  raft ${n} nodes, ${k} leader crash${k === 1 ? '' : 'es'}: a leader after the last crash in ${led.length}/5 seeds`);
        for (const r of runs) assert.ok(r.expectations.every((x) => x.passed), r.expectations.map((x) => x.detail).join('; '));
        if (k === f) assert.equal(led.length, 5, `${n} nodes survive ${f} crashes`);
        else {
          assert.equal(led.length, 0, `${n} nodes do not survive ${k} crashes`);
          assert.deepEqual(leadersAfter, [0, 0, 0, 0, 0], 'no node ever becomes leader after the majority is gone');
        }
      }
    }
  });

  it('split brain: naive failover under a partition has two leaders taking writes; Raft does not', () => {
    const m = modelOf(`region r { zones a, b, c }
store naive { replicas 3; zones a, b, c; replication leader-follower; failover automatic; election none }
store raft { replicas 3; zones a, b, c; replication leader-follower; failover automatic; election raft; fencing }`);
    const run = (target: string) => sweep(m, scenarioOf(m, { target, durationMs: 6_000, faults: [partition(2_000, ['a'], ['b', 'c']), heal(4_000)], expect: [noSplitBrain, leaderWithin(1_000), noLostWrites] }), seeds(10));
    const naive = run('naive');
    const raft = run('raft');
    for (const [name, r] of [['naive failover', naive], ['raft', raft]] as const) {
      console.log(`  ${name}, partition a | b, c for 2s: ${r.expectations.map((x) => `${x.expect} ${x.passed ? 'holds' : `fails (${/fails in (\d+ of \d+)/.exec(x.detail)?.[1] ?? 'p99'} seeds)`}`).join(', ')}; lost writes ${r.metrics.lost_writes}`);
    }
    assert.equal(naive.expectations[0]!.passed, false);
    assert.match(naive.expectations[0]!.detail, /fails in 10 of 10 seeds$/);
    assert.deepEqual(raft.expectations.map((x) => x.passed), [true, true, true], raft.expectations.map((x) => x.detail).join('; '));
  });

  it('asynchronous leader-follower loses acknowledged writes when the leader crashes; sync-followers 1 keeps them', () => {
    const m = modelOf(`region r { zones a, b, c }
store async { replicas 3; zones a, b, c; replication leader-follower; sync-followers 0; failover automatic; election none }
store semisync { replicas 3; zones a, b, c; replication leader-follower; sync-followers 1; failover automatic; election none }`);
    const run = (target: string) => seeds(5).map((seed) => simulate(m, scenarioOf(m, { target, durationMs: 4_000, load: 200, faults: [crash(2_000, 'leader')], expect: [noLostWrites] }), { seed, trace: false }));
    const lost = (rs: ReturnType<typeof run>) => rs.map((r) => r.metrics.lostWrites);
    const a = run('async');
    const s = run('semisync');
    console.log(`  leader-follower, leader crash at 200 writes/s: sync-followers 0 lost ${lost(a).join(', ')} acknowledged writes (seeds 1–5); sync-followers 1 lost ${lost(s).join(', ')}`);
    assert.ok(lost(a).every((x) => x > 0), 'every async run loses what the leader acknowledged since its last heartbeat');
    assert.deepEqual(lost(s), [0, 0, 0, 0, 0]);
    assert.ok(s.every((r) => r.metrics.acknowledged > 0));
  });
});
