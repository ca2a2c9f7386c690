import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../language/model/build';
import type { Call, Service } from '../../language/model/types';
import fc from 'fast-check';
import { compareStrings } from '../../language/compare';
import { AMPLIFICATION_CAP, callFacts, callGraph, chainText, MAX_WORST_CASE_MS, timeoutSource, worstCaseMs } from './calls';

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
  it('multiplies retry+1 along chains, routes count 1; the cycle front ⇄ middle is found, not followed', () => {
    const m = model(text);
    const g = callGraph(m);
    assert.equal(g.amplificationOf('edge'), 1);
    // front and middle form one component: the calls inside it are left out of the product.
    assert.equal(g.amplificationOf('middle'), 1);
    assert.equal(g.amplificationOf('back'), 4);
    assert.deepEqual(
      g.cycles.map((c) => ({ text: chainText(c), perRound: c.factorPerRound, members: c.members })),
      [{ text: 'front → middle → front', perRound: 6, members: ['front', 'middle'] }],
    );
  });
  it('callFacts gives the highest factor from an entry through the call', () => {
    const m = model(text);
    const back = (m.elements.get('middle') as Service).calls[0]!;
    assert.deepEqual(
      { ms: callFacts(m, back).worstCaseMs, attempts: callFacts(m, back).attempts, amp: callFacts(m, back).amplificationFromEntries },
      { ms: 4000, attempts: 4, amp: 4 },
    );
    // On the retrying cycle itself the factor is unbounded.
    const loop = (m.elements.get('middle') as Service).calls[1]!;
    assert.equal(callFacts(m, loop).amplificationFromEntries, Infinity);
    assert.equal(callFacts(m, loop).amplificationText, 'unbounded (cycle front → middle → front)');
  });
  it('a product beyond 10^15 saturates and says so', () => {
    // 16 levels of retry 9: 10^16.
    const names = Array.from({ length: 17 }, (_, i) => `s${String(i).padStart(2, '0')}`);
    const text = names.map((n, i) => `service ${n} { ${i === 0 ? 'entry; ' : ''}${i < 16 ? `call ${names[i + 1]} { timeout 1s; retry 9 }` : ''} }`).join('\n');
    const m = model(text);
    const g = callGraph(m);
    assert.equal(g.amplificationOf('s15'), 1e15);
    assert.equal(g.amplificationOf('s16'), Infinity);
    assert.equal(callFacts(m, (m.elements.get('s15') as Service).calls[0]!).amplificationText, 'more than 10^15');
    assert.equal(callFacts(m, (m.elements.get('s14') as Service).calls[0]!).amplificationText, String(AMPLIFICATION_CAP));
  });
  it('the worst chain of time below an element: Σ worst case over the slowest chain', () => {
    const m = model(
      `service a { call b { timeout 1s; retry 1 }; call c { timeout 100ms } }\n` +
        `service b { call d { timeout 200ms } }\nservice c { call d { timeout 5s } }\nservice d {}\n`,
    );
    const g = callGraph(m);
    // a → c → d: 100ms + 5s beats a → b → d: 2s + 200ms.
    assert.deepEqual(g.worstChain('a'), { ms: 5100, text: 'a → c → d', length: 3 });
    assert.deepEqual(g.worstChain('d'), { ms: 0, text: 'd', length: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The DP against naive path enumeration, on small random DAGs.

interface Dag {
  names: string[];
  /** Declaration order of the nodes. */
  order: number[];
  entries: boolean[];
  edges: { from: number; to: number; retry: number; timeoutMs?: number }[];
}

const POOL = ['a', 'b', 'ab', 'ba', 'b1', 'c', 'zz', 'A', 'a-b', 'm_2'];

const dagArb = fc.integer({ min: 2, max: 7 }).chain((k) =>
  fc.record({
    names: fc.shuffledSubarray(POOL, { minLength: k, maxLength: k }),
    order: fc.shuffledSubarray(Array.from({ length: k }, (_, i) => i), { minLength: k, maxLength: k }),
    entries: fc.array(fc.boolean(), { minLength: k, maxLength: k }),
    pairs: fc.array(fc.record({ on: fc.boolean(), retry: fc.integer({ min: 0, max: 3 }), timeoutMs: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }) }), {
      minLength: (k * (k - 1)) / 2,
      maxLength: (k * (k - 1)) / 2,
    }),
  }).map(({ names, order, entries, pairs }): Dag => {
    const edges: Dag['edges'] = [];
    let p = 0;
    for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) {
      const pair = pairs[p++]!;
      if (pair.on) edges.push({ from: i, to: j, retry: pair.retry, timeoutMs: pair.timeoutMs });
    }
    return { names, order, entries, edges };
  }),
);

function dagText(d: Dag): string {
  return d.order
    .map((v) => {
      const calls = d.edges
        .filter((e) => e.from === v)
        .map((e) => `call ${d.names[e.to]} { ${e.timeoutMs !== undefined ? `timeout ${e.timeoutMs}ms; ` : ''}retry ${e.retry} }`);
      return `service ${d.names[v]} { ${[...(d.entries[v] ? ['entry'] : []), ...calls].join('; ')} }`;
    })
    .join('\n');
}

const compareNames = (x: readonly string[], y: readonly string[]) => {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareStrings(x[i]!, y[i]!);
    if (c !== 0) return c;
  }
  return x.length - y.length;
};

