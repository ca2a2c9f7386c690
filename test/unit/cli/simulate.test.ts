import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { shardOf } from '../../../cli/commands/simulate';
import { memoryIo } from '../../../cli/io';
import { simReportSchema } from '../../../cli/report/sim-json-schema';
import { run } from '../../../cli/run';
import { ROOT, STACK_FRAME, tempDir } from './helpers';

/*
 * `faultline simulate` in-process: exit codes, the JSON report, byte-identical output in one process, across the
 * worker pool and split over shards, and a clear one-line error (exit 2) for every unusable input.
 */

async function simulate(args: string[], cwd = ROOT) {
  const io = memoryIo(cwd);
  const code = await run(['simulate', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

const NAIVE = `region r { zones a, b, c }
store db {
  replicas 3; zones a, b, c
  replication leader-follower; failover automatic; election none
}
scenario split {
  target db
  seeds 6; duration 20s; load 20
  at 5s partition a | b, c
  at 15s heal
  expect no-split-brain
}
`;

const RAFT = NAIVE.replace('election none', 'election raft');

function file(text: string, name = 'x.arch'): string {
  const dir = tempDir();
  writeFileSync(join(dir, name), text);
  return dir;
}

describe('faultline simulate', () => {
  it('exit 1 with the failing seed and a trace when naive failover splits the brain; exit 0 under raft', async () => {
    const naive = await simulate(['x.arch', '--format', 'json', '-j', '1'], file(NAIVE));
    assert.equal(naive.code, 1, naive.err);
    const report = JSON.parse(naive.out);
    assert.equal(report.version, 1);
    const s = report.scenarios[0];
    assert.equal(s.name, 'split');
    assert.equal(s.seeds, 6);
    assert.equal(s.passed, false);
    assert.equal(s.expectations[0].expect, 'no-split-brain');
    assert.equal(s.expectations[0].passed, false);
    assert.equal(typeof s.expectations[0].seed, 'number');
    assert.match(s.expectations[0].detail, /two leaders/);
    assert.equal(s.counterexample.seed, s.expectations[0].seed);
    assert.ok(s.counterexample.trace.some((l: string) => /^t=\d+\.\d{3}s partition a \| b, c/.test(l)), s.counterexample.trace.join('\n'));

    const raft = await simulate(['x.arch', '-j', '1'], file(RAFT));
    assert.equal(raft.code, 0, raft.out + raft.err);
    assert.match(raft.out, /✔ no-split-brain/);
    assert.match(raft.out, /1 scenario passed/);
  });

  it('gives byte-identical JSON in one process, on the worker pool and for a fixed seed', async () => {
    const dir = file(NAIVE.replace('seeds 6', 'seeds 20'));
    const inProcess = await simulate(['x.arch', '--format', 'json', '-j', '1'], dir);
    const again = await simulate(['x.arch', '--format', 'json', '-j', '1'], dir);
    const pooled = await simulate(['x.arch', '--format', 'json', '-j', '2'], dir);
    assert.equal(again.out, inProcess.out);
    assert.equal(pooled.out, inProcess.out, 'the pool merges in seed order');
    const one = await simulate(['x.arch', '--format', 'json', '--seed', '7'], dir);
    assert.equal(JSON.parse(one.out).scenarios[0].seeds, 1);
    assert.equal(one.out, (await simulate(['x.arch', '--format', 'json', '--seed', '7', '-j', '2'], dir)).out);
  });

  it('splits the seeds over shards exactly, each shard the same on its own and on the pool', async () => {
    const all = Array.from({ length: 20 }, (_, i) => i + 1);
    const shards = [1, 2, 3].map((index) => shardOf(all, { index, count: 3 }));
    assert.deepEqual(shards.flat(), all);
    assert.ok(shards.every((s) => s.length >= 6));

    const dir = file(NAIVE.replace('seeds 6', 'seeds 20'));
    const whole = JSON.parse((await simulate(['x.arch', '--format', 'json', '-j', '1'], dir)).out).scenarios[0];
    let seeds = 0;
    for (const index of [1, 2, 3]) {
      const a = await simulate(['x.arch', '--format', 'json', '--shard', `${index}/3`, '-j', '1'], dir);
      const b = await simulate(['x.arch', '--format', 'json', '--shard', `${index}/3`, '-j', '2'], dir);
      assert.equal(a.code, 1);
      assert.equal(b.out, a.out);
      const report = JSON.parse(a.out);
      assert.deepEqual(report.shard, { index, count: 3 });
      seeds += report.scenarios[0].seeds;
      // A seed fails the same way in a shard as in the whole sweep.
      if (index === 1) assert.equal(report.scenarios[0].counterexample.seed, whole.counterexample.seed);
    }
    assert.equal(seeds, 20);
  });

  it('runs a default scenario from --target and --fault when the file has none', async () => {
    const dir = file(NAIVE.slice(0, NAIVE.indexOf('scenario')));
    const r = await simulate(['x.arch', '--target', 'db', '--fault', 'partition', 'a | b, c', '--seeds', '4', '-j', '1', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.err);
    const s = JSON.parse(r.out).scenarios[0];
    assert.equal(s.name, 'partition-db');
    assert.equal(s.seeds, 4);
    assert.deepEqual(s.expectations.map((x: { expect: string }) => x.expect), ['no-split-brain', 'no-lost-writes']);
  });

  const usage: [name: string, args: string[], text: string, message: RegExp][] = [
    ['no scenario in the file', ['x.arch'], NAIVE.slice(0, NAIVE.indexOf('scenario')), /has no scenario: add a `scenario` block/],
    ['an unknown scenario', ['x.arch', '--scenario', 'splt'], NAIVE, /no scenario 'splt' in 'x.arch'; did you mean 'split'\?/],
    ['a bad shard', ['x.arch', '--shard', '4/3'], NAIVE, /--shard takes I\/N with 1 ≤ I ≤ N/],
    ['--target without --fault', ['x.arch', '--target', 'db'], NAIVE, /--target and --fault go together/],
    ['an unknown fault', ['x.arch', '--target', 'db', '--fault', 'explode'], NAIVE, /unknown fault 'explode'; expected one of: crash-leader/],
    ['a target that is not simulated', ['x.arch', '--target', 'r', '--fault', 'crash-leader'], NAIVE, /'r' is a region; a simulation targets a store, cluster, lock or saga/],
    ['a malformed scenario line', ['x.arch'], NAIVE.replace('at 15s heal', 'at banana explode'), /cannot simulate 'x.arch': 1 error in the file/],
    ['a syntax error', ['x.arch'], NAIVE.replace('store db {', 'store db {{'), /cannot simulate 'x.arch': \d+ errors? in the file/],
    ['zero seeds', ['x.arch', '--seeds', '0'], NAIVE, /expected a whole number from 1 to 100000/],
    // Run anyway, the store would be simulated with the default of one replica: a design other than the one written.
    ['an invalid property of the target', ['x.arch'], NAIVE.replace('replicas 3;', 'replicas 100000;'), /cannot simulate 'x.arch': 1 error in the file/],
  ];
  for (const [name, args, text, message] of usage) {
    it(`exit 2 with one clear line: ${name}`, async () => {
      const r = await simulate(args, file(text));
      assert.equal(r.code, 2, r.out);
      assert.match(r.err, message);
      assert.doesNotMatch(r.err, STACK_FRAME);
      assert.equal(r.out, '');
    });
  }

  // A bad --fault is a usage error about the option, one line, never a position in the generated scenario text.
  const badFaults: [args: string[], message: string][] = [
    [['--fault', 'lose-zone'], "--fault 'lose-zone': expects a zone: lose-zone ZONE"],
    [['--fault', 'lose-zone', 'Z'], "--fault 'lose-zone Z': zone 'Z' is not declared in any region; declared zones: a, b, c"],
    [['--fault', 'lose-zone', 'a', 'b'], "--fault 'lose-zone a b': expects a zone, not 'a b': lose-zone ZONE"],
    [['--fault', 'pause-leader', '0ms'], "--fault 'pause-leader 0ms': a pause lasts longer than 0"],
    [['--fault', 'pause-leader', '12'], "--fault 'pause-leader 12': expects a duration, e.g. 12s, not '12': pause-leader DURATION"],
    [['--fault', 'partition', 'a'], "--fault 'partition a': expects two or more sides of zones separated by |, not 'a': partition \"A | B, C\""],
    [['--fault', 'partition', 'a | q'], "--fault 'partition a | q': zone 'q' is not declared in any region; declared zones: a, b, c"],
    [['--fault', 'crash-leader', 'now'], "--fault 'crash-leader now': crash-leader takes no argument: crash-leader"],
    [['--fault', 'fail-step', 'pay'], "--fault 'fail-step pay': fail-step does not apply to store 'db'; its faults: crash-leader, lose-zone, partition, pause-leader"],
    [['--fault', 'explode'], "--fault 'explode': unknown fault 'explode'; expected one of: crash-leader, lose-zone, partition, pause-leader, pause-holder, fail-step"],
    // One fault per default run: a second --fault is refused, not glued onto the first one's argument.
    [['--fault', 'lose-zone', 'a', '--fault', 'crash-leader'], '--fault given more than once: a default run injects one fault; write a scenario in the file for several (docs/scenarios.md)'],
    [['--fault', 'crash-leader', '--fault', 'lose-zone', 'a'], '--fault given more than once: a default run injects one fault; write a scenario in the file for several (docs/scenarios.md)'],
    [['--fault=crash-leader', '--fault=pause-leader'], '--fault given more than once: a default run injects one fault; write a scenario in the file for several (docs/scenarios.md)'],
  ];
  for (const [args, message] of badFaults) {
    it(`exit 2 naming the option: ${args.join(' ')}`, async () => {
      const r = await simulate(['x.arch', '--target', 'db', ...args, '--seeds', '2', '-j', '1'], file(NAIVE.slice(0, NAIVE.indexOf('scenario'))));
      assert.equal(r.code, 2, r.out);
      assert.equal(r.err, `faultline: ${message}\n`);
      assert.equal(r.out, '');
    });
  }

  it('refuses absurd scenarios up front with the limit they exceed, never a hang', async () => {
    const text = NAIVE.replace('seeds 6; duration 20s; load 20', 'seeds 6; duration 365d').replace('scenario split', 'scenario a-year') +
      NAIVE.slice(NAIVE.indexOf('scenario')).replace('seeds 6; duration 20s; load 20', 'load 1000000000').replace('scenario split', 'scenario a-billion') +
      NAIVE.slice(NAIVE.indexOf('scenario')).replace('seeds 6; duration 20s; load 20', 'duration 2h; load 5000').replace('scenario split', 'scenario too-many-writes');
    const started = Date.now();
    const r = await simulate(['x.arch', '-j', '1'], file(text));
    assert.ok(Date.now() - started < 10_000, 'answered at once');
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /scenario a-year → db · not run · failed\n\s+✖ cannot run: duration 365 days is more virtual time than a run may take \(24 hours\); shorten it/);
    assert.match(r.out, /cannot run: load 1000000000\/s is more than the simulator runs/);
    assert.match(r.out, /cannot run: 36,000,000 client writes per run \(load 5000\/s for 7200s\) cannot fit the limit of 5,000,000 events per run/);
  });

  it("validates every sample's JSON report against the published schema", async () => {
    for (const sample of ['legacy-failover', 'inventory-lock', 'checkout-saga', 'cart-leaderless', 'rule-gallery']) {
      const r = await simulate([`samples/${sample}.arch`, '--format', 'json', '--seeds', '2', '-j', '1']);
      assert.ok(r.code === 0 || r.code === 1, `${sample}: ${r.err}`);
      const parsed = simReportSchema.safeParse(JSON.parse(r.out));
      assert.ok(parsed.success, `${sample}: ${parsed.error?.message}`);
    }
  });

  it('prints the position of a malformed scenario line', async () => {
    const r = await simulate(['x.arch'], file(NAIVE.replace('at 15s heal', 'at banana explode')));
    assert.match(r.err, /^x\.arch:10:6: `banana` is not a time; write `at 5s explode` \[schema\]$/m);
  });
});
