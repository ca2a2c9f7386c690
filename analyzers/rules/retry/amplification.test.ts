import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareStrings } from '../../../language/compare';
import type { Diagnostic } from '../../../language/diagnostic';
import { exceedsCaller } from '../timeout/exceeds-caller';
import { lint, ruleTester } from '../test-kit';
import { amplification } from './amplification';

// edge → front → middle → back, each call retried 3 times: 4 × 4 = 16 attempts at `back`.
const chain = (frontRetry: number, middleRetry: number) =>
  `gateway edge { routes front }\n` +
  `service front {\n  call middle.get {\n    timeout 2s\n    retry ${frontRetry}\n  }\n}\n` +
  `service middle {\n  operation get { idempotent }\n  call back.get {\n    timeout 500ms\n    retry ${middleRetry}\n  }\n}\n` +
  `service back { operation get { idempotent } }\n`;

ruleTester(amplification, {
  valid: [
    { name: '4 × 2 = 8 ≤ 10', code: chain(3, 1) },
    { name: 'retry only at the outermost level', code: chain(9, 0) },
    { name: 'a raised limit', code: chain(3, 3), config: { amplificationLimit: 20 } },
    {
      name: 'a cycle without retries multiplies nothing',
      code: `gateway edge { routes a }\nservice a { call b { timeout 1s } }\nservice b { call a { timeout 1s; retry 0 } }\n`,
    },
    {
      name: 'SPEC §5.1: a retry budget bounds the hop to 1 + budget: 4 × 1.2 = 4.8',
      code: chain(3, 3).replace('    retry 3\n  }\n}\nservice back', '    retry 3\n    retry-budget 20%\n  }\n}\nservice back'),
    },
    {
      name: 'SPEC §5.1: chains through an operation that lists its calls follow only those',
      code:
        `gateway edge { routes front }\n` +
        `service front { call middle.get { timeout 2s; retry 3 } }\n` +
        `service middle {\n  operation get { idempotent; calls back.get }\n  operation report { calls audit.log }\n  call back.get { timeout 500ms }\n  call audit.log { timeout 500ms; retry 9 }\n}\n` +
        `service back { operation get { idempotent } }\nservice audit { operation log { idempotent } }\n`,
    },
  ],
  invalid: [
    {
      code: chain(3, 3),
      errors: [{ line: 12, column: 5, endLine: 12, endColumn: 12, message: 'Retries multiply to 16× on `back.get` along edge → front → middle → back (4 × 4 attempts, limit 10)', severity: 'warning', related: [{ line: 5, column: 5, message: 'retry 3 on `front` → `middle.get` (×4)' }] }],
    },
    {
      name: 'a lower limit; the deepest retrying call is reported once, along the first of the equally bad chains',
      code: chain(1, 2) + `service extra { entry; call middle.get { timeout 1s; retry 1 } }\n`,
      config: { amplificationLimit: 4 },
      errors: [{ line: 12, column: 5, message: 'Retries multiply to 6× on `back.get` along edge → front → middle → back' }],
    },
    {
      name: 'a synchronous cycle that retries is unbounded: one finding, on its first retrying call',
      code: `gateway edge { routes a }\nservice b { call a { timeout 1s; retry 2 } }\nservice a { call b { timeout 1s; retry 2 } }\n`,
      errors: [
        {
          line: 3,
          column: 34,
          message: 'Retry amplification is unbounded on the synchronous cycle a → b → a (3 × 3 attempts per round, limit 10): a request that goes round it multiplies its attempts again on every round',
          related: [{ line: 2, column: 34, message: 'retry 2 on `b` → `a` (×3)' }],
        },
      ],
    },
    {
      name: 'a call to itself; calls out of a cycle still multiply (cycle calls count 1)',
      code: `service a { entry; call a { timeout 1s; retry 1 }; call b { timeout 1s; retry 4 } }\nservice b { call c { timeout 1s; retry 4 } }\nservice c {}\n`,
      errors: [
        { line: 1, column: 41, message: 'Retry amplification is unbounded on the synchronous cycle a → a (2 attempts per round' },
        { line: 2, column: 34, message: 'Retries multiply to 25× on `c` along a → b → c (5 × 5 attempts, limit 10)' },
      ],
    },
    {
      name: 'the cycle named inside a larger group of services that call one another',
      code: `service a { entry; call b { timeout 1s }; call c { timeout 1s } }\nservice b { call a { timeout 1s; retry 1 } }\nservice c { call a { timeout 1s } }\n`,
      errors: [{ line: 2, column: 34, message: 'cycle b → a → b (2 attempts per round, limit 10) (the cycle lies among 3 elements that call one another: a, b, c)' }],
    },
    {
      name: 'SPEC §5.1: a client is the first hop: its retries multiply with those below',
      code: chain(3, 0) + `client web { instances 10000; load 500; call edge { timeout 5s; retry 3 } }\n`,
      errors: [{ line: 5, column: 5, message: 'Retries multiply to 16× on `middle.get` along web → edge → front → middle (4 × 4 attempts, limit 10)', related: [{ line: 16, column: 65, message: 'retry 3 on `web` → `edge` (×4)' }] }],
    },
    {
      name: 'SPEC §5.1: a retry budget counts as 1 + budget in the product',
      code: chain(9, 3).replace('    retry 3\n  }\n}\nservice back', '    retry 3\n    retry-budget 50%\n  }\n}\nservice back'),
      errors: [{ line: 12, column: 5, message: 'Retries multiply to 15× on `back.get` along edge → front → middle → back (10 × 1.5 attempts, limit 10)' }],
    },
    {
      name: 'SPEC §5.1: the operation a chain goes through keeps the calls it lists',
      code:
        `gateway edge { routes front }\n` +
        `service front { call middle.get { timeout 2s; retry 3 } }\n` +
        `service middle {\n  operation get { idempotent; calls back.get }\n  operation report { calls audit.log }\n  call back.get { timeout 500ms; retry 3 }\n  call audit.log { timeout 500ms; retry 9 }\n}\n` +
        `service back { operation get { idempotent } }\nservice audit { operation log { idempotent } }\n`,
      errors: [{ line: 6, column: 34, message: 'Retries multiply to 16× on `back.get` along edge → front → middle.get → back (4 × 4 attempts' }],
    },
    {
      name: 'a service whose operations list no calls keeps today\'s meaning: every call on every operation',
      code:
        `gateway edge { routes front }\n` +
        `service front { call middle.get { timeout 2s; retry 3 } }\n` +
        `service middle {\n  operation get { idempotent }\n  operation report\n  call back.get { timeout 500ms }\n  call audit.log { timeout 500ms; retry 9 }\n}\n` +
        `service back { operation get { idempotent } }\nservice audit { operation log { idempotent } }\n`,
      errors: [{ line: 7, column: 35, message: 'Retries multiply to 40× on `audit.log` along edge → front → middle → audit' }],
    },
  ],
});

