import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Engine, type Limits } from './engine';
import { Heap } from './heap';

const LIMITS: Limits = { maxEvents: 1_000_000, maxTimeMs: 1e12, maxWallMs: 1e12, checkEvery: 16 };

describe('sim/heap', () => {
  it('pops by time, and in push order at equal times (a stable sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const h = new Heap<number>();
        times.forEach((t, i) => h.push(t, i));
        const out: number[] = [];
        for (let e = h.pop(); e; e = h.pop()) out.push(e.value);
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
        assert.deepEqual(out, expected);
      }),
    );
  });
});

describe('sim/heap: interleaved', () => {
  it('pushes and pops in any order like a stable sort of what is queued, past its initial capacity', () => {
    const op = fc.oneof(fc.integer({ min: 0, max: 30 }).map((t) => ({ push: t })), fc.constant({ pop: true as const }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const h = new Heap<number>();
        const queued: { t: number; i: number }[] = [];
        ops.forEach((o, i) => {
          if ('push' in o) {
            h.push(o.push, i);
            queued.push({ t: o.push, i });
            return;
          }
          queued.sort((a, b) => a.t - b.t || a.i - b.i);
          const want = queued.shift();
          assert.equal(h.topTime(), want ? want.t : Infinity);
          assert.equal(h.popValue(), want?.i);
        });
        assert.equal(h.size, queued.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('sim/engine', () => {
  it('runs events in time order, interleaving events scheduled while running', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 50 })), { maxLength: 60 }), (specs) => {
        const e = new Engine<{ id: number; spawn: number }>({ limits: LIMITS });
        specs.forEach(([t, spawn], id) => e.schedule(t, { id, spawn }));
        const seen: number[] = [];
        let next = specs.length;
        const r = e.run(Infinity, (ev) => {
          seen.push(e.now);
          // Each original event schedules one child, `spawn` ms later.
          if (ev.id < specs.length) e.after(ev.spawn, { id: next++, spawn: 0 });
        });
        assert.equal(r.stoppedBy, 'done');
        assert.equal(r.events, specs.length * 2);
        for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! >= seen[i - 1]!, 'time never runs backwards');
      }),
    );
  });

  it('clamps a time in the past (or NaN) to now', () => {
    const e = new Engine<string>({ limits: LIMITS });
    const order: string[] = [];
    e.schedule(10, 'first');
    e.run(Infinity, (ev) => {
      order.push(`${ev}@${e.now}`);
      if (ev === 'first') {
        e.schedule(3, 'past');
        e.after(NaN, 'nan');
        e.after(-5, 'negative');
      }
    });
    assert.deepEqual(order, ['first@10', 'past@10', 'nan@10', 'negative@10']);
  });

  it('stops at `untilMs` with `done` and can go on in a later phase', () => {
    const e = new Engine<number>({ limits: LIMITS });
    for (const t of [1, 5, 10, 20]) e.schedule(t, t);
    const seen: number[] = [];
    assert.equal(e.run(10, (t) => seen.push(t)).stoppedBy, 'done');
    assert.deepEqual(seen, [1, 5, 10]);
    assert.equal(e.pending, 1);
    assert.equal(e.run(100, (t) => seen.push(t)).stoppedBy, 'done');
    assert.deepEqual(seen, [1, 5, 10, 20]);
  });

  it('stops an endless run at the event limit', () => {
    const e = new Engine<null>({ limits: { ...LIMITS, maxEvents: 500 } });
    e.schedule(0, null);
    const r = e.run(Infinity, () => e.after(1, null));
    assert.deepEqual(r, { stoppedBy: 'events', events: 500, timeMs: 499 });
  });

  it('stops at the virtual-time limit', () => {
    const e = new Engine<null>({ limits: { ...LIMITS, maxTimeMs: 1000 } });
    e.schedule(0, null);
    const r = e.run(Infinity, () => e.after(300, null));
    assert.equal(r.stoppedBy, 'time');
    assert.equal(r.timeMs, 900);
  });

  it('stops on wall time measured by the injected clock, checked every N events', () => {
    let clock = 0;
    let calls = 0;
    const now = () => {
      calls++;
      return clock;
    };
    const e = new Engine<null>({ limits: { ...LIMITS, maxWallMs: 100, checkEvery: 10 }, now });
    e.schedule(0, null);
    const r = e.run(Infinity, () => {
      clock += 1; // each event "takes" 1 ms of wall time
      e.after(1, null);
    });
    assert.equal(r.stoppedBy, 'wall');
    assert.ok(r.events >= 100 && r.events <= 110, `${r.events} events`);
    assert.ok(calls <= r.events / 10 + 2, 'the clock is read once per check, not per event');
  });

  it('stops when the token is cancelled, within checkEvery events', () => {
    const token = { cancelled: false };
    const e = new Engine<null>({ limits: { ...LIMITS, checkEvery: 8 }, cancel: token });
    e.schedule(0, null);
    const r = e.run(Infinity, () => {
      if (e.events === 20) token.cancelled = true;
      e.after(1, null);
    });
    assert.equal(r.stoppedBy, 'cancelled');
    assert.ok(r.events >= 20 && r.events <= 28);
  });

  it('reports a throwing handler as a result, not an exception', () => {
    const e = new Engine<null>({ limits: LIMITS });
    e.schedule(7, null);
    assert.deepEqual(
      e.run(Infinity, () => {
        throw new Error('protocol bug');
      }),
      { stoppedBy: 'error', events: 1, timeMs: 7, error: 'protocol bug' },
    );
  });
});
