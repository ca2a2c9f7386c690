import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node.js';
import { TimelineSchema } from '../../../diagram/timeline';
import { QUICK_FAULTS } from '../../../analyzers/sim/quick-scenario';
import {
  QUICK_FAULT_KINDS,
  SIMULATE_REQUEST,
  SIMULATION_PROGRESS_NOTIFICATION,
  SIMULATION_STALE_NOTIFICATION,
  SIMULATION_TARGETS_REQUEST,
  type SimulateResult,
  type SimulationProgressParams,
  type SimulationStaleParams,
  type SimulationTargetsResult,
} from '../../../extension/server/protocol/simulation';
import { at, ROOT, TestClient, type PublishDiagnosticsParams } from './lsp-client';

/*
 * `faultline/simulate` end to end (issue 11): the real language server over stdio runs a sample's scenario on its
 * seed workers, reports progress, publishes `sim/…` diagnostics beside the rules' (and keeps them through edits,
 * marking them stale only when an edit changes what the run depends on), offers code lenses and the metrics in the
 * hover, refuses a broken file with a sentence, and stops a long run at once when it is cancelled.
 */

const URI = 'file:///work/legacy-failover.arch';
const TEXT = readFileSync(join(ROOT, 'samples/legacy-failover.arch'), 'utf8');
// A short sweep keeps the test quick; the failure shows on the first seeds already.
const SEEDS = 24;

type Diag = PublishDiagnosticsParams['diagnostics'][number];
const simOf = (p: PublishDiagnosticsParams): Diag[] => p.diagnostics.filter((d) => d.source === 'faultline-sim');

