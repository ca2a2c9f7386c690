import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { HistoryRecord } from '../index';
import { mergeSeeds, simulate, sweep } from '../run';
import { crash, drop, heal, leaderWithin, loseZone, modelOf, noLostWrites, noSplitBrain, partition, pause, restart, scenarioOf, seeds, type ExpectSpec } from '../test-kit';
import { QuorumWorld } from './world';
import { planScenario } from '../plan';
import type { QuorumPlan } from './plan';

const stale = (percent: number): ExpectSpec => ({ kind: 'stale-reads-below', percent });

function store(name: string, n: number, w: number, r: number, extra = ''): string {
  return `store ${name} { replicas ${n}; zones a, b, c; replication leaderless; write-quorum ${w}; read-quorum ${r}; consistency eventual${extra} }`;
}

function planOf(text: string, target: string): QuorumPlan {
  const m = modelOf(text);
  const p = planScenario(m, scenarioOf(m, { target }));
  assert.ok(p.ok && 'quorum' in p, 'a leaderless store plans as quorum');
  return p.quorum;
}

/** Re-runs a seed for its history (the checkers' input), with tracing off. */
function historyOf(plan: QuorumPlan, faults: Parameters<typeof scenarioOf>[1]['faults'], seed: number, durationMs: number, load: number): HistoryRecord[] {
  const m = modelOf(`region r { zones a, b, c }`);
  const s = scenarioOf(m, { target: plan.target, faults: faults ?? [] });
  return new QuorumWorld({ protocol: plan.protocol, topology: plan.topology, crashedByZoneLoss: plan.crashedByZoneLoss, faults: s.faults, durationMs, settleMs: plan.settleMs, load, readRate: load, clientTimeoutMs: 1000, clientAttempts: 6, seed, limits: { maxEvents: 5e6, maxTimeMs: 1e9, maxWallMs: 1e9, checkEvery: 1024 }, trace: false }).run().history;
}

const FAULTS = [crash(1_000, 1), partition(2_000, ['a'], ['b', 'c']), heal(3_000), restart(3_500), pause(4_000, 2, 500), drop(4_500, 20)];

/** Every strict quorum of N ∈ {3, 5}: W + R > N, no sloppy quorum. Store `sN-W-R`. */
const STRICT_PAIRS: [number, number, number][] = [];
for (const n of [3, 5]) for (let w = 1; w <= n; w++) for (let r = n - w + 1; r <= n; r++) STRICT_PAIRS.push([n, w, r]);
const STRICT = modelOf(`region reg { zones a, b, c }\n${STRICT_PAIRS.map(([n, w, r]) => store(`s${n}-${w}-${r}`, n, w, r)).join('\n')}`);

const ZONES = ['a', 'b', 'c'];
const time = fc.integer({ min: 0, max: 2_900 });
const member = fc.integer({ min: 0, max: 2 });
const fault = fc.oneof(
  fc.tuple(time, member).map(([t, i]) => crash(t, i)),
  fc.tuple(time, fc.option(member, { nil: undefined })).map(([t, i]) => restart(t, i)),
  fc.tuple(time, fc.constantFrom(...ZONES)).map(([t, z]) => loseZone(t, z)),
  fc.tuple(time, fc.shuffledSubarray(ZONES, { minLength: 1, maxLength: 2 })).map(([t, side]) => partition(t, side, ZONES.filter((z) => !side.includes(z)))),
  time.map((t) => heal(t)),
  fc.tuple(time, member, fc.integer({ min: 1, max: 1_500 })).map(([t, i, d]) => pause(t, i, d)),
  fc.tuple(time, fc.integer({ min: 0, max: 60 })).map(([t, p]) => drop(t, p)),
);

