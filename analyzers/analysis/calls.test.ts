import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../language/model/build';
import type { Call, Service } from '../../language/model/types';
import { callChains, callFacts, MAX_CHAINS, MAX_WORST_CASE_MS, timeoutSource, worstCaseMs } from './calls';

function model(text: string) {
  const m = buildModelFromText(text);
  assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return m;
}
function callOf(text: string, service = 'a', index = 0): { m: ReturnType<typeof model>; call: Call } {
  const m = model(text);
  return { m, call: (m.elements.get(service) as Service).calls[index]! };
}
const b = `service b { operation get { idempotent }; operation put }\n`;

describe('worstCaseMs', () => {
  it('attempts × timeout + exponential delays capped at max', () => {
    const { call } = callOf(b + `service a { call b.get { timeout 1s; retry 4; backoff exponential 100ms..300ms } }`);
    const w = worstCaseMs(call)!;
    // 5 × 1000 + 100 + 200 + 300 + 300
    assert.equal(w.ms, 5900);
    assert.deepEqual(w.delays, [100, 200, 300, 300]);
    assert.equal(w.breakdown, '5 attempts × 1s + backoff 100ms + 200ms + 300ms + 300ms = 5900ms');
  });
  it('constant delays; no backoff; jitter does not lower it', () => {
    assert.equal(worstCaseMs(callOf(b + `service a { call b.get { timeout 200ms; retry 2; backoff constant 50ms; jitter full } }`).call)!.ms, 700);
    assert.equal(worstCaseMs(callOf(b + `service a { call b.get { timeout 200ms; retry 2 } }`).call)!.ms, 600);
    assert.equal(worstCaseMs(callOf(b + `service a { call b.get { timeout 200ms } }`).call)!.breakdown, '1 attempt × 200ms = 200ms');
  });
  it('no timeout: no finite worst case; a sidecar timeout is present but unknown', () => {
    const plain = callOf(b + `service a { call b.get { retry 2 } }`);
    assert.equal(worstCaseMs(plain.call), undefined);
    assert.equal(timeoutSource(plain.m, plain.call), 'none');
    const sidecar = callOf(b + `service a { sidecar envoy { provides timeouts }; call b.get }`);
    assert.equal(worstCaseMs(sidecar.call), undefined);
    assert.equal(timeoutSource(sidecar.m, sidecar.call), 'provided');
  });
  it('caps absurd retry counts', () => {
    const w = worstCaseMs(callOf(b + `service a { call b.get { timeout 10s; retry 1000000; backoff exponential 1s..1m } }`).call)!;
    assert.equal(w.ms, MAX_WORST_CASE_MS);
    assert.ok(w.capped);
    assert.match(w.breakdown, /= more than 1h$/);
  });
  it('retry 999999999 with a tiny timeout and no backoff completes at once (no per-attempt loop)', () => {
    const started = performance.now();
    const w = worstCaseMs(callOf(b + `service a { call b.get { timeout 0.001ms; retry 999999999; backoff none } }`).call)!;
    const exp = worstCaseMs(callOf(b + `service a { call b.get { timeout 0.001ms; retry 999999999; backoff exponential 1ms..2s } }`).call)!;
    const constant = worstCaseMs(callOf(b + `service a { call b.get { timeout 0.001ms; retry 999999999; backoff constant 1ms } }`).call)!;
    assert.ok(performance.now() - started < 50, `took ${performance.now() - started}ms`);
    // 1e9 attempts × 0.001ms = 1e6 ms: under the cap, computed exactly.
    assert.equal(w.attempts, 1_000_000_000);
    assert.equal(w.capped, false);
    assert.ok(Math.abs(w.ms - 1_000_000) < 1e-3, String(w.ms));
    assert.equal(w.delaysMs, 0);
    assert.ok(exp.capped && constant.capped);
    assert.equal(exp.ms, MAX_WORST_CASE_MS);
    assert.deepEqual(exp.delays, [1, 2, 4, 8]);
    assert.equal(exp.delayCount, 999_999_999);
    assert.match(exp.breakdown, /^1000000000 attempts × .* \+ backoff 1ms \+ 2ms \+ 4ms \+ … \(999999999 delays\) = more than 1h$/);
  });
  it('sums long schedules arithmetically and lists only the first delays', () => {
    // 100, 200, 400, 800, 1000 × 6: 1500 + 6000 = 7500
    const w = worstCaseMs(callOf(b + `service a { call b.get { timeout 1s; retry 10; backoff exponential 100ms..1s } }`).call)!;
    assert.equal(w.delaysMs, 7500);
    assert.equal(w.ms, 11 * 1000 + 7500);
    assert.deepEqual(w.delays, [100, 200, 400, 800]);
    assert.equal(w.delayCount, 10);
    assert.match(w.breakdown, /^11 attempts × 1s \+ backoff 100ms \+ 200ms \+ 400ms \+ … \(10 delays, .* in all\) = /);
  });
});

describe('retry amplification', () => {
  const text =
    `gateway edge { routes front }\n` +
    `service front { call middle { timeout 1s; retry 2 } }\n` +
    `service middle { call back { timeout 1s; retry 3 }; call front { timeout 1s; retry 1 } }\n` +
    `service back {}\n`;
  it('multiplies retry+1 along chains, routes count 1, the edge back to front closes a cycle and is not followed', () => {
    const m = model(text);
    const chains = callChains(m).map((c) => `${c.names.join('>')}=${c.factor}`);
    assert.deepEqual(chains.sort(), ['edge>front>middle>back=12']);
  });
  it('callFacts gives the highest factor from an entry through the call', () => {
    const m = model(text);
    const back = (m.elements.get('middle') as Service).calls[0]!;
    assert.deepEqual(
      { ms: callFacts(m, back).worstCaseMs, attempts: callFacts(m, back).attempts, amp: callFacts(m, back).amplificationFromEntries },
      { ms: 4000, attempts: 4, amp: 12 },
    );
  });
  it('bounds the number of chains in a dense graph', () => {
    // 12 services all calling each other: far more simple paths than MAX_CHAINS.
    const names = Array.from({ length: 12 }, (_, i) => `s${i}`);
    const text = names.map((n) => `service ${n} { ${names.filter((o) => o !== n).map((o) => `call ${o} { timeout 1s }`).join('; ')} }`).join('\n');
    const chains = callChains(model(text));
    assert.ok(chains.length <= MAX_CHAINS);
  });
});
