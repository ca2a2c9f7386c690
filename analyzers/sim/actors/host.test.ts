import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS } from '../defaults';
import { Rng } from '../rng';
import { Host, idle, streamOf, type Actor, type NodeSpec } from './host';

/*
 * The actor host's life cycle, on a toy: each actor logs what it is handed; `ping` messages go to the actor named
 * in them. What the lock and saga models rely on: pause queues and `resumed` comes first, a crash voids timers and
 * what is on the wire, a load-balanced send skips crashed replicas, partitions spare `anywhere` nodes.
 */

type Msg = { to: number; text: string };
type Rec = { t: number; kind: 'log'; actor: number; what: string };

function logger(index: number, home: number | undefined, sends: (now: number) => { to: number | number[]; actor: number; text: string }[] = () => []): Actor<null, Msg, Rec, string> {
  return {
    name: `a${index}`,
    ...(home !== undefined ? { home } : {}),
    init: () => null,
    step(s, input, ctx) {
      const what = input.kind === 'message' ? `msg ${input.msg.text} via ${input.via}` : input.kind === 'timer' ? `timer ${input.name}` : input.kind === 'resumed' ? `resumed (paused at ${input.pausedAtMs})` : input.kind === 'control' ? `control ${input.what}` : 'start';
      const out = idle<null, Msg, Rec>(s);
      out.records.push({ t: ctx.now, kind: 'log', actor: index, what });
      if (input.kind === 'control' && input.what === 'timer') out.timers.push({ name: 'tick', afterMs: 10 });
      if (input.kind === 'control' && input.what === 'send') for (const x of sends(ctx.now)) out.send.push({ from: home ?? 0, to: x.to, actor: x.actor, msg: { to: x.actor, text: x.text } });
      return out;
    },
  };
}

const NET = { sameZone: { min: 1, max: 1 }, crossZone: { min: 2, max: 2 }, crossRegion: { min: 30, max: 30 }, lossPercent: 0 };

function host(nodes: NodeSpec[], trace = true) {
  return new Host<Msg, Rec, string>({ nodes, latency: NET, seed: 1, limits: DEFAULT_LIMITS, trace, describe: (m) => m.text });
}

const logs = (h: readonly { kind: string }[]) => h.filter((r): r is Rec => r.kind === 'log').map((r) => `${r.t} a${r.actor} ${r.what}`);

describe('sim/actors/host', () => {
  it('a paused node queues messages and timers; at resume its actor gets `resumed` first, then the queue in order', () => {
    const h = host([{ name: 'x', zone: 'a' }, { name: 'y', zone: 'a' }]);
    const x = h.add(logger(0, 0, () => [{ to: 1, actor: 1, text: 'hello' }]));
    const y = h.add(logger(1, 1));
    h.at(0, () => h.control(y, 'timer'));
    h.at(5, () => h.pause(1, 100));
    h.at(6, () => h.control(x, 'send'));
    const run = h.run(1_000);
    // The message arrived at 7, the timer fell due at 10: handled in that order, after `resumed`.
    assert.deepEqual(logs(run.history), ['0 a1 control timer', '6 a0 control send', '105 a1 resumed (paused at 5)', '105 a1 msg hello via 1', '105 a1 timer tick']);
  });

  it('a crash voids the node’s timers and what it had on the wire; restart hands its actor `start` (recover)', () => {
    const h = host([{ name: 'x', zone: 'a' }, { name: 'y', zone: 'a' }]);
    const x = h.add(logger(0, 0, () => [{ to: 1, actor: 1, text: 'lost' }]));
    h.add(logger(1, 1));
    h.at(0, () => h.control(x, 'timer'));
    h.at(1, () => h.control(x, 'send'));
    h.at(1.5, () => h.crash(0));
    h.at(50, () => h.restart(0));
    const run = h.run(1_000);
    assert.deepEqual(logs(run.history), ['0 a0 control timer', '1 a0 control send', '50 a0 start']);
    assert.ok(run.history.some((r) => r.kind === 'discard' && (r as { why: string }).why === 'sender crashed'));
  });

  it('a send to replicas goes to a live one (none live: lost); a partition cuts zones but spares `anywhere` nodes', () => {
    const h = host([{ name: 'c', zone: '', anywhere: true, lossless: true }, { name: 'r0', zone: 'a' }, { name: 'r1', zone: 'b' }, { name: 'o', zone: 'a' }]);
    const c = h.add(logger(0, 0, () => [{ to: [1, 2], actor: 1, text: 'lb' }]));
    h.add(logger(1, undefined));
    const o = h.add(logger(2, 3, () => [{ to: 2, actor: 1, text: 'cut' }]));
    h.at(0, () => h.crash(1));
    h.at(1, () => h.control(c, 'send'));
    h.at(2, () => h.network({ kind: 'partition', sides: [['a'], ['b']] }));
    h.at(3, () => h.control(o, 'send'));
    h.at(4, () => h.control(c, 'send'));
    h.at(7, () => h.crash(2));
    h.at(8, () => h.control(c, 'send'));
    const run = h.run(1_000);
    assert.deepEqual(logs(run.history).filter((l) => l.includes('msg')), ['3 a1 msg lb via 2', '6 a1 msg lb via 2']);
    const lost = run.history.filter((r) => r.kind === 'send' && 'lost' in r).map((r) => (r as { lost: string }).lost);
    assert.deepEqual(lost, ['partition', 'no replica up']);
  });

  it('stream 0 is the seed’s own stream (world.ts’s); stream 1 differs', () => {
    const a = Rng.fromSeed(7);
    const b = streamOf(7, 0);
    const c = streamOf(7, 1);
    const xs = [a.float(), a.float()];
    assert.deepEqual([b.float(), b.float()], xs);
    assert.notDeepEqual([c.float(), c.float()], xs);
  });
});