/** Every path from `v`, as lists of edge indices (the empty path included). */
function pathsFrom(d: Dag, v: number): number[][] {
  const out: number[][] = [[]];
  d.edges.forEach((e, i) => {
    if (e.from === v) for (const rest of pathsFrom(d, e.to)) out.push([i, ...rest]);
  });
  return out;
}

function naive(d: Dag, limit: number) {
  const k = d.names.length;
  const entries = d.entries.some(Boolean) ? d.entries.map((b, i) => (b ? i : -1)).filter((i) => i >= 0) : Array.from({ length: k }, (_, i) => i);
  const factorOf = (i: number) => d.edges[i]!.retry + 1;
  const namesOf = (start: number, path: number[]) => [d.names[start]!, ...path.map((i) => d.names[d.edges[i]!.to]!)];
  // Amplification through each call: max over entry paths ending with it, then the first chain in name order.
  const amp = new Map<number, { factor: number; names: string[] }>();
  for (const e of entries) {
    for (const path of pathsFrom(d, e)) {
      if (path.length === 0) continue;
      const last = path[path.length - 1]!;
      const factor = path.reduce((f, i) => f * factorOf(i), 1);
      const names = namesOf(e, path);
      const seen = amp.get(last);
      if (!seen || factor > seen.factor || (factor === seen.factor && compareNames(names, seen.names) < 0)) amp.set(last, { factor, names });
    }
  }
  // Worst-case time below each node: max Σ over maximal paths, first in name order.
  const worst = d.names.map((_, v) => {
    let best: { ms: number; names: string[] } | undefined;
    for (const path of pathsFrom(d, v)) {
      const end = path.length ? d.edges[path[path.length - 1]!]!.to : v;
      if (d.edges.some((e) => e.from === end)) continue; // not maximal
      const ms = path.reduce((s, i) => s + (d.edges[i]!.timeoutMs ?? 0) * (d.edges[i]!.retry + 1), 0);
      const names = namesOf(v, path);
      if (!best || ms > best.ms || (ms === best.ms && compareNames(names, best.names) < 0)) best = { ms, names };
    }
    return best!;
  });
  // Where amplification is reported: a retrying call over the limit with a retry-free way down to a leaf.
  const freeDown = (v: number): boolean => !d.edges.some((e) => e.from === v) || d.edges.some((e) => e.from === v && e.retry === 0 && freeDown(e.to));
  const reported = [...amp]
    .filter(([i, a]) => d.edges[i]!.retry >= 1 && a.factor > limit && freeDown(d.edges[i]!.to))
    .map(([i, a]) => `${d.names[d.edges[i]!.from]}>${d.names[d.edges[i]!.to]} ${a.factor} ${a.names.join(' → ')}`)
    .sort(compareStrings);
  return { amp, worst, reported };
}