// ---------------------------------------------------------------------------------------------------------

/** A small deterministic generator (no Math.random in tests either: a failure must replay). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
function shuffled<T>(items: readonly T[], next: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * A 31-service mesh behind one gateway: 4 front services, 9 middle, 18 back, calls between layers with retries
 * and timeouts chosen by a fixed seed, so that many chains tie. Each declaration, each route and each call is a
 * separate line, so shuffling reorders them without changing what the model says.
 */
function mesh(order: number) {
  const next = lcg(9);
  const front = Array.from({ length: 4 }, (_, i) => `front-${i}`);
  const middle = Array.from({ length: 9 }, (_, i) => `mid-${i}`);
  const back = Array.from({ length: 18 }, (_, i) => `back-${i}`);
  const all = [...front, ...middle, ...back];
  const calls = new Map<string, string[]>();
  const wire = (from: string[], to: string[]) => {
    for (const f of from) {
      const targets = to.filter((t) => next() < 0.5 && all.indexOf(t) > all.indexOf(f));
      calls.set(f, targets.map((t) => `  call ${t} { timeout ${1 + Math.floor(next() * 3)}s; retry ${Math.floor(next() * 4)} }`));
    }
  };
  wire(front, middle);
  wire(middle, [...middle.slice(3), ...back]); // middle services also call later ones: chains of different lengths
  wire(back.slice(0, 6), back.slice(6));
  const shuffle = lcg(order);
  const mix = <T,>(xs: readonly T[]) => (order === 0 ? [...xs] : shuffled(xs, shuffle));
  const services = [...front, ...middle, ...back].map((s) => `service ${s} {\n${mix(calls.get(s) ?? []).join('\n')}\n}`);
  const gateway = `gateway edge {\n  routes ${mix(front).join(', ')}\n}`;
  return mix([gateway, ...services]).join('\n') + '\n';
}

