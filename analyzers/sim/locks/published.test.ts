import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulate, sweep } from '../run';
import { modelOf, scenarioOf, seeds, type ExpectSpec, type FaultSpec } from '../test-kit';

/*
 * Kleppmann, "How to do distributed locking" (2016), Figure 9 and the fencing fix: client 1 gets the lease (token
 * 33 in the article), stops in a GC pause longer than the lease, the lease expires, client 2 gets the lock (token
 * 34) and writes; client 1 wakes up still believing it holds the lock and writes with its old token. Without
 * fencing the storage accepts it; with fencing it rejects 33 once 34 has written. The tokens here are the ones the
 * lock service actually granted (it numbers them from 1); the test prints them and asserts their shape.
 */

const SEEDS = 20;
const pauseHolder = (atMs: number, durationMs: number): FaultSpec => ({ kind: 'pause', atMs, node: { kind: 'holder' }, durationMs });
const mutex: ExpectSpec = { kind: 'mutual-exclusion' };

function model(fencing: boolean) {
  return modelOf(`region r { zones a, b, c }
cluster etcd { replicas 3; zones a, b, c; consensus raft; election-timeout 1s..2s; heartbeat 100ms }
store storage { replicas 3; zones a, b, c; replication leader-follower; sync-followers 1; failover automatic; election raft }
service client { replicas 2; zones a, b }
lock file-lock { backend etcd; lease 10s; holders client; protects storage${fencing ? '; fencing' : ''} }`);
}

describe('published results: locks', () => {
  it('Kleppmann’s GC pause: the stale token’s write is accepted without fencing (mutual exclusion fails) and rejected with it', () => {
    const results = [false, true].map((fencing) => {
      const m = model(fencing);
      // The holder pauses 5s in, for twice the lease: it resumes long after the other client took over and wrote.
      const s = scenarioOf(m, { target: 'file-lock', durationMs: 40_000, load: 5, faults: [pauseHolder(5_000, 20_000)], expect: [mutex] });
      const report = sweep(m, s, seeds(SEEDS));
      const one = simulate(m, s, { seed: 1 });
      return { fencing, report, one };
    });
    for (const { fencing, report, one } of results) {
      const lock = report.metrics.lock!;
      const tokens = lock.tokens!;
      console.log(`  lease 10s, holder paused 20s, ${fencing ? 'fencing' : 'no fencing'}: mutual-exclusion ${report.expectations[0]!.passed ? 'holds' : 'fails'} (${report.expectations[0]!.detail.replace(/^.*; (fails in .*)$/, '$1')}); stale token ${tokens.stale} vs fresh token ${tokens.fresh}; accepted ${lock.accepted_writes}, rejected ${lock.rejected_stale_writes}, outside lease ${lock.writes_outside_lease} over ${SEEDS} seeds`);
      console.log(`    seed 1: ${one.expectations[0]!.detail}`);
      assert.ok(tokens.stale < tokens.fresh, 'the paused holder’s token is older than the one that took over');
      assert.equal(tokens.stale, 1, 'tokens are numbered from 1: the first grant is 1');
      assert.ok(one.trace.some((l) => l.includes(`granted the lock to`) && l.includes(`token ${tokens.fresh}`)), 'the grant of the fresh token is in the trace');
      if (!fencing) {
        assert.equal(report.expectations[0]!.passed, false);
        assert.match(report.expectations[0]!.detail, new RegExp(`with token ${tokens.stale} at .*but the lease of token ${tokens.stale} had expired.*token ${tokens.fresh} had been granted.*no \`fencing\`.*fails in ${SEEDS} of ${SEEDS} seeds$`));
        assert.equal(lock.writes_outside_lease, SEEDS, 'one stale write per seed, each accepted');
        assert.equal(lock.rejected_stale_writes, 0, 'nothing is rejected without fencing');
      } else {
        assert.equal(report.expectations[0]!.passed, true, report.expectations[0]!.detail);
        assert.equal(lock.rejected_stale_writes, SEEDS, 'the stale write is rejected in every seed');
        assert.equal(lock.writes_outside_lease, 0);
        assert.ok(one.trace.some((l) => new RegExp(`rejected the write of client#\\d with token ${tokens.stale}: token ${tokens.fresh} already wrote \\(fencing\\)$`).test(l)), one.trace.join('\n'));
      }
    }
  });
});
