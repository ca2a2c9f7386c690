import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fault } from '../../language/model/types';
import { DEFAULT_LIMITS } from './defaults';
import type { Record } from './history';
import type { Topology } from './network';
import type { Protocol } from './protocols/types';
import { simulate } from './run';
import { crash, heal, leaderWithin, modelOf, noLostWrites, noSplitBrain, partition, pause, restart, scenarioOf } from './test-kit';
import { World, type WorldConfig } from './world';

/*
 * A probe protocol: node 0 sends `hello` to everyone when it starts and `again` on its timer (t≈20 and 40); every node
 * logs what it handles, with the time. So a test sees exactly which messages and timers reached which node when.
 */
interface Probe {
  seen: readonly string[];
}
const probe: Protocol<Probe, string> = {
  name: 'probe',
  init: () => ({ seen: [] }),
  recover: (s) => ({ seen: [...s.seen, 'recovered'] }),
  step: (s, input, ctx) => {
    const out = { state: s, messages: [] as { to: number; msg: string }[], timers: [] as { name: string; afterMs: number }[], replies: [] };
    if (input.kind === 'start') {
      if (ctx.self === 0) for (let i = 1; i < ctx.n; i++) out.messages.push({ to: i, msg: 'hello' });
      out.timers.push({ name: 'again', afterMs: 20 });
    } else if (input.kind === 'message') out.state = { seen: [...s.seen, `${ctx.now}: ${input.msg} from ${input.from}`] };
    else if (input.kind === 'timer') {
      out.state = { seen: [...s.seen, `${ctx.now}: timer ${input.name}`] };
      if (ctx.self === 0) for (let i = 1; i < ctx.n; i++) out.messages.push({ to: i, msg: 'again' });
      if (ctx.self === 0 && ctx.now < 30) out.timers.push({ name: 'again', afterMs: 20 });
    }
    return out;
  },
  observe: () => ({ leader: false, term: 0 }),
  logIds: () => [],
  describe: (m) => m,
};

const NET = { sameZone: { min: 10, max: 10 }, crossZone: { min: 10, max: 10 }, crossRegion: { min: 10, max: 10 }, lossPercent: 0 };
const TOPO: Topology = { n: 3, zone: ['a', 'b', 'c'], region: ['r', 'r', 'r'], latency: NET };
const M = modelOf('store db { replicas 3 }');

function run(faults: Fault[], over: Partial<WorldConfig<Probe, string>> = {}) {
  const world = new World<Probe, string>({
    protocol: probe,
    topology: TOPO,
    crashedByZoneLoss: () => [],
    faults,
    durationMs: 200,
    settleMs: 0,
    load: 0,
    heartbeatMs: 0.001, // every node boots at t≈0
    clientTimeoutMs: 1000,
    clientAttempts: 3,
    seed: 1,
    limits: DEFAULT_LIMITS,
    trace: true,
    ...over,
  });
  const nodes = (world as unknown as { nodes: { state: Probe }[] }).nodes;
  const result = world.run();
  return { result, seen: (i: number) => nodes[i]!.state.seen.map((line) => line.replace(/^[\d.]+/, (t) => String(Math.round(Number(t))))) };
}

function faults(...specs: Parameters<typeof scenarioOf>[1]['faults'] & object): Fault[] {
  return scenarioOf(M, { target: 'db', faults: specs }).faults as Fault[];
}

describe('sim/world', () => {
  it('delivers after the drawn latency and fires timers', () => {
    const { seen } = run([]);
    assert.deepEqual(seen(1), ['10: hello from 0', '20: timer again', '30: again from 0', '50: again from 0']);
  });

  it('drops the messages a crashed node had not yet delivered, and gives a crashed node nothing', () => {
    const { seen, result } = run(faults(crash(5, 0), crash(5, 2)));
    assert.deepEqual(seen(1), ['20: timer again'], 'hello (due at t=10) died with its sender');
    assert.deepEqual(seen(2), []);
    const discarded = result.history.filter((r) => r.kind === 'discard').map((r) => (r as Extract<Record, { kind: 'discard' }>).why);
    assert.deepEqual(discarded, ['sender crashed', 'sender crashed']);
  });

  it('a paused node handles what arrived and what fell due, in order, when it resumes', () => {
    const { seen } = run(faults(pause(2, 1, 100)));
    assert.deepEqual(seen(1), ['102: hello from 0', '102: timer again', '102: again from 0', '102: again from 0']);
  });

  it('drops messages across a partition until heal', () => {
    const { seen } = run(faults(partition(0, ['a'], ['b']), heal(25)));
    assert.deepEqual(seen(1), ['20: timer again', '50: again from 0'], 'the first two were sent while a | b');
    assert.deepEqual(seen(2), ['20: timer again', '50: again from 0'], 'zone c, named by no side, is a side of its own');
  });

  it('a restarted node starts from what it persisted', () => {
    const { seen } = run(faults(crash(5, 1), restart(50, 1)));
    assert.deepEqual(seen(1), ['recovered', '50: again from 0', '70: timer again']);
  });

  it('gives the same history for the same seed', () => {
    const a = run(faults(crash(15, 0)), { topology: { ...TOPO, latency: { ...NET, crossZone: { min: 1, max: 30 } } } });
    const b = run(faults(crash(15, 0)), { topology: { ...TOPO, latency: { ...NET, crossZone: { min: 1, max: 30 } } } });
    assert.deepEqual(a.result.history, b.result.history);
  });
});

/*
 * A watchdog: node 0 sends node 1 a message every 10 ms for 200 ms; node 1 re-arms a 50 ms `watchdog` timer on
 * each (`tick`), or a 5 ms one (`soon`), or cancels it (`stop`), and notes when it fires. So a test sees the lazy
 * timers at work: a timer set again and again fires once, at exactly the instant it was last set for.
 */
