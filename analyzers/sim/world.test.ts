import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fault } from '../../language/model/types';
import { DEFAULT_LIMITS } from './defaults';
import type { Record } from './history';
import type { Topology } from './network';
import type { Protocol } from './protocols/types';
import { crash, heal, modelOf, partition, pause, restart, scenarioOf } from './test-kit';
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
