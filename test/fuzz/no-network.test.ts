import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { DIAGRAM_REQUEST } from '../../extension/server/protocol/diagram';
import { SIMULATE_REQUEST } from '../../extension/server/protocol/simulation';
import { describeRun, runCli, runInProcess, tempDir } from './child';
import { ROOT } from './kit';

/*
 * Faultline opens no network connection at run time (issue 13, "no network access anywhere"): not to check, format,
 * draw or simulate, not in the language server, not on the simulator's worker threads. Each runs here with
 * block-network.cjs loaded first (in this process for the quick commands, as a `--require` preload in a child for
 * the simulator's workers and the language server), which makes every Node network and DNS entry point throw and
 * log the attempt; the commands must succeed as usual and the log must show no attempt. `faultline lsp --socket` connects because the
 * user asks it to, and is not run.
 */

const PRELOAD = join(import.meta.dirname, 'block-network.cjs');
const SAMPLES = ['legacy-failover.arch', 'checkout-saga.arch', 'clean-reference.arch'];

function workspace(): { dir: string; log: string } {
  const dir = tempDir();
  for (const s of SAMPLES) copyFileSync(join(ROOT, 'samples', s), join(dir, s));
  return { dir, log: join(dir, 'network.log') };
}

/**
 * The attempts the log recorded, less tsx's: run from source, tsx (the test's TypeScript loader, not shipped: the
 * bundle in dist/ has no tsx) tries a local socket to its own CLI's IPC server, and carries on without it.
 */
function attempts(log: string): string[] {
  const all = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('attempt')) : [];
  return all.filter((l) => !/^attempt net\.createConnection .*\/node_modules\/tsx\/dist\/[^ ]+ \|\s+at new Promise \(<anonymous>\) \|\s+at connectToServer /.test(l));
}

function threadsLoaded(log: string): Set<string> {
  return new Set(readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('loaded')));
}

describe('no network access at run time', () => {
  it('check, fmt, diagram, rules and explain succeed with every network API blocked in this process (within 10 s)', async () => {
    const { dir, log } = workspace();
    // The same preload, in this test's own process: the CLI's code then runs with the network blocked.
    process.env.FAULTLINE_NETWORK_LOG = log;
    createRequire(import.meta.url)(PRELOAD);
    const t0 = performance.now();
    const check = await runInProcess(['check', '.', '--format', 'sarif'], dir);
    assert.ok(check.code === 0 || check.code === 1, check.stderr);
    JSON.parse(check.stdout);
    const fmt = await runInProcess(['fmt', '--check', '.'], dir);
    assert.ok(fmt.code === 0 || fmt.code === 1, fmt.stderr);
    const diagram = await runInProcess(['diagram', 'checkout-saga.arch', '--out', 'checkout.svg'], dir);
    assert.equal(diagram.code, 0, diagram.stderr);
    assert.ok(readFileSync(join(dir, 'checkout.svg'), 'utf8').startsWith('<svg'));
    assert.equal((await runInProcess(['rules'], dir)).code, 0);
    assert.equal((await runInProcess(['explain', 'retry/storm'], dir)).code, 0);
    assert.deepEqual(attempts(log), []);
    assert.ok(performance.now() - t0 <= 10_000);
  });

  it('simulate, on its worker threads, succeeds with every network API blocked (CLI, within 30 s)', async () => {
    const { dir, log } = workspace();
    const t0 = performance.now();
    const simulate = await runCli(['simulate', 'legacy-failover.arch', '--seeds', '8', '--jobs', '2'], { cwd: dir, timeoutMs: 60_000, preload: [PRELOAD], env: { FAULTLINE_NETWORK_LOG: log } });
    // legacy-failover's scenario fails on purpose (split brain): exit 1 with a report, not 2.
    assert.equal(simulate.code, 1, describeRun(simulate));
    assert.match(simulate.stdout, /no-split-brain/);
    assert.deepEqual(attempts(log), []);
    // The main thread (thread 0) and the simulator's workers (threads 1 and up) loaded the preload.
    assert.ok(threadsLoaded(log).has('loaded 1'), `threads: ${[...threadsLoaded(log)].join(', ')}`);
    assert.ok(performance.now() - t0 <= 30_000);
  });

  it('the language server checks, hovers, draws and simulates with every network API blocked (within 30 s)', async () => {
    const { dir, log } = workspace();
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--require', PRELOAD, join(ROOT, 'cli/main.ts'), 'lsp', '--stdio'], {
      cwd: dir,
      env: { ...process.env, FAULTLINE_NETWORK_LOG: log },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stderr.on('data', () => {});
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const uri = pathToFileURL(join(dir, 'legacy-failover.arch')).href;
    const published = new Promise<{ diagnostics: unknown[] }>((resolve) => connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => p.uri === uri && resolve(p)));
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/workspaceFolders', () => null);
    connection.listen();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    try {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {} });
      await connection.sendNotification('initialized', {});
      const text = readFileSync(join(dir, 'legacy-failover.arch'), 'utf8');
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'arch', version: 1, text } });
      assert.ok((await published).diagnostics.length > 0);
      const line = text.split('\n').findIndex((l) => l.startsWith('store '));
      const hover = await connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 7 } });
      assert.match(hover?.contents.value ?? '', /\*\*store\*\*/);
      const diagram = await connection.sendRequest<{ diagram: { nodes: unknown[] } }>(DIAGRAM_REQUEST, { uri });
      assert.ok(diagram.diagram.nodes.length > 0);
      const sim = await connection.sendRequest<{ outcomes: unknown[] }>(SIMULATE_REQUEST, { uri, runId: 'net', seeds: 8, run: { kind: 'scenarios', scenarios: ['primary-isolated'] } });
      assert.equal(sim.outcomes.length, 1);
      await connection.sendRequest('shutdown', null);
      await connection.sendNotification('exit', null);
    } finally {
      clearTimeout(timer);
      connection.dispose();
      child.kill();
    }
    assert.deepEqual(attempts(log), []);
    assert.ok(threadsLoaded(log).has('loaded 1'), 'the simulation workers ran with the preload');
    assert.ok(performance.now() - t0 <= 30_000);
  });

  it('the preload does block: a fetch in a child with it fails and is logged', async () => {
    const { dir, log } = workspace();
    const r = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--require', PRELOAD, '-e', "try { fetch('http://127.0.0.1:9/') } catch {} try { require('node:net').connect(9, '127.0.0.1') } catch { process.exitCode = 3 }"], {
        env: { ...process.env, FAULTLINE_NETWORK_LOG: log },
        stdio: 'ignore',
      });
      child.on('exit', (code) => resolve(code));
    });
    assert.equal(r, 3);
    assert.deepEqual(attempts(log).map((l) => l.split(' ')[1]), ['fetch', 'net.connect']);
  });
});