describe('sim/quorum: leaderless reads and writes', () => {
  it('a strict quorum (W+R>N, no sloppy quorum) never returns a stale read, under crash, partition, pause and loss (N ∈ {3, 5}, every W, R)', () => {
    const lines: string[] = [];
    for (const [n, w, r] of STRICT_PAIRS) {
      const s = scenarioOf(STRICT, { target: `s${n}-${w}-${r}`, durationMs: 6_000, load: 100, faults: FAULTS, expect: [stale(0.0001)] });
      let counted = 0;
      for (const seed of seeds(3)) {
        const res = simulate(STRICT, s, { seed, trace: false });
        const reads = res.metrics.reads!;
        assert.equal(res.stoppedBy, 'done');
        assert.equal(reads.stale, 0, `N=${n} W=${w} R=${r} seed ${seed}: ${res.expectations[0]!.detail}`);
        assert.ok(reads.counted > 0, `N=${n} W=${w} R=${r} seed ${seed}: reads were judged`);
        assert.equal(res.expectations[0]!.passed, true);
        counted += reads.counted;
      }
      lines.push(`N=${n} W=${w} R=${r}: 0 of ${counted}`);
    }
    console.log(`  strict quorums, stale reads over 3 seeds each: ${lines.join('; ')}`);
  });

  it('property: a strict quorum returns no stale read under any schedule of faults (fast-check over N, W, R, faults, seed)', () => {
    let counted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...STRICT_PAIRS), fc.array(fault, { maxLength: 8 }), fc.integer({ min: 1, max: 1_000_000 }), ([n, w, r], faults, seed) => {
        const sorted = faults.slice().sort((x, y) => x.atMs - y.atMs);
        const res = simulate(STRICT, scenarioOf(STRICT, { target: `s${n}-${w}-${r}`, durationMs: 3_000, load: 100, faults: sorted, expect: [stale(0.0001)] }), { seed, trace: false });
        assert.equal(res.stoppedBy, 'done');
        assert.equal(res.metrics.reads!.stale, 0, `N=${n} W=${w} R=${r} seed ${seed}: ${res.expectations[0]!.detail}`);
        counted += res.metrics.reads!.counted;
      }),
      { numRuns: 60 },
    );
    console.log(`  strict quorums under random faults: 0 stale of ${counted} reads judged in 60 runs`);
  });

  it('a partial quorum (W+R ≤ N) does return stale reads, even without faults', () => {
    const m = modelOf(`region reg { zones a, b, c }\n${store('p', 3, 1, 1)}`);
    // Without faults a replica misses a write only for the millisecond or two it is on the wire: a read must fall in
    // that window to be stale, so the rate is small (PBS's finding) and needs a busy key space to show.
    const r = sweep(m, scenarioOf(m, { target: 'p', durationMs: 2_000, load: 2_000, expect: [stale(50)] }), seeds(3));
    console.log(`  N=3 W=1 R=1, no fault, 2000 writes/s and reads/s on 16 keys: stale_read_rate ${(r.metrics.stale_read_rate * 100).toFixed(2)}% (${r.expectations[0]!.detail})`);
    assert.ok(r.metrics.stale_read_rate > 0);
    assert.equal(r.expectations[0]!.passed, true, r.expectations[0]!.detail);
  });

  it('sloppy quorum: a partition makes the cut-off side acknowledge writes with hints, reads on the other side miss them, and the hints reach home after heal', () => {
    const m = modelOf(`region reg { zones a, b, c }\n${store('sloppy', 3, 2, 2, '; sloppy-quorum')}\n${store('strict', 3, 2, 2)}`);
    const faults = [partition(1_000, ['a'], ['b', 'c']), heal(3_000)];
    const run = (target: string) => seeds(3).map((seed) => simulate(m, scenarioOf(m, { target, durationMs: 5_000, load: 200, faults, expect: [stale(1)] }), { seed, trace: false }));
    const sloppy = run('sloppy');
    const strict = run('strict');
    const sum = (rs: typeof sloppy, f: (r: (typeof sloppy)[number]) => number) => rs.reduce((a, r) => a + f(r), 0);
    console.log(`  N=3 W=2 R=2, partition a | b, c for 2s: sloppy quorum ${sum(sloppy, (r) => r.metrics.hinted!)} writes acknowledged with hints, ${sum(sloppy, (r) => r.metrics.reads!.stale)} of ${sum(sloppy, (r) => r.metrics.reads!.counted)} reads stale, ${sum(sloppy, (r) => r.metrics.handoffs!)} hints handed off; strict ${sum(strict, (r) => r.metrics.reads!.stale)} of ${sum(strict, (r) => r.metrics.reads!.counted)} stale, ${sum(strict, (r) => r.metrics.acknowledged)}/${sum(strict, (r) => r.metrics.writes)} writes acknowledged`);
    for (const r of sloppy) {
      assert.ok(r.metrics.hinted! > 0 && r.metrics.reads!.stale > 0 && r.metrics.handoffs! > 0, JSON.stringify(r.metrics));
      assert.equal(r.metrics.acknowledged, r.metrics.writes, 'a sloppy quorum takes every write');
    }
    for (const r of strict) {
      assert.equal(r.metrics.reads!.stale, 0);
      assert.equal(r.metrics.hinted, 0);
    }
    const strictHistory = historyOf(planOf(`region reg { zones a, b, c }\n${store('strict', 3, 2, 2)}`, 'strict'), faults, 1, 5_000, 200);
    const cutOff = strictHistory.filter((x) => x.kind === 'acked' && x.node === 0 && x.t > 1_300 && x.t < 3_000);
    assert.deepEqual(cutOff, [], 'strict: the cut-off node cannot make W=2 on its own (the client retries elsewhere)');
    // The hints reached home: at the end every replica holds the same versions and no hint is left.
    const plan = planOf(`region reg { zones a, b, c }\n${store('sloppy', 3, 2, 2, '; sloppy-quorum')}`, 'sloppy');
    const h = historyOf(plan, faults, 1, 5_000, 200);
    const ends = h.filter((x): x is Extract<HistoryRecord, { kind: 'replica' }> => x.kind === 'replica');
    assert.deepEqual(ends.map((e) => e.hints), [0, 0, 0]);
    assert.deepEqual(ends[1]!.versions, ends[0]!.versions);
    assert.deepEqual(ends[2]!.versions, ends[0]!.versions);
    assert.ok(h.some((x) => x.kind === 'handoff' && x.t >= 3_000 && x.node === 0), 'node 0 hands its hints off after the heal');
  });

  it('zone loss and restart (the sample’s shape): W and R still met by the two live replicas, no stale read; hinted handoff catches the restarted node up', () => {
    const text = `region reg { zones a, b, c }\n${store('cart', 3, 2, 2, '; sloppy-quorum')}`;
    const m = modelOf(text);
    const r = sweep(m, scenarioOf(m, { target: 'cart', durationMs: 8_000, load: 200, faults: [loseZone(2_000, 'b'), restart(5_000)], expect: [stale(1)] }), seeds(3));
    assert.equal(r.passed, true, r.expectations[0]!.detail);
    assert.equal(r.metrics.stale_read_rate, 0);
    const h = historyOf(planOf(text, 'cart'), [loseZone(2_000, 'b'), restart(5_000)], 1, 8_000, 200);
    const handoffs = h.filter((x) => x.kind === 'handoff');
    assert.ok(handoffs.length > 0 && handoffs.every((x) => x.kind === 'handoff' && x.to === 1 && x.t >= 5_000), 'hints for node 1, delivered once it is back');
    const ends = h.filter((x): x is Extract<HistoryRecord, { kind: 'replica' }> => x.kind === 'replica');
    assert.deepEqual(ends[1]!.versions, ends[0]!.versions, 'node 1 caught up');
  });

  it('same seed, same bytes; seeds merge in seed order', () => {
    const m = modelOf(`region reg { zones a, b, c }\n${store('q', 3, 1, 2, '; sloppy-quorum')}`);
    const s = scenarioOf(m, { target: 'q', durationMs: 3_000, load: 100, faults: [partition(1_000, ['a'], ['b', 'c']), heal(2_000)], expect: [stale(0.5)] });
    const a = JSON.stringify(sweep(m, s, seeds(3)));
    assert.equal(JSON.stringify(sweep(m, s, seeds(3))), a);
    const t = simulate(m, s, { seed: 2, fullTrace: true }).trace.join('\n');
    assert.equal(simulate(m, s, { seed: 2, fullTrace: true }).trace.join('\n'), t);
    assert.notEqual(simulate(m, s, { seed: 3, fullTrace: true }).trace.join('\n'), t);
    assert.match(t, /^seed 2: leaderless quorum \(N=3, W=1, R=2, sloppy quorum with hinted handoff\), 3 members in a, b, c, a write needs one live replica/);
    assert.match(t, /\nt=\d+\.\d{3}s node \d → node \d Put k\d+ v\d+ \(op \d+\)\n/);
    assert.match(t, /\nt=\d+\.\d{3}s client read #\d+ → v\d+ \(from node \d; answers of node \d, node \d\)\n/);
    const results = [3, 1, 2].map((seed) => simulate(m, s, { seed, trace: false }));
    assert.deepEqual(mergeSeeds(s, results, (seed) => simulate(m, s, { seed }).trace), sweep(m, s, [1, 2, 3]));
  });

  it('reports stale_read_rate over all seeds, and `stale-reads below P%` passes exactly when it is below P', () => {
    const m = modelOf(`region reg { zones a, b, c }\n${store('p', 3, 1, 1)}`);
    const spec = (percent: number) => scenarioOf(m, { target: 'p', durationMs: 1_000, load: 2_000, expect: [stale(percent)] });
    const run = (percent: number) => sweep(m, spec(percent), seeds(4));
    const base = run(100);
    const per = seeds(4).map((seed) => simulate(m, spec(100), { seed, trace: false }).metrics.reads!);
    const rate = per.reduce((a, r) => a + r.stale, 0) / per.reduce((a, r) => a + r.counted, 0);
    assert.equal(base.metrics.stale_read_rate, rate);
    const pct = rate * 100;
    assert.ok(pct > 0.1, `${pct}% stale`);
    const above = run(Math.ceil(pct * 100 + 1) / 100);
    const below = run(Math.floor(pct * 100) / 100);
    assert.equal(above.passed, true, above.expectations[0]!.detail);
    assert.match(above.expectations[0]!.detail, /^\d+\.\d{2}% of \d+ reads stale \(\d+\) < [\d.]+% over 4 seeds$/);
    assert.equal(below.passed, false);
    assert.notEqual(below.expectations[0]!.seed, null);
    assert.match(below.expectations[0]!.detail, /≥ [\d.]+% over 4 seeds; seed \d: .* stale/);
    assert.ok(below.counterexample!.trace.some((l) => / client read #\d+ → /.test(l)), 'the counterexample shows reads around the first stale one');
  });

  it('says what it does not check on a leaderless store, and skips leader faults', () => {
    const m = modelOf(`region reg { zones a, b, c }\n${store('q', 3, 2, 2)}\nstore db { replicas 3; zones a, b, c; replication leader-follower; failover automatic; election raft; fencing }`);
    const r = sweep(m, scenarioOf(m, { target: 'q', durationMs: 2_000, faults: [crash(500, 'leader'), pause(600, 'leader', 100)], expect: [noSplitBrain, leaderWithin(1_000), noLostWrites, stale(1)] }), seeds(2));
    assert.deepEqual(r.expectations.map((x) => [x.expect, x.passed]), [['no-split-brain', false], ['leader-within 1s', false], ['no-lost-writes', false], ['stale-reads below 1%', true]]);
    assert.match(r.expectations[0]!.detail, /^not simulated: a leaderless store has no leader/);
    assert.match(r.expectations[2]!.detail, /^not simulated: lost writes are judged against the log of the leader/);
    const t = simulate(m, scenarioOf(m, { target: 'q', durationMs: 1_000, faults: [crash(500, 'leader')] }), { seed: 1 }).trace;
    assert.ok(t.includes('t=0.500s fault skipped: crash leader: a leaderless store has no leader'), t.slice(0, 5).join('\n'));
    const onRaft = sweep(m, scenarioOf(m, { target: 'db', durationMs: 500, expect: [stale(1)] }), seeds(1));
    assert.match(onRaft.expectations[0]!.detail, /^not simulated: reads are simulated on leaderless stores only/);
  });
});