describe('the language server runs simulations', () => {
  let client: TestClient;
  let version = 1;
  let text = TEXT;

  before(async () => {
    client = TestClient.start();
    await client.request('initialize', { processId: null, rootUri: null, capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
    await client.notify('initialized', {});
    await client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'arch', version, text } });
    await client.diagnostics(URI);
  });
  after(async () => {
    await client.stop().catch(() => client.kill());
  });

  const change = async (next: string) => {
    text = next;
    version++;
    await client.notify('textDocument/didChange', { textDocument: { uri: URI, version }, contentChanges: [{ text }] });
    return client.diagnostics(URI, (p) => p.version === version, 10_000);
  };

  it('offers what can be simulated, with the zones and faults that suit each target', async () => {
    const r = await client.request<SimulationTargetsResult>(SIMULATION_TARGETS_REQUEST, { uri: URI });
    const db = r.targets.find((t) => t.name === 'reservations-db');
    assert.ok(db, 'the store is a target');
    assert.deepEqual(db.zones, ['euw1-a', 'euw1-b', 'euw1-c']);
    assert.match(db.description, /3 replicas in euw1-a, euw1-b, euw1-c · leader-follower, naive failover/);
    assert.deepEqual(db.scenarios, ['primary-isolated']);
    assert.ok(db.faults.includes('lose-zone') && db.faults.includes('crash-leader'));
    assert.deepEqual(r.scenarios, [{ name: 'primary-isolated', target: 'reservations-db' }]);
  });

  it('keeps the protocol’s fault list equal to the simulator’s', () => {
    assert.deepEqual([...QUICK_FAULT_KINDS], [...QUICK_FAULTS]);
  });

  it('runs a scenario with progress, and publishes sim/ diagnostics on the expect lines and the target', async () => {
    const progress: SimulationProgressParams[] = [];
    const seen = client.notifications.length;
    const result = await client.request<SimulateResult>(SIMULATE_REQUEST, { uri: URI, runId: 'r1', seeds: SEEDS, run: { kind: 'scenarios', scenarios: ['primary-isolated'] } });
    for (const n of client.notifications.slice(seen)) if (n.method === SIMULATION_PROGRESS_NOTIFICATION) progress.push(n.params as SimulationProgressParams);
    const [outcome] = result.outcomes;
    assert.ok(outcome);
    assert.equal(outcome.passed, false, 'naive failover under a partition fails (the sample says so)');
    const split = outcome.expectations.find((x) => x.expect === 'no-split-brain');
    assert.ok(split && !split.passed && split.seed !== null, 'no-split-brain fails with a seed');
    assert.ok(progress.some((p) => p.runId === 'r1' && p.done === SEEDS && p.total === SEEDS), `progress reached ${SEEDS}/${SEEDS}`);
    assert.ok(outcome.timeline, 'the failing seed comes with its timeline');
    assert.ok(TimelineSchema.safeParse(outcome.timeline).success);
    assert.equal(outcome.timeline.seed, split.seed);

    const published = await client.diagnostics(URI, (p) => simOf(p).length > 0, 10_000);
    const sim = simOf(published);
    const onLine = sim.find((d) => d.code === 'sim/no-split-brain' && d.range.start.line === at(text, 'expect no-split-brain').line);
    assert.ok(onLine, 'an error on the `expect no-split-brain` line');
    assert.equal(onLine.severity, 1);
    assert.match(onLine.message, new RegExp(`no-split-brain fails on seed ${split.seed}`));
    assert.ok((onLine.relatedInformation ?? []).some((r) => r.message.startsWith('fault: at')), 'the related information walks the counterexample, its faults first');
    assert.ok((onLine.relatedInformation ?? []).some((r) => /^t=\d+\.\d{3}s /.test(r.message)), '…then its decisive events');
    const onTarget = sim.find((d) => d.code === 'sim/no-split-brain' && d.range.start.line === at(text, 'store reservations-db', 6).line);
    assert.ok(onTarget, 'and on the target');
    assert.ok(published.diagnostics.some((d) => d.source === 'faultline'), "the rules' findings are still there, apart");
  });

  it('keeps the results through an edit that does not change the run, and follows the moved lines', async () => {
    const p = await change(`// a comment above everything\n${text}`);
    const d = simOf(p).find((x) => x.code === 'sim/no-split-brain' && x.range.start.line === at(text, 'expect no-split-brain').line);
    assert.ok(d, 'the diagnostic moved with its line');
    assert.doesNotMatch(d.message, /^stale/);
  });

  it('shows the metrics in the hover of the target, and code lenses with the last result', async () => {
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: URI }, position: at(text, 'store reservations-db', 8) });
    assert.match(hover.contents.value, /\*\*Simulation\*\* `primary-isolated`: failed over 24 seeds/);
    assert.match(hover.contents.value, /lost writes: \d+/);
    const lenses = await client.request<{ command: { title: string; command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: URI } });
    const lens = lenses.find((l) => l.command.command === 'faultline.runScenarios' && l.command.title.startsWith('▶ Simulate ·'));
    assert.ok(lens, `a ▶ Simulate lens with the last result: ${lenses.map((l) => l.command.title).join(' | ')}`);
    assert.match(lens.command.title, /✗ no-split-brain fails on seed \d+/);
    assert.ok(lenses.some((l) => l.command.title === '▶ Simulate primary-isolated'), 'a lens above the target');
    assert.ok(lenses.some((l) => l.command.command === 'faultline.showTimeline'));
  });

  it('marks the results stale when the scenario changes, and says so once', async () => {
    const stale = client.notification<SimulationStaleParams>(SIMULATION_STALE_NOTIFICATION, (p) => p.uri === URI, 10_000);
    const p = await change(text.replace('at 30s heal', 'at 31s heal'));
    const notified = await stale;
    assert.deepEqual(notified.runs, [{ kind: 'scenarios', scenarios: ['primary-isolated'] }]);
    const d = simOf(p).find((x) => x.code === 'sim/no-split-brain' && x.range.start.line === at(text, 'expect no-split-brain').line);
    assert.ok(d);
    assert.match(d.message, /^stale/);
    assert.equal(d.severity, 2, 'a stale failure is a warning until it is run again');
  });

  it('reports a stale run again when the design changes again, not while the file has a syntax error', async () => {
    const count = () => client.notifications.filter((n) => n.method === SIMULATION_STALE_NOTIFICATION).length;
    const before = count();
    const good = text;
    await change(`${good}\nstore broken {\n`);
    await change(`${good.replace('at 31s heal', 'at 32s heal')}\nstore broken {\n`);
    assert.equal(count(), before, 'nothing is reported while the file does not parse');
    const again = client.notification<SimulationStaleParams>(SIMULATION_STALE_NOTIFICATION, () => count() > before, 10_000);
    await change(good.replace('at 31s heal', 'at 32s heal'));
    assert.deepEqual((await again).runs, [{ kind: 'scenarios', scenarios: ['primary-isolated'] }]);
    await change(good);
  });

  it('runs a default scenario for a target and a fault', async () => {
    const result = await client.request<SimulateResult>(SIMULATE_REQUEST, { uri: URI, runId: 'r2', seeds: 16, run: { kind: 'quick', target: 'reservations-db', fault: 'lose-zone', argument: 'euw1-a' } });
    const [o] = result.outcomes;
    assert.ok(o?.quick);
    assert.equal(o.target, 'reservations-db');
    assert.deepEqual(o.expectations.map((x) => x.expect), ['no-split-brain', 'no-lost-writes']);
    const p = await client.diagnostics(URI, (x) => simOf(x).some((d) => d.message.startsWith('default run lose-zone-reservations-db')), 10_000);
    assert.ok(p);
  });

  it('refuses a file with a syntax error with a sentence, not a crash', async () => {
    const good = text;
    await change(`${good}\nstore broken {\n`);
    await assert.rejects(client.request(SIMULATE_REQUEST, { uri: URI, runId: 'r3', run: { kind: 'all' } }), /cannot simulate: \d+ errors? in the file, first at line \d+/);
    await change(good);
  });

  it('stops a long run within a moment of Cancel, and stays responsive', async () => {
    const cancel = new CancellationTokenSource();
    const started = client.notification<SimulationProgressParams>(SIMULATION_PROGRESS_NOTIFICATION, (p) => p.runId === 'long' && p.done > 0, 30_000);
    const running = client.connection.sendRequest(SIMULATE_REQUEST, { uri: URI, runId: 'long', seeds: 20_000, run: { kind: 'scenarios', scenarios: ['primary-isolated'] } }, cancel.token);
    await started;
    const t0 = performance.now();
    cancel.cancel();
    await assert.rejects(running, (e: { code?: number }) => e.code === -32800);
    const settledMs = performance.now() - t0;
    // Issue 11: Cancel stops the work within 100 ms. Measured here with the test runner sharing the machine's cores.
    console.log(`  cancel → request settled in ${settledMs.toFixed(1)} ms`);
    assert.ok(settledMs < 500, `the run stopped ${settledMs.toFixed(0)} ms after Cancel`);
    const t1 = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at(text, 'store reservations-db', 8) });
    assert.ok(performance.now() - t1 < 1000, 'the server answers at once after the cancelled run');
  });
});
