import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_TIMELINE_EVENTS, overlayAt, TimelineSchema, type Timeline } from '../../diagram/timeline';
import { buildModelFromText } from '../../language/model/build';
import type { ArchModel, Scenario } from '../../language/model/types';
import { simulate } from './run';
import { simulateTimeline } from './timeline';

/*
 * The timeline of one seed, on the samples: a naive failover's split brain, a lock whose holder pauses past its
 * lease, a saga on a lossy network, a leaderless store losing a zone. What the view draws must be what the checkers
 * judged: the same verdicts, leadership from the same records, every arrow with two ends.
 */

const SAMPLES = path.resolve(import.meta.dirname, '../../samples');

function sample(file: string, edit: (text: string) => string = (t) => t): { model: ArchModel; text: string } {
  const text = edit(readFileSync(path.join(SAMPLES, file), 'utf8'));
  return { model: buildModelFromText(text), text };
}

function scenario(model: ArchModel, name: string): Scenario {
  const s = model.elements.get(name);
  assert.ok(s?.kind === 'scenario', `scenario ${name}`);
  return s;
}

/** The 0-based line of the first line of `text` that contains `needle` (after the line with `after`, if given). */
function lineOf(text: string, needle: string, after?: string): number {
  const lines = text.split('\n');
  const from = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  const k = lines.findIndex((l, i) => i >= from && l.includes(needle));
  assert.ok(from >= 0 && k >= 0, needle);
  return k;
}

function timeline(model: ArchModel, name: string, seed: number): Timeline {
  return simulateTimeline(model, scenario(model, name), seed, { seeds: 3, failoverMs: [120, 340, 90] });
}

/** What every timeline must satisfy, whatever the run. */
function wellFormed(t: Timeline): void {
  const parsed = TimelineSchema.safeParse(t);
  assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3)));
  for (let i = 1; i < t.events.length; i++) assert.ok(t.events[i - 1]!.t <= t.events[i]!.t, `events sorted (${i})`);
  for (const e of t.events) {
    if (e.kind !== 'message') continue;
    assert.ok(e.lane !== undefined && e.to !== undefined, e.text);
    if (e.arriveMs !== undefined) assert.ok(e.arriveMs >= e.t, `arrives after it leaves: ${e.text}`);
    else assert.ok(e.lost, `an arrow without an end is lost: ${e.text}`);
  }
  for (const e of t.events) if (e.declaration !== undefined) assert.ok(e.declaration < t.declarations.length);
  for (const i of [...t.leaders, ...t.down]) assert.ok(i.fromMs <= i.toMs && i.toMs <= t.endMs && i.lane < t.lanes.length);
}