/** What a finding says, without where it is (positions move when declarations move). */
const said = (list: Diagnostic[]) => list.map((d) => [d.message, ...(d.related ?? []).map((r) => `  ${r.message}`)].join('\n')).sort(compareStrings);

describe('findings do not depend on declaration order', () => {
  it('the 31-service mesh: the same findings whatever the order of services, routes and calls', () => {
    const amp = (text: string) => [8, 100].map((limit) => said(lint(amplification, text, { amplificationLimit: limit })));
    const base = { amp: amp(mesh(0)), timeout: said(lint(exceedsCaller, mesh(0))) };
    // Enough findings, and long enough chains, that ties between chains are everywhere.
    assert.ok(base.amp[0]!.length >= 50 && base.amp[1]!.length >= 20, `${base.amp.map((a) => a.length)}`);
    assert.ok(base.amp[1]!.some((m) => m.includes('(4 × 3 × 3 × 4 × 3 attempts')));
    assert.ok(base.timeout.length >= 20);
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const text = mesh(seed);
      assert.notEqual(text, mesh(0));
      assert.deepEqual(amp(text), base.amp, `seed ${seed}`);
      assert.deepEqual(said(lint(exceedsCaller, text)), base.timeout, `seed ${seed}`);
    }
  });
  it('a cycle is reported the same way whichever service is declared first', () => {
    const ring = ['c', 'a', 'd', 'b'];
    const text = (names: string[]) => names.map((n) => `service ${n} { entry; call ${ring[(ring.indexOf(n) + 1) % ring.length]} { timeout 1s; retry 1 } }`).join('\n');
    const want = said(lint(amplification, text(ring)));
    assert.equal(want.length, 1);
    assert.match(want[0]!, /cycle a → d → b → c → a \(2 × 2 × 2 × 2 attempts per round/);
    for (const seed of [1, 2, 3]) assert.deepEqual(said(lint(amplification, text(shuffled(ring, lcg(seed))))), want);
  });
});

describe('large graphs', () => {
  it('a 200-service dense mesh: every call into the last service, products beyond 10^15 say so', () => {
    const n = 200;
    const text = Array.from({ length: n }, (_, i) => `service s${i} {\n${Array.from({ length: n - i - 1 }, (_, j) => `  call s${i + j + 1} { timeout 1s; retry 3 }`).join('\n')}\n}`).join('\n');
    const found = lint(amplification, text);
    assert.equal(found.length, n - 2);
    const worst = found.filter((d) => d.message.startsWith('Retries multiply to more than 10^15× on `s199`'));
    assert.equal(worst.length, n - 1 - 24);
    assert.match(worst[0]!.message, /along s0 → s1 → .* → … \(\d+ more\) → s199 \(\d+ retrying calls: 4 × 4 × 4 × 4 × 4 × 4 × … × 4 attempts, limit 10\): one failing request at the entry becomes more than 10\^15 attempts here/);
    assert.ok(worst.every((d) => (d.related?.length ?? 0) <= 10));
    assert.ok(found.some((d) => d.message.startsWith('Retries multiply to 16× on `s199` along s0 → s1 → s199 (4 × 4 attempts')));
  });
  it('a 5,000-service chain that retries at every level: one finding, saturated', () => {
    const n = 5000;
    const text = Array.from({ length: n }, (_, i) => `service s${i} { ${i === 0 ? 'entry; ' : ''}${i + 1 < n ? `call s${i + 1} { timeout 1ms; retry 1 }` : ''} }`).join('\n');
    const found = lint(amplification, text);
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /^Retries multiply to more than 10\^15× on `s4999` along s0 → s1 → .* → … \(4989 more\) → s4999 \(4999 retrying calls: 2 × 2 × 2 × 2 × 2 × 2 × … × 2 attempts, limit 10\)/);
  });
});
