import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActorCtx, ActorInput } from '../actors/host';
import { checkSagaAtomic } from '../checkers/saga-atomic';
import { simulate, sweep, type ScenarioReport } from '../run';
import { deepFreeze, modelOf, noSplitBrain, scenarioOf, seeds, type ExpectSpec, type FaultSpec } from '../test-kit';
import { coordinator, ledger, type CoordinatorConfig, type SagaMsg, type SagaRecord } from './actors';

const atomic: ExpectSpec = { kind: 'saga-atomic' };
const failStep = (atMs: number, step: string): FaultSpec => ({ kind: 'fail-step', atMs, step });
const drop = (atMs: number, percent: number): FaultSpec => ({ kind: 'drop', atMs, percent });
const loseZone = (atMs: number, zone: string): FaultSpec => ({ kind: 'lose-zone', atMs, zone, zoneRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });

describe('sim/checkers/saga-atomic', () => {
  const ctx = { steps: ['reserve', 'charge'], actions: ['stock.reserve', 'pay.charge'], compensations: ['stock.release', null], nodeName: (n: number) => `n${n}` };
  const effect = (t: number, instance: number, step: number, op: 'action' | 'compensate', duplicate = false): SagaRecord => ({ t, kind: 'saga-effect', instance, op, step, effect: 'applied', node: 1, duplicate });
  it('completed: every step applied once, net; compensated: every applied step undone', () => {
    const h: SagaRecord[] = [
      { t: 0, kind: 'saga-start', instance: 1, driver: 0 },
      effect(1, 1, 0, 'action'),
      effect(2, 1, 1, 'action'),
      { t: 0, kind: 'saga-start', instance: 2, driver: 0 },
      effect(3, 2, 0, 'action'),
      effect(9, 2, 0, 'compensate'),
      { t: 0, kind: 'saga-start', instance: 3, driver: 0 },
    ];
    const v = checkSagaAtomic(h, ctx);
    assert.deepEqual([v.passed, v.completed, v.compensated, v.broken], [true, 1, 2, 0]);
    assert.equal(v.detail, '3 sagas: 1 completed, 2 compensated, 0 broken');
  });
  it('broken: a duplicate applied twice, a compensation applied twice, or steps left half-applied', () => {
    const dup = checkSagaAtomic([{ t: 0, kind: 'saga-start', instance: 1, driver: 0 }, effect(1, 1, 0, 'action'), effect(1001, 1, 0, 'action', true), effect(1002, 1, 1, 'action')], ctx);
    assert.equal(dup.passed, false);
    assert.equal(dup.detail, 'saga #1: step `reserve` applied 2 times: a retry delivered stock.reserve again and it is not idempotent (the duplicate at t=1.001s on n1) (1 saga: 0 completed, 0 compensated, 1 broken; 1 duplicate applied, 0 recognised and ignored)');
    assert.deepEqual([dup.duplicates, dup.atMs], [1, 1001]);
    const over = checkSagaAtomic([{ t: 0, kind: 'saga-start', instance: 1, driver: 0 }, effect(1, 1, 0, 'action'), effect(5, 1, 0, 'compensate'), effect(6, 1, 0, 'compensate', true)], ctx);
    assert.match(over.detail, /^saga #1: the compensation of `reserve` \(stock\.release\) applied 2 times for 1 action/);
    const half = checkSagaAtomic([{ t: 0, kind: 'saga-start', instance: 1, driver: 0 }, effect(1, 1, 0, 'action'), effect(2, 1, 1, 'action'), effect(9, 1, 0, 'compensate')], ctx);
    assert.match(half.detail, /^saga #1 ended half-applied — left applied: `charge` \(no `compensate`: it cannot be undone\); undone: `reserve`/);
  });
});

describe('sim/sagas/actors', () => {
  const cfg: CoordinatorConfig = {
    instance: 1,
    style: 'orchestration',
    steps: [{ action: { service: 1, timeoutMs: 1000, backoffMs: 100 }, compensate: { service: 1, timeoutMs: 1000, backoffMs: 100 } }, { action: { service: 2, timeoutMs: 1000, backoffMs: 100 }, compensate: null }],
    replicas: [[1], [2, 3], [4]],
    serviceOfNode: [-1, 0, 1, 1, 2],
    orchestrator: 0,
    attempts: 2,
    client: 0,
    ledger: 1,
  };
  const ctx = (now: number): ActorCtx => ({ now, up: [true, true, true, true, true] });
  it('the coordinator retries up to its attempts, then compensates the steps before, in reverse; it never mutates its state', () => {
    const c = coordinator(cfg);
    let s = deepFreeze(c.init());
    const step = (input: ActorInput<SagaMsg, 'start'>, now: number) => {
      const out = c.step(s, input, ctx(now));
      s = deepFreeze(out.state);
      return out;
    };
    const start = step({ kind: 'control', what: 'start' }, 0);
    assert.deepEqual(start.send, [{ from: 1, to: [2, 3], actor: 1, msg: { kind: 'request', instance: 1, op: 'action', step: 0, attempt: 1 } }]);
    const ok = step({ kind: 'message', from: 2, via: 1, msg: { kind: 'reply', instance: 1, op: 'action', step: 0, attempt: 1, ok: true } }, 5);
    assert.deepEqual(ok.send.map((o) => [o.to, o.msg]), [[[4], { kind: 'request', instance: 1, op: 'action', step: 1, attempt: 1 }]]);
    const failed = step({ kind: 'message', from: 4, via: 1, msg: { kind: 'reply', instance: 1, op: 'action', step: 1, attempt: 1, ok: false } }, 7);
    assert.deepEqual(failed.timers, [{ name: 'a1', afterMs: 100 }], 'a failure answer waits out the backoff');
    const again = step({ kind: 'timer', name: 'a1' }, 107);
    assert.equal((again.records[0] as SagaRecord & { kind: 'saga-retry' }).why, 'failed');
    const gaveUp = step({ kind: 'timer', name: 'a1' }, 1107);
    assert.deepEqual(gaveUp.records.map((r) => r.kind), ['saga-give-up']);
    assert.deepEqual(gaveUp.send.map((o) => o.msg), [{ kind: 'request', instance: 1, op: 'compensate', step: 0, attempt: 1 }]);
    const done = step({ kind: 'message', from: 3, via: 1, msg: { kind: 'reply', instance: 1, op: 'compensate', step: 0, attempt: 1, ok: true } }, 1110);
    assert.deepEqual(done.records, [{ t: 1110, kind: 'saga-end', instance: 1, belief: 'compensated' }]);
  });
  it('the ledger applies a duplicate again unless the operation is idempotent, and fails a failed step', () => {
    for (const idempotent of [false, true]) {
      const l = ledger({ instance: 1, style: 'orchestration', steps: [{ actionIdempotent: idempotent, compensateIdempotent: true, failsFromMs: 50 }], coordinator: 0 });
      let s = deepFreeze(l.init());
      const req = (now: number, attempt: number) => {
        const out = l.step(s, { kind: 'message', from: 1, via: 2, msg: { kind: 'request', instance: 1, op: 'action', step: 0, attempt } }, ctx(now));
        s = deepFreeze(out.state);
        return out.records[0] as SagaRecord & { kind: 'saga-effect' };
      };
      assert.deepEqual([req(0, 1).effect, req(10, 2).effect, req(60, 3).effect], ['applied', idempotent ? 'ignored' : 'applied', 'failed']);
      assert.deepEqual(s.actions, [idempotent ? 1 : 2]);
    }
  });
});

function shop(opts: { createIdempotent?: boolean; cancel?: boolean; style?: 'orchestration' | 'choreography' } = {}) {
  const style = opts.style ?? 'orchestration';
  return modelOf(`region r { zones a, b, c }
service checkout { replicas 2; zones a, b }
service orders { replicas 3; zones a, b, c; operation create${opts.createIdempotent === false ? '' : ' { idempotent }'}; operation cancel { idempotent } }
service payments { replicas 3; zones a, b, c; operation charge { idempotent }; operation refund { idempotent } }
service shipping { replicas 2; zones b, c; operation ship { idempotent } }
saga order {
  style ${style}${style === 'orchestration' ? '; orchestrator checkout' : ''}
  step create { action orders.create${opts.cancel === false ? '' : '; compensate orders.cancel'} }
  step charge { action payments.charge; compensate payments.refund }
  step ship { action shipping.ship }
}
saga headless { style orchestration; step one { action orders.create } }`);
}

describe('sim/sagas: runs', () => {
  it('a failing step with a missing compensation fails saga-atomic; with every compensation it passes (both styles)', () => {
    for (const style of ['orchestration', 'choreography'] as const) {
      const rows = [false, true].map((cancel): ScenarioReport => {
        const m = shop({ cancel, style });
        return sweep(m, scenarioOf(m, { target: 'order', durationMs: 5_000, faults: [failStep(0, 'ship')], expect: [atomic] }), seeds(10));
      });
      console.log(`  ${style}, ship fails: without orders.cancel ${rows[0]!.expectations[0]!.detail}`);
      console.log(`  ${style}, ship fails: with orders.cancel ${rows[1]!.expectations[0]!.detail}`);
      assert.equal(rows[0]!.expectations[0]!.passed, false);
      assert.match(rows[0]!.expectations[0]!.detail, /^saga #1 ended half-applied — left applied: `create` \(no `compensate`: it cannot be undone\); undone: `charge`; never applied: `ship`.*fails in 10 of 10 seeds$/);
      assert.equal(rows[1]!.expectations[0]!.passed, true, rows[1]!.expectations[0]!.detail);
      assert.deepEqual(rows[1]!.metrics.saga, { instances: 10, completed: 0, compensated: 10, broken: 0, duplicates: 0, ignored_duplicates: 0, retries: 30 });
    }
  });

  it('message loss: retries deliver duplicates a non-idempotent step applies twice (detected); an idempotent one ignores them', () => {
    const rows = [false, true].map((createIdempotent) => {
      const m = shop({ createIdempotent });
      return { createIdempotent, r: sweep(m, scenarioOf(m, { target: 'order', durationMs: 10_000, faults: [drop(0, 30)], expect: [atomic] }), seeds(40)) };
    });
    for (const { createIdempotent, r } of rows) {
      const s = r.metrics.saga!;
      console.log(`  drop 30%, orders.create ${createIdempotent ? 'idempotent' : 'not idempotent'}: ${s.instances} sagas, ${s.completed} completed, ${s.compensated} compensated, ${s.broken} broken; ${s.duplicates} duplicates applied, ${s.ignored_duplicates} ignored; ${s.retries} retries`);
    }
    const [plain, idem] = rows.map((x) => x.r);
    assert.ok(plain!.metrics.saga!.duplicates > 0, 'a duplicate is applied');
    assert.equal(plain!.expectations[0]!.passed, false);
    assert.match(plain!.expectations[0]!.detail, /step `create` applied \d times: a retry delivered orders\.create again and it is not idempotent/);
    assert.equal(idem!.metrics.saga!.duplicates, 0, 'an idempotent participant applies nothing twice');
    assert.ok(idem!.metrics.saga!.ignored_duplicates > 0, 'it recognised the duplicates it got');
    assert.doesNotMatch(idem!.expectations[0]!.detail, /applied \d times/);
  });

  it('same seed, same bytes; `load` runs that many sagas per second; a lost zone is survived by the replicas left', () => {
    const m = shop();
    const s = scenarioOf(m, { target: 'order', durationMs: 4_000, load: 10, faults: [drop(0, 10), loseZone(1_000, 'a')], expect: [atomic, noSplitBrain] });
    const a = JSON.stringify(sweep(m, s, seeds(3)));
    assert.equal(JSON.stringify(sweep(m, s, seeds(3))), a);
    const t = simulate(m, s, { seed: 2, fullTrace: true }).trace.join('\n');
    assert.equal(simulate(m, s, { seed: 2, fullTrace: true }).trace.join('\n'), t);
    const r = simulate(m, s, { seed: 2 });
    assert.ok(r.saga!.instances >= 25 && r.saga!.instances <= 60, `${r.saga!.instances} instances for 10/s over 4s`);
    assert.equal(r.expectations[1]!.detail, 'not simulated: no-split-brain is judged on a replicated group (store, cluster, lock backend); a saga has no leader and no log');
    assert.ok(t.includes('t=1.000s checkout#0 crashed'));
    const headless = sweep(m, scenarioOf(m, { target: 'headless', expect: [atomic] }), seeds(2));
    assert.equal(headless.error, 'saga `headless` is orchestrated but names no `orchestrator`');
  });
});
