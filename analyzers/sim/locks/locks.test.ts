import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActorCtx, ActorInput } from '../actors/host';
import { checkMutualExclusion } from '../checkers/mutual-exclusion';
import { simulate, sweep } from '../run';
import { crash, deepFreeze, heal, modelOf, noSplitBrain, partition, scenarioOf, seeds, type ExpectSpec, type FaultSpec } from '../test-kit';
import { holder, lockService, protectedStore, type HolderState, type LockLayout, type LockMsg, type LockRecord, type ServiceState } from './actors';

const pauseHolder = (atMs: number, durationMs: number): FaultSpec => ({ kind: 'pause', atMs, node: { kind: 'holder' }, durationMs });
const crashHolder = (atMs: number): FaultSpec => ({ kind: 'crash', atMs, node: { kind: 'holder' } });
const drop = (atMs: number, percent: number): FaultSpec => ({ kind: 'drop', atMs, percent });
const mutex: ExpectSpec = { kind: 'mutual-exclusion' };

const LAYOUT: LockLayout = { service: 0, holders: [1, 2], store: 3 };
const ctx = (now: number): ActorCtx => ({ now, up: [true, true, true, true] });
const msg = (from: number, m: LockMsg): ActorInput<LockMsg, never> => ({ kind: 'message', from, via: 0, msg: m });

describe('sim/locks/actors', () => {
  it('the lock service grants increasing tokens, only once a lease is over, and refuses to renew a lease that ran out', () => {
    const svc = lockService(LAYOUT, 10_000);
    let s: ServiceState = deepFreeze(svc.init());
    const step = (now: number, m: LockMsg) => {
      const out = svc.step(s, msg(1, m), ctx(now));
      s = deepFreeze(out.state);
      return out;
    };
    const a = step(100, { kind: 'acquire', holder: 0, sentAt: 99 });
    assert.deepEqual(a.send.map((o) => o.msg), [{ kind: 'granted', token: 1, sentAt: 99 }]);
    assert.deepEqual(a.records, [{ t: 100, kind: 'lock-grant', holder: 0, token: 1, expiresMs: 10_100 }]);
    assert.deepEqual(step(200, { kind: 'acquire', holder: 1, sentAt: 199 }).send.map((o) => o.msg), [{ kind: 'busy', heldBy: 0 }]);
    assert.deepEqual(step(3_000, { kind: 'renew', holder: 0, token: 1, sentAt: 2_999 }).records, [{ t: 3_000, kind: 'lock-renew', holder: 0, token: 1, expiresMs: 13_000 }]);
    assert.deepEqual(step(13_000, { kind: 'renew', holder: 0, token: 1, sentAt: 12_999 }).send.map((o) => o.msg), [{ kind: 'lost', token: 1 }], 'expired at 13s exactly');
    assert.deepEqual(step(13_001, { kind: 'acquire', holder: 1, sentAt: 13_000 }).records, [{ t: 13_001, kind: 'lock-grant', holder: 1, token: 2, expiresMs: 23_001 }]);
  });

  it('a holder writes while its lease (from when it asked) outlasts the trip, and after a pause sends the write it was making', () => {
    const h = holder(LAYOUT, 0, { leaseMs: 10_000, renewMs: 3_333, writeEveryMs: 1_000, marginMs: 2 });
    let s: HolderState = deepFreeze(h.init());
    const step = (input: ActorInput<LockMsg, never>, now: number) => {
      const out = h.step(s, input, ctx(now));
      s = deepFreeze(out.state);
      return out;
    };
    assert.deepEqual(step({ kind: 'start' }, 0).send.map((o) => o.msg), [{ kind: 'acquire', holder: 0, sentAt: 0 }]);
    const granted = step(msg(0, { kind: 'granted', token: 1, sentAt: 0 }), 3);
    assert.equal(s.believedUntil, 10_000, 'the lease it believes in runs from the request, not the grant');
    assert.deepEqual(granted.send.map((o) => o.msg), [{ kind: 'write', holder: 0, token: 1, seq: 1 }]);
    assert.deepEqual(step({ kind: 'timer', name: 'write' }, 9_999).send, [], 'no write that could land after the lease');
    // Paused at 5s (lease still good then), resumed at 30s: the write under way goes out with token 1.
    const resumed = step({ kind: 'resumed', pausedAtMs: 5_000 }, 30_000);
    assert.deepEqual(resumed.records, [{ t: 30_000, kind: 'holder-write', holder: 0, token: 1, late: true }]);
    const tick = step({ kind: 'timer', name: 'tick' }, 30_000);
    assert.deepEqual(tick.records, [{ t: 30_000, kind: 'holder-lost', holder: 0, token: 1, why: 'expired' }]);
    assert.deepEqual(tick.send.map((o) => o.msg), [{ kind: 'acquire', holder: 0, sentAt: 30_000 }]);
  });

  it('the protected store rejects a lower token only with fencing', () => {
    for (const fencing of [true, false]) {
      const st = protectedStore(LAYOUT, fencing);
      let s = deepFreeze(st.init());
      const write = (token: number, now: number) => {
        const out = st.step(s, msg(1, { kind: 'write', holder: 0, token, seq: now }), ctx(now));
        s = deepFreeze(out.state);
        return (out.records[0] as LockRecord & { kind: 'store-write' }).accepted;
      };
      assert.deepEqual([write(1, 1), write(2, 2), write(1, 3), write(2, 4)], [true, true, !fencing, true]);
    }
  });
});