describe('call graph DP = naive path enumeration (property)', () => {
  it('amplification, worst-case sums, the chains named and the calls reported agree on random DAGs', () => {
    fc.assert(
      fc.property(dagArb, fc.integer({ min: 1, max: 30 }), (d, limit) => {
        const m = model(dagText(d));
        const g = callGraph(m);
        const expected = naive(d, limit);
        assert.deepEqual(g.cycles, []);
        d.edges.forEach((e, i) => {
          const call = (m.elements.get(d.names[e.from]!) as Service).calls.find((c) => c.target === d.names[e.to])!;
          const got = g.amplificationAt(call);
          const want = expected.amp.get(i);
          assert.deepEqual(got && { factor: got.factor, names: got.chain.names }, want, `${d.names[e.from]} → ${d.names[e.to]}`);
        });
        d.names.forEach((name, v) => {
          const w = g.worstChain(name)!;
          assert.deepEqual({ ms: w.ms, text: w.text }, { ms: expected.worst[v]!.ms, text: expected.worst[v]!.names.join(' → ') }, name);
        });
        const reported = g
          .amplifiedCalls(limit)
          .map((a) => `${a.call.caller}>${a.call.target} ${a.factor} ${a.chain.names.join(' → ')}`)
          .sort(compareStrings);
        assert.deepEqual(reported, expected.reported);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------
// Large graphs: linear, no recursion, no cut-off.

describe('large call graphs', () => {
  it('a 5,000-service chain: no stack overflow, exact products up to the cap, exact sums', () => {
    const n = 5000;
    // Every 125th call retries once: 40 retrying calls, 2^40 at the end (exact); every call takes 1ms.
    const text = Array.from({ length: n }, (_, i) => `service s${i} { ${i === 0 ? 'entry; ' : ''}${i + 1 < n ? `call s${i + 1} { timeout 1ms; retry ${i % 125 === 0 ? 1 : 0} }` : ''} }`).join('\n');
    const m = model(text);
    const g = callGraph(m);
    assert.equal(g.amplificationOf(`s${n - 1}`), 2 ** 40);
    // 4,999 calls, 40 of them with two attempts.
    assert.deepEqual(g.worstChain('s0'), { ms: 4999 + 40, text: 's0 → s1 → s2 → s3 → s4 → s5 → s6 → s7 → s8 → s9 → … (4989 more) → s4999', length: n });
    const found = g.amplifiedCalls(10);
    assert.deepEqual(
      found.map((f) => [f.call.caller, f.factor, f.chain.names.length, f.chain.retrying.length]),
      [['s4875', 2 ** 40, 4877, 40]],
    );
  });
  it('a 200-service dense mesh (each calls every later one, retry 3): products saturate, no cycles', () => {
    const n = 200;
    const text = Array.from({ length: n }, (_, i) => {
      const calls = Array.from({ length: n - i - 1 }, (_, j) => `call s${i + j + 1} { timeout 1s; retry 3 }`);
      return `service s${i} { ${calls.join('; ')} }`;
    }).join('\n');
    const m = model(text);
    const g = callGraph(m);
    assert.equal(g.amplificationOf('s10'), 4 ** 10);
    assert.equal(g.amplificationOf('s24'), 4 ** 24);
    assert.equal(g.amplificationOf('s25'), Infinity);
    assert.deepEqual(g.cycles, []);
    // Only the calls into the last service end a chain without retrying again: s1 … s198 → s199.
    const found = g.amplifiedCalls(10);
    assert.equal(found.length, n - 2);
    assert.equal(found.filter((f) => f.factor === Infinity).length, n - 1 - 24);
    const s1 = found.find((f) => f.call.caller === 's1')!;
    assert.deepEqual([s1.factor, s1.chain.names], [16, ['s0', 's1', 's199']]);
    // Worst-case time: 4s per call along s0 → s1 → … → s199, 199 calls.
    assert.equal(g.worstChain('s0')!.ms, 199 * 4000);
    assert.equal(g.worstChain('s198')!.ms, 4000);
  });
  it('sums above the 1h cap saturate', () => {
    const text = Array.from({ length: 5 }, (_, i) => `service s${i} { ${i < 4 ? `call s${i + 1} { timeout 20m }` : ''} }`).join('\n');
    assert.equal(callGraph(model(text)).worstChain('s0')!.ms, Infinity);
    assert.equal(callGraph(model(text)).worstChain('s2')!.ms, 40 * 60_000);
    assert.ok(40 * 60_000 < MAX_WORST_CASE_MS);
  });
});