interface Dog {
  sent: number;
  fired: readonly number[];
}
function watchdog(say: (k: number) => string): Protocol<Dog, string> {
  return {
    name: 'watchdog',
    init: () => ({ sent: 0, fired: [] }),
    recover: (s) => s,
    step: (s, input, ctx) => {
      const out = { state: s, messages: [] as { to: number; msg: string }[], timers: [] as ({ name: string; afterMs: number } | { name: string; cancel: true })[], replies: [] };
      if (ctx.self === 0 && (input.kind === 'start' || input.kind === 'timer')) {
        if (input.kind === 'timer') {
          out.state = { ...s, sent: s.sent + 1 };
          out.messages.push({ to: 1, msg: say(s.sent + 1) });
        }
        if (out.state.sent < 20) out.timers.push({ name: 'tick', afterMs: 10 });
      } else if (ctx.self === 1 && input.kind === 'message') {
        out.timers.push(input.msg === 'stop' ? { name: 'watchdog', cancel: true } : { name: 'watchdog', afterMs: input.msg === 'soon' ? 5 : 50 });
      } else if (ctx.self === 1 && input.kind === 'timer') out.state = { ...s, fired: [...s.fired, Math.round(ctx.now)] };
      return out;
    },
    observe: () => ({ leader: false, term: 0 }),
    logIds: () => [],
    describe: (m) => m,
  };
}

function runDog(say: (k: number) => string) {
  const world = new World<Dog, string>({
    protocol: watchdog(say),
    topology: { ...TOPO, n: 2 },
    crashedByZoneLoss: () => [],
    faults: [],
    durationMs: 400,
    settleMs: 0,
    load: 0,
    heartbeatMs: 0.001,
    clientTimeoutMs: 1000,
    clientAttempts: 3,
    seed: 1,
    limits: DEFAULT_LIMITS,
    trace: true,
  });
  const nodes = (world as unknown as { nodes: { state: Dog }[] }).nodes;
  const result = world.run();
  return { fired: nodes[1]!.state.fired, events: result.engine.events };
}

describe('sim/world: lazy timers', () => {
  it('a timer set again before it falls due fires once, at the last time it was set for, for a few events', () => {
    const { fired, events } = runDog(() => 'tick');
    assert.deepEqual(fired, [260], 'the last tick arrives at t=210: 50 ms later');
    // 2 boots, 20 tick timers, 20 messages, the settle event, and a handful of watchdog events (not one per set).
    assert.ok(events <= 2 + 20 + 20 + 1 + 6, `${events} events`);
  });

  it('a timer set earlier than the event already waiting for it fires at the earlier time', () => {
    assert.deepEqual(runDog((k) => (k === 10 ? 'soon' : 'tick')).fired, [115, 260], 'tick 10 arrives at t=110 and asks for 5 ms');
  });

  it('a cancelled timer never fires, whatever events were waiting for it', () => {
    assert.deepEqual(runDog((k) => (k === 20 ? 'stop' : 'tick')).fired, []);
    assert.deepEqual(runDog((k) => (k === 5 ? 'stop' : 'tick')).fired, [260], 'set again after the cancel');
  });
});

describe('sim/world: the client', () => {
  it('sends a write that gets no answer again after exactly the client timeout, up to clientAttempts sends', () => {
    const silent: Protocol<Probe, string> = { ...probe, step: (s) => ({ state: s, messages: [], timers: [], replies: [] }) };
    const world = new World<Probe, string>({ protocol: silent, topology: TOPO, crashedByZoneLoss: () => [], faults: [], durationMs: 1000, settleMs: 5000, load: 3, heartbeatMs: 0.001, clientTimeoutMs: 1000, clientAttempts: 3, seed: 4, limits: DEFAULT_LIMITS, trace: true });
    const { history, writes } = world.run();
    assert.ok(writes >= 2, `${writes} writes`);
    for (let id = 1; id <= writes; id++) {
      const sends = history.filter((r): r is Extract<Record, { kind: 'write' }> => r.kind === 'write' && r.id === id).map((r) => r.t);
      assert.equal(sends.length, 3, `write #${id}: ${sends.join(', ')}`);
      assert.deepEqual([sends[1]! - sends[0]!, sends[2]! - sends[1]!].map((d) => Math.round(d * 1000) / 1000), [1000, 1000], `write #${id}: 10 ms to any node, each time`);
    }
  });
});

describe('sim/world: what a run without trace leaves out', () => {
  const model = modelOf(`region r { zones a, b, c }
store db { replicas 5; zones a, b, c, a, b; replication leader-follower; failover automatic; election raft; fencing }
store naive { replicas 3; zones a, b, c; replication leader-follower; failover automatic; election none; sync-followers 1 }`);
  const mixed = (target: string) =>
    scenarioOf(model, { target, durationMs: 6_000, load: 80, faults: [crash(1_000, 'leader'), partition(2_000, ['a'], ['b', 'c']), heal(3_000), pause(4_000, 'leader', 700), restart(4_500)], expect: [noSplitBrain, leaderWithin(1_000), noLostWrites] });
  it('changes no verdict, metric or event count: only trace records go', () => {
    for (const target of ['db', 'naive']) {
      for (const seed of [1, 2, 3]) {
        const traced = simulate(model, mixed(target), { seed, trace: true });
        const plain = simulate(model, mixed(target), { seed, trace: false });
        assert.deepEqual({ ...plain, trace: [] }, { ...traced, trace: [] }, `${target} seed ${seed}`);
        assert.deepEqual(simulate(model, mixed(target), { seed, trace: true }).trace, traced.trace, 'same seed, same trace');
      }
    }
  });
});