describe('sim/checkers/mutual-exclusion', () => {
  const names = { holderName: (h: number) => `w#${h}`, store: 'db', fencing: false };
  const base: LockRecord[] = [
    { t: 0, kind: 'lock-grant', holder: 0, token: 1, expiresMs: 10_000 },
    { t: 1, kind: 'store-write', holder: 0, token: 1, accepted: true, highest: 0 },
    { t: 3_000, kind: 'lock-renew', holder: 0, token: 1, expiresMs: 13_000 },
    { t: 12_000, kind: 'store-write', holder: 0, token: 1, accepted: true, highest: 1 },
  ];
  it('passes when every accepted write is inside its lease, as last renewed', () => {
    const v = checkMutualExclusion(base, names);
    assert.equal(v.passed, true, v.detail);
    assert.equal(v.detail, '2 writes accepted by db, each inside its holder\'s lease (1 grant)');
  });
  it('fails on a write accepted at or after its lease’s end, naming both tokens', () => {
    const h: LockRecord[] = [...base, { t: 13_100, kind: 'lock-grant', holder: 1, token: 2, expiresMs: 23_100 }, { t: 14_000, kind: 'store-write', holder: 0, token: 1, accepted: true, highest: 1 }];
    const v = checkMutualExclusion(h, names);
    assert.equal(v.passed, false);
    assert.equal(v.detail, 'db accepted a write from w#0 with token 1 at t=14.000s, but the lease of token 1 had expired at t=13.000s; token 2 had been granted to w#1 at t=13.100s (the lock declares no `fencing`: the store cannot tell a stale token)');
    assert.deepEqual([v.atMs, v.violations, v.tokens], [14_000, 1, { stale: 1, fresh: 2 }]);
    assert.equal(checkMutualExclusion([...base, { t: 13_000, kind: 'store-write', holder: 0, token: 1, accepted: true, highest: 1 }], names).passed, false, 'the lease is over at its expiry instant');
  });
  it('counts rejected writes, and fails on a token that was never granted to the writer', () => {
    const rejected = checkMutualExclusion([...base, { t: 14_000, kind: 'store-write', holder: 0, token: 1, accepted: false, highest: 2 }], { ...names, fencing: true });
    assert.deepEqual([rejected.passed, rejected.rejected, rejected.tokens], [true, 1, { stale: 1, fresh: 2 }]);
    const stranger = checkMutualExclusion([...base, { t: 5_000, kind: 'store-write', holder: 1, token: 1, accepted: true, highest: 1 }], names);
    assert.match(stranger.detail, /token 1 was never granted to it/);
  });
});

const MODEL = modelOf(`region r { zones a, b, c }
cluster etcd { replicas 3; zones a, b, c; consensus raft; election-timeout 150ms..300ms; heartbeat 50ms }
store db { replicas 3; zones a, b, c; replication leader-follower; failover automatic; election raft }
store far { replicas 1; zones c; replication leader-follower }
service worker { replicas 3; zones a, b, c }
cache memo { replicas 1; zones b }
lock fenced { backend etcd; lease 5s; holders worker; protects db; fencing }
lock plain { backend etcd; lease 5s; holders worker; protects far }
lock forever { backend etcd; holders worker; protects db }
lock nothing { backend etcd; lease 5s; holders worker }
lock cached { backend memo; lease 5s; holders worker; protects db; fencing }`);

