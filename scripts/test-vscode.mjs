// Runs the integration suite (test/integration/suite) inside a REAL VS Code: the server build of VS Code
// 1.100.3 (from code-server) with its real workbench and Node extension host, driven by Debian's Chromium
// through playwright-core. The extension loads in development mode from this checkout; the suite runs in the
// extension host via `extensionTestsPath`, exactly as @vscode/test-electron would run it.
// Waits on conditions (the suite's exit call), never on sleeps; every wait has a limit.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { provision } from './provision-vscode.mjs';
import { inspectDiagram } from './inspect-diagram.mjs';
import { perform } from './ui-actions.mjs';

const ROOT = resolve('.');
const RESULTS = join(ROOT, 'test-results');
const SUITE = process.env.FAULTLINE_SUITE ? resolve(process.env.FAULTLINE_SUITE) : join(ROOT, 'dist/test/suite/index.cjs');
const PROBE = join(ROOT, 'test/integration/probe');
const VSIX_SUITE = join(ROOT, 'dist/test/vsix-suite/index.cjs');
const EXTENSION_PATH = process.env.FAULTLINE_EXTENSION_PATH ? resolve(process.env.FAULTLINE_EXTENSION_PATH) : ROOT;
const RUN_LIMIT_MS = 6 * 60_000;
/** Numbers the suite reports (FAULTLINE_METRIC lines), kept in test-results/metrics.json. */
const metrics = {};
const SERVER_START_LIMIT_MS = 60_000;

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

function httpReady(port) {
  return new Promise((ok) => {
    const req = request({ host: '127.0.0.1', port, path: '/', method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      ok(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.on('error', () => ok(false));
    req.on('timeout', () => {
      req.destroy();
      ok(false);
    });
    req.end();
  });
}

async function waitFor(what, check, limitMs) {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250)); // polling interval of a condition, not a sleep-as-synchronisation
  }
  throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
}

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-it-'));
  cpSync(join(ROOT, 'samples'), join(dir, 'samples'), { recursive: true });
  cpSync(join(ROOT, 'test/integration/fixtures'), join(dir, 'fixtures'), { recursive: true });
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode/settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': false }));
  // Tells the suite a browser-side runner is watching (screenshots, webview clicks); test-electron has none.
  writeFileSync(join(dir, '.faultline-runner'), 'test-vscode\n');
  return dir;
}

/**
 * One run of a suite in a fresh VS Code server + Chromium page. `inspect(page)` runs after the suite has
 * passed, while the workbench is still up, for checks that need the browser side (the webview's DOM).
 */