describe('sim/timeline', () => {
  const legacy = sample('legacy-failover.arch');

  it('split brain: two lanes lead at once at the failing check’s instant, as the checker judged', () => {
    const t = timeline(legacy.model, 'primary-isolated', 1);
    wellFormed(t);
    assert.deepEqual(t.lanes, [0, 1, 2].map((i) => ({ name: `reservations-db#${i}`, zone: `euw1-${'abc'[i]}`, element: 'reservations-db' })));
    const check = t.checks.find((c) => c.expect === 'no-split-brain');
    assert.ok(check && !check.passed && check.atMs !== undefined, 'seed 1 is a split-brain counterexample');
    const leading = t.leaders.filter((l) => l.fromMs <= check.atMs! && check.atMs! < l.toMs);
    assert.ok(new Set(leading.map((l) => l.lane)).size >= 2, JSON.stringify(t.leaders));
    // The verdicts are the traced re-run's, and the same as the untraced run the sweep made.
    const plain = simulate(legacy.model, scenario(legacy.model, 'primary-isolated'), { seed: 1, trace: false });
    assert.deepEqual(t.checks.map((c) => [c.expect, c.passed]), plain.expectations.map((x) => [x.expect, x.passed]));
    assert.equal(t.lostWrites.count, plain.metrics.lostWrites);
    assert.ok(t.lostWrites.count > 0 && t.lostWrites.atMs !== undefined);
    assert.deepEqual(t.partitions, [{ fromMs: 10_000, toMs: 30_000, sides: [['euw1-a'], ['euw1-b', 'euw1-c']] }]);
    assert.equal(t.seeds, 3);
    assert.deepEqual(t.failoverMs, [120, 340, 90]);
  });

  it('links faults to their `at` lines, checks to their `expect` lines, leaders and crashes to the target', () => {
    const t = timeline(legacy.model, 'primary-isolated', 1);
    const decl = (k: number | undefined) => (k === undefined ? undefined : t.declarations[k]);
    const partition = t.events.find((e) => e.kind === 'fault' && e.t === 10_000);
    assert.equal(decl(partition?.declaration)?.range.start.line, lineOf(legacy.text, 'at 10s partition'));
    assert.match(decl(partition?.declaration)!.label, /^at 10s partition euw1-a \| euw1-b, euw1-c$/);
    const crashFault = t.events.find((e) => e.kind === 'fault' && e.t === 40_000);
    assert.equal(decl(crashFault?.declaration)?.range.start.line, lineOf(legacy.text, 'at 40s crash leader'));
    const check = t.events.find((e) => e.kind === 'check' && e.text.startsWith('expect no-split-brain'));
    assert.equal(decl(check?.declaration)?.range.start.line, lineOf(legacy.text, 'expect no-split-brain'));
    const target = lineOf(legacy.text, 'store reservations-db');
    for (const e of t.events.filter((x) => x.kind === 'leader' || x.kind === 'crash')) assert.equal(decl(e.declaration)?.range.start.line, target, e.text);
  });

  it('caps the events, keeping every decisive one and the stretch around the failure', () => {
    const t = timeline(legacy.model, 'primary-isolated', 1);
    assert.equal(t.events.length, MAX_TIMELINE_EVENTS);
    assert.ok(t.truncated > 0);
    const decisive = t.events.filter((e) => e.decisive);
    // 3 faults (the partition, the heal, the crash's line) and the crash, one `leader` per leadership, 2 failing checks.
    assert.equal(decisive.filter((e) => e.kind === 'leader').length, t.leaders.length);
    assert.deepEqual(decisive.filter((e) => e.kind === 'fault').map((e) => e.t), [10_000, 30_000, 40_000]);
    assert.equal(decisive.filter((e) => e.kind === 'check').length, 2);
    const focus = t.checks[0]!.atMs!;
    assert.ok(t.events.some((e) => e.kind === 'message' && Math.abs(e.t - focus) < 200), 'messages near the split brain kept');
  });

  it('steps the diagram: at a crash the crashed lane’s element is degraded, its leader gone', () => {
    const t = timeline(legacy.model, 'primary-isolated', 1);
    const crash = t.events.find((e) => e.kind === 'crash')!;
    const before = overlayAt(t, crash.t - 1).elements.find((e) => e.name === 'reservations-db')!;
    const at = overlayAt(t, crash.t).elements.find((e) => e.name === 'reservations-db')!;
    assert.equal(before.down, 0);
    assert.deepEqual([at.status, at.down, at.total], ['degraded', 1, 3]);
    assert.notEqual(at.leader, t.lanes[crash.lane!]!.name);
    assert.equal(overlayAt(t, 12_000).partitioned.join(), 'euw1-a', 'the smaller side is the one cut off');
  });

  it('is deterministic: the same seed gives the same timeline, another seed another', () => {
    const a = JSON.stringify(timeline(legacy.model, 'primary-isolated', 2));
    assert.equal(JSON.stringify(timeline(legacy.model, 'primary-isolated', 2)), a);
    assert.notEqual(JSON.stringify(timeline(legacy.model, 'primary-isolated', 3)), a);
  });

  it('a lock: lanes for its backend, service, holders and store; leases shaded; the paused holder greyed', () => {
    const lock = sample('inventory-lock.arch');
    const t = timeline(lock.model, 'holder-gc-pause', 1);
    wellFormed(t);
    const names = t.lanes.map((l) => l.name);
    assert.deepEqual(names, ['etcd#0', 'etcd#1', 'etcd#2', 'replenish-lock service', 'replenisher#0', 'replenisher#1', 'replenisher#2', 'inventory-db']);
    assert.deepEqual(t.lanes.slice(4, 7).map((l) => l.element), ['replenisher', 'replenisher', 'replenisher']);
    const leases = t.leaders.filter((l) => l.label?.startsWith('token '));
    assert.ok(leases.length >= 2, 'a lease per grant');
    for (let i = 1; i < leases.length; i++) assert.ok(leases[i - 1]!.toMs <= leases[i]!.fromMs, 'leases never overlap');
    const pause = t.events.find((e) => e.kind === 'fault')!;
    assert.equal(t.declarations[pause.declaration!]!.range.start.line, lineOf(lock.text, 'at 20s pause holder 30s'));
    const paused = t.down.find((d) => d.why === 'paused')!;
    assert.equal(paused.lane, pause.lane);
    assert.equal(paused.toMs - paused.fromMs, 30_000);
    assert.ok(t.lanes[paused.lane]!.name.startsWith('replenisher#'));
    assert.equal(overlayAt(t, paused.fromMs + 1).elements.find((e) => e.name === 'replenisher')?.status, 'degraded');
    assert.equal(JSON.stringify(timeline(lock.model, 'holder-gc-pause', 1)), JSON.stringify(t));
  });

  it('a saga: the client and every replica; the duplicate that breaks it is the failing check', () => {
    const saga = sample('checkout-saga.arch');
    const t = timeline(saga.model, 'lossy-network', 1);
    wellFormed(t);
    assert.equal(t.lanes[0]!.name, 'client');
    assert.ok(t.lanes.some((l) => l.name === 'payments#0' && l.element === 'payments' && l.zone === 'euc1-a'));
    const check = t.events.find((e) => e.kind === 'check');
    assert.ok(check && t.checks[0]!.atMs === check.t, 'seed 1 breaks a saga');
    assert.equal(t.declarations[check.declaration!]!.range.start.line, lineOf(saga.text, 'expect saga-atomic', 'scenario lossy-network'));
    assert.ok(t.events.some((e) => e.kind === 'message' && e.lost === 'loss'), 'the 5% drop loses messages');
    assert.equal(t.events.find((e) => e.kind === 'fault')!.text, 'messages lost at 5% from now on');
  });

  it('a leaderless store: no leaders; the lost zone’s replica down from the loss to the restart', () => {
    // The sample's topology and faults over a shorter, lighter run (its 500 writes/s make a 400k-record history).
    const cart = sample('cart-leaderless.arch', (text) => text.replace('seeds 200; duration 60s; load 500', 'seeds 5; duration 45s; load 40'));
    const t = timeline(cart.model, 'cart-zone-loss', 1);
    wellFormed(t);
    assert.deepEqual(t.leaders, []);
    assert.deepEqual(t.lanes.map((l) => l.name), ['cart-db#0', 'cart-db#1', 'cart-db#2']);
    const lane = t.lanes.findIndex((l) => l.zone === 'use1-b');
    assert.deepEqual(t.down, [{ lane, fromMs: 10_000, toMs: 40_000, why: 'crashed' }]);
    const o = overlayAt(t, 20_000);
    assert.deepEqual(o.zonesDown, ['use1-b']);
    assert.equal(o.elements[0]!.status, 'degraded');
    assert.ok(t.events.some((e) => e.kind === 'client' && e.lane === undefined), 'the client’s reads and writes');
  });
});