const run = (target: string, faults: FaultSpec[], expect: ExpectSpec[] = [mutex], durationMs = 20_000) => scenarioOf(MODEL, { target, durationMs, load: 5, faults, expect });

describe('sim/locks: runs', () => {
  it('same seed, same bytes; another seed differs', () => {
    const s = run('fenced', [pauseHolder(3_000, 8_000)]);
    assert.equal(JSON.stringify(sweep(MODEL, s, seeds(3))), JSON.stringify(sweep(MODEL, s, seeds(3))));
    const t = simulate(MODEL, s, { seed: 4, fullTrace: true }).trace.join('\n');
    assert.equal(simulate(MODEL, s, { seed: 4, fullTrace: true }).trace.join('\n'), t);
    assert.notEqual(simulate(MODEL, s, { seed: 5, fullTrace: true }).trace.join('\n'), t);
  });

  it('leases alone keep mutual exclusion without pauses: partitions, loss, a holder crash, a backend leader crash', () => {
    const faults: FaultSpec[] = [partition(3_000, ['a'], ['b', 'c']), heal(9_000), drop(10_000, 20), crashHolder(12_000), crash(15_000, 'leader')];
    const r = sweep(MODEL, run('plain', faults, [mutex, noSplitBrain]), seeds(10));
    console.log(`  lease 5s, no fencing, partition + 20% loss + holder crash + etcd leader crash: ${r.expectations[0]!.detail}; lock service down ${r.metrics.lock?.unavailable_ms}ms over 10 seeds`);
    assert.deepEqual(r.expectations.map((x) => x.passed), [true, true], r.expectations.map((x) => x.detail).join('; '));
    assert.ok(r.metrics.lock!.grants > 10, 'the lock changed hands after the partition and the crash');
    assert.ok(r.metrics.lock!.unavailable_ms > 0, 'the lock service did not answer while etcd had no leader');
  });

  it('a lock without a lease never expires: a paused holder resumes still holding it; a crashed one keeps it for good', () => {
    const paused = simulate(MODEL, run('forever', [pauseHolder(2_000, 10_000)]), { seed: 1 });
    assert.equal(paused.expectations[0]!.passed, true, paused.expectations[0]!.detail);
    const crashed = simulate(MODEL, run('forever', [crashHolder(2_000)]), { seed: 1 });
    assert.equal(crashed.lock?.grants, 1, 'nobody else ever gets it');
  });

  it('pause holder waits for a holder; a lock that protects nothing cannot be judged; a lock on a cache runs an always-up lock service', () => {
    const early = simulate(MODEL, run('plain', [pauseHolder(0, 7_000)]), { seed: 2 });
    assert.ok(early.trace.some((l) => /^t=\d+\.\d+s worker#\d paused until/.test(l)), 'the pause waited for the first grant');
    assert.equal(early.expectations[0]!.passed, false, 'and, without fencing, its stale write is accepted');
    const nothing = simulate(MODEL, run('nothing', []), { seed: 1 });
    assert.equal(nothing.expectations[0]!.detail, 'not simulated: lock `nothing` protects nothing (no `protects`): no store to judge');
    const cached = sweep(MODEL, run('cached', [pauseHolder(3_000, 8_000)], [mutex, noSplitBrain]), seeds(2));
    assert.equal(cached.error, undefined);
    assert.deepEqual(cached.expectations.map((x) => x.passed), [true, false]);
    assert.match(cached.expectations[1]!.detail, /^not simulated: lock `cached` has a backend \(`memo`\) that is not a store or cluster/);
    assert.ok(cached.metrics.lock!.rejected_stale_writes >= 2, 'fencing turned the paused holder away in both seeds');
  });

  it('faults on members act on the backend group, holder faults on the lock model', () => {
    const r = simulate(MODEL, run('fenced', [crash(2_000, 'leader'), pauseHolder(4_000, 1_000), { kind: 'fail-step', atMs: 5_000, step: 'x' }]), { seed: 3, fullTrace: true });
    assert.ok(r.trace.some((l) => /^t=2\.000s node \d crashed$/.test(l)));
    assert.ok(r.trace.some((l) => /^t=4\.\d+s worker#\d paused until/.test(l)));
    assert.ok(!r.trace.some((l) => /pause holder: locks are not simulated/.test(l)), 'the backend group is not handed the holder fault');
    assert.ok(r.trace.includes('t=5.000s fault skipped: fail step x: the target is a lock, not a saga'));
  });
});