async function runSuite({ serverMain, executablePath, extensionPath, suite, extensionsDir, label, inspect }) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'faultline-vscode-data-'));
  const folder = workspace();
  const args = [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms', '--disable-workspace-trust', '--server-data-dir', dataDir];
  if (extensionsDir) args.push('--extensions-dir', extensionsDir);
  const server = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  let browser;
  let exitCode = 1;
  try {
    await waitFor('the VS Code server to answer', () => httpReady(port), SERVER_START_LIMIT_MS);
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const dialogs = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    let inspection = Promise.resolve();
    let inspected = false;
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = `${level}: ${(Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
      const metric = /FAULTLINE_METRIC (\w+) ([\d.]+)/.exec(text);
      if (metric) {
        metrics[metric[1]] = Number(metric[2]);
        writeFileSync(join(RESULTS, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
      }
      const shot = /FAULTLINE_SCREENSHOT ([\w-]+)/.exec(text);
      if (shot) {
        const name = shot[1];
        void page
          .screenshot({ path: join(RESULTS, `${name}.png`) })
          .catch((e) => console.error(`test-vscode: screenshot ${name} failed: ${e.message}`))
          .finally(() => {
            mkdirSync(join(folder, '.screenshots'), { recursive: true });
            writeFileSync(join(folder, '.screenshots', `${name}.done`), '');
          });
        return;
      }
      const ui = /FAULTLINE_UI ([\w-]+) (\w+) (.*)$/.exec(text);
      if (ui) {
        const [, id, action, arg] = ui;
        const mark = (suffix, body) => {
          mkdirSync(join(folder, '.ui'), { recursive: true });
          writeFileSync(join(folder, '.ui', `${id}.${suffix}`), body);
        };
        void perform(page, action, JSON.parse(arg)).then(
          () => mark('done', ''),
          (e) => {
            console.error(`test-vscode: UI action ${action} failed: ${e.message}`);
            mark('failed', e.message);
          },
        );
        return;
      }
      if (inspect && !inspected && text.includes('FAULTLINE_DIAGRAM_READY')) {
        inspected = true;
        inspection = inspect(page, { dialogs });
      }
      // Known noise: no network (gallery, open-vsx), the refused trust dialog, connection chatter.
      if (/extension-gallery|service ?worker|ENOTFOUND|trust the authors|Creating a socket|connection token|builtin extensions cache|ChatSessionStore|^\s+at /i.test(text)) return;
      console.log(`  [vscode] ${text}`);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(suite)],
      ['skipWelcome', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const timeout = new Promise((_, fail) => setTimeout(() => fail(new Error(`the suite did not finish within ${RUN_LIMIT_MS / 1000} s`)), RUN_LIMIT_MS).unref());
    exitCode = await Promise.race([exited, timeout]);
    await page.screenshot({ path: join(RESULTS, `${label}-workbench.png`) }).catch(() => undefined);
    // The browser-side checks ran while the suite waited; their failure fails the run.
    await inspection;
    if (inspect && !inspected) throw new Error('the suite never opened the diagram for the browser-side checks');
  } catch (error) {
    console.error(`test-vscode (${label}): ${error.message}`);
    if (serverLog) console.error(serverLog.split('\n').slice(-30).join('\n'));
    exitCode = 1;
  } finally {
    await browser?.close().catch(() => undefined);
    server.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
  return exitCode;
}

function installVsix(serverMain, vsix, extensionsDir) {
  const result = spawnSync(process.execPath, [serverMain, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--accept-server-license-terms'], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`installing the .vsix failed: ${(result.stderr || result.stdout).trim()}`);
}

function packageVsix(out) {
  const vsce = join(ROOT, 'node_modules/@vscode/vsce/vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vsce package failed: ${(result.stderr || result.stdout).trim()}`);
  const size = statSync(out).size;
  console.log(`test-vscode: packaged ${out} (${(size / 1024 / 1024).toFixed(2)} MB)`);
  if (size > 5 * 1024 * 1024) throw new Error(`the .vsix is ${(size / 1024 / 1024).toFixed(2)} MB, over the 5 MB budget`);
}

async function main() {
  const { serverMain, chromium: executablePath } = provision();
  mkdirSync(RESULTS, { recursive: true });
  const failures = [];

  // 1. The development extension, the full suite, then browser-side checks of the diagram webview.
  const dev = await runSuite({ serverMain, executablePath, extensionPath: EXTENSION_PATH, suite: SUITE, label: 'dev', inspect: inspectDiagram });
  if (dev !== 0) failures.push('the extension suite');

  // 2. The packaged .vsix installed into the server, no development copy: a sample must get diagnostics.
  if (!process.env.FAULTLINE_SUITE) {
    const work = mkdtempSync(join(tmpdir(), 'faultline-vsix-'));
    try {
      const vsix = join(work, 'faultline.vsix');
      packageVsix(vsix);
      const extensionsDir = join(work, 'extensions');
      installVsix(serverMain, vsix, extensionsDir);
      const packaged = await runSuite({ serverMain, executablePath, extensionPath: PROBE, suite: VSIX_SUITE, extensionsDir, label: 'vsix' });
      if (packaged !== 0) failures.push('the installed .vsix');
    } catch (error) {
      console.error(`test-vscode (vsix): ${error.message}`);
      failures.push('packaging or installing the .vsix');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  console.log(failures.length === 0 ? 'test-vscode: passed in a real VS Code (development extension and installed .vsix)' : `test-vscode: FAILED: ${failures.join(', ')}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

await main();
