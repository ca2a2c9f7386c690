import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildModelFromText } from '../../language/model/build';
import { analyzeLoad, formatNumber, loadAnalysis } from './load';

const model = (text: string) => {
  const m = buildModelFromText(text);
  const errors = m.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((d) => d.message), []);
  return m;
};

describe('load analysis', () => {
  it('is computed once per model', () => {
    const m = model(`gateway edge { load 10; routes api }\nservice api {}\n`);
    assert.equal(loadAnalysis(m), loadAnalysis(m));
  });

  it('carries the load along every synchronous path, one request one call, reads and writes included', () => {
    const m = model(
      `client app { load 100; call edge { timeout 1s; retry 1 } }\n` +
        `gateway edge { routes api }\n` +
        `service api { call a { timeout 1s }; call b { timeout 1s; retry 2 }; reads db; writes db }\n` +
        `service a { reads db }\nservice b { writes db }\nstore db {}\n`,
    );
    const l = loadAnalysis(m);
    assert.equal(l.declared, true);
    const at = (name: string) => ({ base: l.of(name)!.base, peak: l.of(name)!.peak });
    assert.deepEqual(at('app'), { base: 100, peak: 100 });
    assert.deepEqual(at('edge'), { base: 100, peak: 200 });
    assert.deepEqual(at('b'), { base: 100, peak: 600 });
    // api reads and writes (2), a reads (1), b writes (1): 4 requests per request; 400 + 200 + 600 with retries.
    assert.deepEqual(at('db'), { base: 400, peak: 1200 });
  });

  it('where no load is declared, everything takes 0 and the capacity facts remain', () => {
    const m = model(`region r { zones a, b, c }\ngateway edge { routes api }\nservice api { replicas 3; zones a, b, c; capacity 200 }\n`);
    const l = loadAnalysis(m);
    assert.equal(l.declared, false);
    assert.deepEqual(l.of('api'), {
      element: 'api',
      base: 0,
      peak: 0,
      unprotectedBase: 0,
      unprotectedPeak: 0,
      capacity: { perReplica: 200, replicas: 3, total: 600 },
      zoneLoss: { zone: 'a', lost: 1, left: 2, capacity: 400, zoneCount: 3 },
    });
    assert.equal(l.capacityAfterLosing('api', 'b'), 400);
  });

  it('a retry budget caps the factor at 1 + P/100 and makes its paths bounded; a breaker bounds without capping', () => {
    const m = model(
      `client a { load 100; call api { timeout 1s; retry 3; retry-budget 20% } }\n` +
        `client b { load 100; call api { timeout 1s; retry 3; circuit-breaker { failure-rate 50% } } }\n` +
        `client c { load 100; call api { timeout 1s; retry 1 } }\n` +
        `service api {}\n`,
    );
    const api = loadAnalysis(m).of('api')!;
    assert.equal(api.base, 300);
    assert.equal(api.peak, 120 + 400 + 200);
    assert.equal(api.unprotectedBase, 100);
    assert.equal(api.unprotectedPeak, 200);
    assert.deepEqual(loadAnalysis(m).stormChain('api')?.names, ['c', 'api']);
  });

  it('a cycle is bounded: its members take the inflow once, and calls inside it multiply nothing', () => {
    const m = model(
      `gateway edge { load 50; routes a }\n` +
        `service a { call b { timeout 1s; retry 5 } }\n` +
        `service b { call a { timeout 1s; retry 5 }; call c { timeout 1s; retry 1 } }\n` +
        `service c {}\n`,
    );
    const l = loadAnalysis(m);
    for (const name of ['a', 'b']) assert.deepEqual([l.of(name)!.base, l.of(name)!.peak], [50, 50], name);
    assert.deepEqual([l.of('c')!.base, l.of('c')!.peak], [50, 100]);
    assert.deepEqual(l.stormChain('c')?.names, ['edge', 'a', 'b', 'c']);
  });

  it('operations that list their calls are nodes of their own; the service takes the sum of its nodes', () => {
    const m = model(
      `gateway edge { load 10; routes front }\n` +
        `service front { call mid.get { timeout 1s; retry 1 }; call mid { timeout 1s } }\n` +
        `service mid { operation get { calls back }; call back { timeout 1s; retry 2 }; call other { timeout 1s }; reads db }\n` +
        `service back {}\nservice other {}\nstore db {}\n`,
    );
    const l = loadAnalysis(m);
    assert.deepEqual([l.of('mid')!.base, l.of('mid')!.peak], [20, 30]);
    // mid.get (20 with front's retry) and mid (10) both call back, ×3.
    assert.deepEqual([l.of('back')!.base, l.of('back')!.peak], [20, 90]);
    // Only the service's own node calls `other`; reads are made by every request.
    assert.deepEqual([l.of('other')!.base, l.of('db')!.base], [10, 20]);
    assert.deepEqual(
      l.sourcesOf('back').map((s) => [s.name, s.base]),
      [['edge', 20]],
    );
  });

  it('names the sources by share, with many sources as with few', () => {
    const clients = Array.from({ length: 10 }, (_, i) => `client c${i} { load ${10 * (i + 1)}; call api { timeout 1s } }`).join('\n');
    const many = model(`${clients}\nservice api { reads db; writes db }\nstore db {}\n`);
    const few = model(`${clients.split('\n').slice(0, 3).join('\n')}\nservice api { reads db; writes db }\nstore db {}\n`);
    const shares = (m: ReturnType<typeof model>) => loadAnalysis(m).sourcesOf('db').map((x) => `${x.name} ${x.base}`);
    assert.deepEqual(shares(many), ['c9 200', 'c8 180', 'c7 160', 'c6 140', 'c5 120', 'c4 100', 'c3 80', 'c2 60', 'c1 40', 'c0 20']);
    assert.deepEqual(shares(few), ['c2 60', 'c1 40', 'c0 20']);
    assert.deepEqual(loadAnalysis(many).sourcesOf('api', 2).map((x) => x.name), ['c9', 'c8']);
    assert.equal(loadAnalysis(many).of('db')!.base, 1100);
  });

  it('a `load` on an element that is not an entry point counts nothing (it is a schema error)', () => {
    const m = buildModelFromText(`gateway edge { routes api }\nservice api { load 500 }\n`);
    assert.equal(loadAnalysis(m).declared, false);
  });

  it('formats rates for people', () => {
    assert.deepEqual([1250, 12.46, 0.254, 100.4, 7, Infinity].map(formatNumber), ['1,250', '12.5', '0.25', '100', '7', 'more than 10^15']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties on random DAGs: the linear pass equals the sum over every path.

interface Dag {
  n: number;
  edges: { from: number; to: number; retry: number; guard: 'none' | 'breaker' | 'budget' }[];
  loads: (number | undefined)[];
}

const dagArb: fc.Arbitrary<Dag> = fc.integer({ min: 2, max: 9 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc
      .uniqueArray(
        fc.tuple(fc.nat(n - 1), fc.nat(n - 1)).filter(([a, b]) => a < b),
        { selector: ([a, b]) => `${a}>${b}`, maxLength: 20 },
      )
      .chain((pairs) =>
        fc.tuple(...pairs.map(([from, to]) => fc.record({ from: fc.constant(from), to: fc.constant(to), retry: fc.nat(3), guard: fc.constantFrom('none' as const, 'none' as const, 'breaker' as const, 'budget' as const) }))),
      ),
    loads: fc.array(fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }), { minLength: n, maxLength: n }),
  }),
);

function dagText(d: Dag, order: number[] = [...Array(d.n).keys()]): string {
  return (
    order
      .map((v) => {
        const calls = d.edges
          .filter((e) => e.from === v)
          .map((e) => `  call s${e.to} { timeout 1s; retry ${e.retry}${e.guard === 'budget' ? '; retry-budget 25%' : e.guard === 'breaker' ? '; circuit-breaker { failure-rate 50% }' : ''} }`);
        const load = d.loads[v];
        return `service s${v} {\n  entry\n${load !== undefined ? `  load ${load}\n` : ''}${calls.join('\n')}\n}`;
      })
      .join('\n') + '\n'
  );
}

function naive(d: Dag) {
  const out = Array.from({ length: d.n }, () => ({ base: 0, peak: 0, ub: 0, up: 0 }));
  const walk = (v: number, load: number, f: number, guarded: boolean) => {
    out[v]!.base += load;
    out[v]!.peak += load * f;
    if (!guarded) {
      out[v]!.ub += load;
      out[v]!.up += load * f;
    }
    for (const e of d.edges) {
      if (e.from !== v) continue;
      // A budget without `retry` still retries, within the budget (calls.ts attemptFactor).
      const factor = e.guard === 'budget' ? (e.retry >= 1 ? Math.min(e.retry + 1, 1.25) : 1.25) : e.retry + 1;
      walk(e.to, load, f * factor, guarded || e.guard !== 'none');
    }
  };
  d.loads.forEach((load, v) => load !== undefined && walk(v, load, 1, false));
  return out;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe('load analysis = the sum over every path (property)', () => {
  it('base, peak and the unbounded shares agree with path enumeration on random DAGs', () => {
    fc.assert(
      fc.property(dagArb, (d) => {
        const l = analyzeLoad(model(dagText(d)));
        const want = naive(d);
        for (let v = 0; v < d.n; v++) {
          const got = l.of(`s${v}`)!;
          const w = want[v]!;
          for (const [k, a, b] of [['base', got.base, w.base], ['peak', got.peak, w.peak], ['unprotectedBase', got.unprotectedBase, w.ub], ['unprotectedPeak', got.unprotectedPeak, w.up]] as const) {
            assert.ok(close(a, b), `s${v} ${k}: ${a} ≠ ${b}\n${dagText(d)}`);
          }
          const shares = l.sourcesOf(`s${v}`).reduce((s, x) => s + x.base, 0);
          assert.ok(close(shares, w.base), `s${v} sources: ${shares} ≠ ${w.base}`);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('declaration order changes nothing, to the last bit', () => {
    fc.assert(
      fc.property(
        dagArb.chain((d) => fc.tuple(fc.constant(d), fc.shuffledSubarray([...Array(d.n).keys()], { minLength: d.n, maxLength: d.n }))),
        ([d, order]) => {
          const a = analyzeLoad(model(dagText(d)));
          const b = analyzeLoad(model(dagText(d, order)));
          for (let v = 0; v < d.n; v++) {
            assert.deepEqual(b.of(`s${v}`), a.of(`s${v}`));
            assert.deepEqual(b.stormChain(`s${v}`)?.names, a.stormChain(`s${v}`)?.names);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('loads scale linearly, and peak ≥ base, unbounded ≤ total', () => {
    fc.assert(
      fc.property(dagArb, fc.integer({ min: 2, max: 7 }), (d, k) => {
        const a = analyzeLoad(model(dagText(d)));
        const b = analyzeLoad(model(dagText({ ...d, loads: d.loads.map((x) => (x === undefined ? x : x * k)) })));
        for (let v = 0; v < d.n; v++) {
          const x = a.of(`s${v}`)!;
          const y = b.of(`s${v}`)!;
          assert.ok(close(y.base, x.base * k) && close(y.peak, x.peak * k));
          assert.ok(x.peak >= x.base - 1e-9 && x.unprotectedBase <= x.base + 1e-9 && x.unprotectedPeak <= x.peak + 1e-9);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('large graphs', () => {
  it('a 5,000-service chain and a 150-service dense mesh: linear, no recursion', () => {
    const chain = Array.from({ length: 5000 }, (_, i) => `service s${i} { ${i === 0 ? 'entry; load 100; ' : ''}${i + 1 < 5000 ? `call s${i + 1} { timeout 1ms; retry 1 }` : ''} }`).join('\n');
    const l = analyzeLoad(buildModelFromText(chain));
    assert.equal(l.of('s4999')!.base, 100);
    assert.equal(l.of('s4999')!.peak, Infinity); // 100 × 2^4999
    assert.equal(l.stormChain('s4999')!.names.length, 5000);
    const lines: string[] = [];
    for (let i = 0; i < 150; i++) lines.push(`service s${i} {${i === 0 ? ' entry; load 1;' : ''}`, ...Array.from({ length: 150 - i - 1 }, (_, j) => `  call s${i + j + 1} { timeout 1s }`), '}');
    const t0 = performance.now();
    const mesh = analyzeLoad(buildModelFromText(lines.join('\n')));
    // Paths from s0 to s149 in the complete DAG: 2^148.
    assert.ok(close(mesh.of('s149')!.base, 2 ** 148));
    assert.ok(performance.now() - t0 < 5000);
  });
});
