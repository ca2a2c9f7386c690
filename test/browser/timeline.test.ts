import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { simulate } from '../../analyzers/sim/run';
import { summary } from '../../analyzers/sim/stats';
import { simulateTimeline } from '../../analyzers/sim/timeline';
import { overlayAt, type Timeline, type TimelineWebviewMessage } from '../../diagram/timeline';
import { buildModelFromText } from '../../language/model/build';
import type { Scenario } from '../../language/model/types';
import { bins, percentile } from '../../webview/timeline-histogram';
import { clampWindow, focusWindow, ticks, zoomWindow } from '../../webview/timeline-scale';

/*
 * The timeline webview in a real browser, as test/browser/diagram.test.ts drives the diagram: the esbuild bundle
 * served with a page that stands in for VS Code (a stub `acquireVsCodeApi` recording posted messages, theme
 * variables, the panel's CSP), fed a real Timeline built by the simulator from a sample.
 */

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(ROOT, 'dist', 'webview');
const RESULTS = path.join(ROOT, 'test-results');
const SKIP = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed: the browser test of the timeline webview is skipped`;

declare global {
  interface Window {
    __tlPosted: TimelineWebviewMessage[];
    __tlViolations: string[];
  }
}

/** A dark VS Code theme's variables (the diagram test uses a light one). */
const THEME_CSS = `:root {
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace;
  --vscode-editor-background: #1f1f1f; --vscode-editor-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d;
  --vscode-editorWidget-background: #252526; --vscode-widget-border: #454545; --vscode-panel-border: #2b2b2b;
  --vscode-focusBorder: #0078d4; --vscode-disabledForeground: #6e6e6e;
  --vscode-button-secondaryForeground: #cccccc; --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-charts-blue: #3794ff; --vscode-charts-purple: #b180d7; --vscode-charts-yellow: #cca700; --vscode-charts-green: #89d185;
  --vscode-charts-orange: #d18616; --vscode-editorError-foreground: #f14c4c;
}`;

const PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'nonce-test'">
<link rel="stylesheet" href="/theme.css"><link rel="stylesheet" href="/timeline.css"></head>
<body><div id="app"></div>
<script nonce="test">
window.__tlPosted = []; window.__tlViolations = []; let state;
document.addEventListener('securitypolicyviolation', (e) => window.__tlViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__tlPosted.push(m), getState: () => state, setState: (s) => { state = s; } });
</script>
<script nonce="test" src="/timeline.js"></script>
</body></html>`;

function sampleTimeline(file: string, name: string, seed: number, sweep: number): Timeline {
  const model = buildModelFromText(readFileSync(path.join(ROOT, 'samples', file), 'utf8'));
  const scenario = model.elements.get(name) as Scenario;
  const failoverMs = Array.from({ length: sweep }, (_, i) => simulate(model, scenario, { seed: i + 1, trace: false }).metrics.failoverMs).flat();
  return simulateTimeline(model, scenario, seed, { seeds: sweep, failoverMs });
}

async function send(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** Resolves once every message sent before has been handled: messages arrive in order, each handled at once. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        // An anonymous listener (tsx would name a `const` one with a helper the page does not have); left in place.
        window.addEventListener('message', (e) => e.data === '__settled' && resolve());
        window.postMessage('__settled', '*');
      }),
  );
}

/** Polls a condition of the test process (console messages arrive from the browser asynchronously). */
async function until(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The messages of a type posted so far. */
async function posted<T extends TimelineWebviewMessage['type']>(page: Page, type: T): Promise<Extract<TimelineWebviewMessage, { type: T }>[]> {
  return (await page.evaluate((t) => window.__tlPosted.filter((m) => m.type === t), type)) as Extract<TimelineWebviewMessage, { type: T }>[];
}

/** Waits until `count` messages of a type were posted, and returns the last. A function, not a string: the CSP forbids eval. */
async function waitForPosted<T extends TimelineWebviewMessage['type']>(page: Page, type: T, count: number): Promise<Extract<TimelineWebviewMessage, { type: T }>> {
  await page.waitForFunction(([t, n]) => window.__tlPosted.filter((m) => m.type === t).length >= n, [type, count] as const, { timeout: 5000 });
  return (await posted(page, type))[count - 1]!;
}

describe('timeline webview helpers (no browser)', () => {
  it('marks the same p50 and p99 as the report (nearest rank), and bins every value', () => {
    const values = [7496, 6510, 9110, 8800, 120, 8400, 7100, 9050, 6900, 8600, 8650, 7400];
    const sorted = values.slice().sort((a, b) => a - b);
    const s = summary(values);
    assert.deepEqual([percentile(sorted, 50), percentile(sorted, 99)], [s.p50, s.p99]);
    const b = bins(values, 8);
    assert.equal(b.counts.reduce((a, c) => a + c, 0), values.length);
    assert.equal(b.fromMs, 120);
  });

  it('keeps the window inside the run and opens on the failure', () => {
    assert.deepEqual(clampWindow({ fromMs: -50, toMs: 20 }, 1000), { fromMs: 0, toMs: 70 });
    assert.deepEqual(clampWindow({ fromMs: 900, toMs: 1300 }, 1000), { fromMs: 600, toMs: 1000 });
    const z = zoomWindow({ fromMs: 0, toMs: 1000 }, 2, 500, 1000);
    assert.deepEqual(z, { fromMs: 250, toMs: 750 });
    assert.deepEqual(ticks({ fromMs: 0, toMs: 1000 }, 450).map((t) => t.label), ['0.0s', '0.2s', '0.4s', '0.6s', '0.8s', '1.0s']);
    const t = { endMs: 60_000, checks: [{ expect: 'no-split-brain', passed: false, atMs: 14_000, detail: '' }], events: [] } as unknown as Timeline;
    assert.deepEqual(focusWindow(t), { fromMs: 12_500, toMs: 15_000 });
  });
});

describe('timeline webview in Chromium', { skip: SKIP }, () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const warnings: string[] = [];
  let timeline: Timeline;
  const decisive = () => timeline.events.flatMap((e, i) => (e.decisive ? [i] : []));

  before(async () => {
    const { buildWebview } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-webview.mjs')).href)) as {
      buildWebview: (o?: { outdir?: string }) => Promise<{ outdir: string }>;
    };
    const built = buildWebview({ outdir: DIST });
    // The naive failover's split brain: the seed-1 counterexample of legacy-failover's primary-isolated.
    timeline = sampleTimeline('legacy-failover.arch', 'primary-isolated', 1, 8);
    await built;
    const files: Record<string, [string, string]> = {
      '/': [PAGE, 'text/html'],
      '/theme.css': [THEME_CSS, 'text/css'],
      '/timeline.js': [readFileSync(path.join(DIST, 'timeline.js'), 'utf8'), 'text/javascript'],
      '/timeline.css': [readFileSync(path.join(DIST, 'timeline.css'), 'utf8'), 'text/css'],
    };
    server = createServer((req, res) => {
      const file = files[new URL(req.url ?? '/', 'http://x').pathname];
      res.writeHead(file ? 200 : 404, { 'content-type': `${file?.[1] ?? 'text/plain'}; charset=utf-8` });
      res.end(file?.[0] ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 900, height: 720 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto(`http://127.0.0.1:${port}/`);
    await waitForPosted(page, 'ready', 1);
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('draws a lane per node, arrows, leadership, the partition and the histogram', async () => {
    await send(page, { type: 'timeline', timeline });
    await page.waitForSelector('svg.fl-tl-plot g.fl-tl-msg');
    const lanes = await page.$$eval('.fl-tl-lane-name', (n) => n.map((e) => e.textContent));
    assert.deepEqual(lanes, timeline.lanes.map((l) => l.name));
    assert.deepEqual(await page.$$eval('.fl-tl-lane-zone', (n) => n.map((e) => e.textContent)), ['euw1-a', 'euw1-b', 'euw1-c']);
    // The default window is around the split brain (14.78s), where node 0 and node 2 both lead.
    assert.ok((await page.$$eval('g.fl-tl-msg', (n) => n.length)) > 10, 'message arrows');
    assert.ok((await page.$$eval('g.fl-tl-msg line.fl-tl-arrow[marker-end]', (n) => n.length)) > 0, 'arrows with heads');
    const leaders = await page.$$eval('rect.fl-tl-leader', (n) => n.length);
    assert.ok(leaders >= 2, `two leaders shaded (${leaders})`);
    assert.ok((await page.$$eval('text.fl-tl-term', (n) => n.map((e) => e.textContent))).some((s) => s === 'term 2'));
    assert.equal(await page.$$eval('rect.fl-tl-partition', (n) => n.length), 2, 'the band in the lanes and in the overview');
    assert.ok(await page.$('g.fl-tl-check.fl-tl-decisive'), 'the failing check marked');
    assert.match((await page.textContent('.fl-tl-header')) ?? '', /primary-isolated → reservations-db failed/);
    assert.equal(await page.textContent('.fl-tl-seed-text'), 'seed 1');
    // The naive leader never stops being writable, so these seeds have no outage at all: the histogram says so.
    assert.deepEqual(timeline.failoverMs, []);
    assert.equal(await page.textContent('svg.fl-tl-hist'), 'No failover in 8 seeds');
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'timeline-900.png') });
  });

  it('steps through the decisive events with Next/Prev and the keys, posting the diagram’s overlay', async () => {
    const d = decisive();
    const before = (await posted(page, 'step')).length;
    await page.click('button[aria-label^="Next event"]');
    let s = await waitForPosted(page, 'step', before + 1);
    assert.equal(s.index, d[0]);
    assert.deepEqual(s.overlay, overlayAt(timeline, timeline.events[d[0]!]!.t));
    await page.click('button[aria-label^="Next event"]');
    s = await waitForPosted(page, 'step', before + 2);
    assert.equal(s.index, d[1]);
    await page.keyboard.press('ArrowRight');
    s = await waitForPosted(page, 'step', before + 3);
    assert.equal(s.index, d[2]);
    assert.equal(await page.textContent('.fl-tl-counter'), `3 / ${d.length}`);
    await page.keyboard.press('ArrowLeft');
    s = await waitForPosted(page, 'step', before + 4);
    assert.equal(s.index, d[1]);
    await page.click('button[aria-label^="Previous event"]');
    s = await waitForPosted(page, 'step', before + 5);
    assert.equal(s.index, d[0]);
    await page.keyboard.press('j');
    assert.equal((await waitForPosted(page, 'step', before + 6)).index, d[1]);
    await page.keyboard.press('k');
    assert.equal((await waitForPosted(page, 'step', before + 7)).index, d[0]);
    await page.keyboard.press('End');
    s = await waitForPosted(page, 'step', before + 8);
    assert.equal(s.index, d[d.length - 1]);
    assert.deepEqual(s.overlay, overlayAt(timeline, timeline.events[s.index!]!.t));
    await page.keyboard.press('Home');
    s = await waitForPosted(page, 'step', before + 9);
    assert.equal(s.index, d[0]);
    const details = (await page.textContent('.fl-tl-details')) ?? '';
    assert.ok(details.includes(timeline.events[d[0]!]!.text), details);
    assert.equal(await page.getAttribute('.fl-tl-details', 'aria-live'), 'polite');
    assert.ok(await page.$('g.fl-tl-event[data-index="' + d[0] + '"]'));
  });

  it('with “all events”, steps through every event; the step shows where a message goes', async () => {
    const before = (await posted(page, 'step')).length;
    await page.check('.fl-tl-toggle input');
    await page.keyboard.press('ArrowRight');
    const s = await waitForPosted(page, 'step', before + 1);
    assert.equal(s.index, decisive()[0]! + 1, 'the event right after the current one');
    await page.uncheck('.fl-tl-toggle input');
  });

  it('a click on an event steps to it and posts reveal with its declaration; Enter reveals the current one', async () => {
    const fault = timeline.events.findIndex((e) => e.kind === 'fault' && e.t === 10_000);
    await page.click('button[aria-label="Show the whole run"]');
    const reveals = (await posted(page, 'reveal')).length;
    await page.click(`g.fl-tl-event[data-index="${fault}"] path.fl-tl-flag`, { timeout: 5000 });
    const r = await waitForPosted(page, 'reveal', reveals + 1);
    assert.deepEqual(r, { type: 'reveal', declaration: timeline.events[fault]!.declaration });
    assert.equal(timeline.declarations[r.declaration]!.label, 'at 10s partition euw1-a | euw1-b, euw1-c');
    const steps = await posted(page, 'step');
    assert.equal(steps[steps.length - 1]!.index, fault);
    await page.focus('.fl-tl-plotwrap');
    await page.keyboard.press('Enter');
    assert.deepEqual(await waitForPosted(page, 'reveal', reveals + 2), r);
  });

  it('zooms with the wheel and the buttons, and pans with a drag', async () => {
    const info = () => page.textContent('.fl-tl-info');
    const whole = await info();
    const box = (await page.$('.fl-tl-plotwrap'))!;
    const b = (await box.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + 30);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((w) => document.querySelector('.fl-tl-info')?.textContent !== w, whole);
    const zoomed = await info();
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2 - 120, b.y + 30, { steps: 4 });
    await page.mouse.up();
    assert.notEqual(await info(), zoomed, 'a drag pans');
    await page.click('button[aria-label^="Zoom to the failure"]');
    assert.match((await info()) ?? '', /^t=13\.283s – t=15\.783s/);
  });

  it('copy posts copySeed with the seed', async () => {
    await page.click('button[aria-label="Copy the seed"]');
    assert.deepEqual(await waitForPosted(page, 'copySeed', 1), { type: 'copySeed', seed: 1 });
  });

  it('drops an invalid message and keeps what it shows', async () => {
    const lanesBefore = await page.$$eval('.fl-tl-lane', (n) => n.length);
    const broken = { ...timeline, lanes: 'x' };
    for (const bad of [null, 'timeline', 42, { type: 'nope' }, { type: 'timeline', timeline: broken }, { type: 'timeline', timeline: { ...timeline, seed: 1.5 } }, { type: 'notice', text: 7 }]) await send(page, bad);
    await settled(page);
    assert.equal(await page.$$eval('.fl-tl-lane', (n) => n.length), lanesBefore);
    assert.equal(await page.isVisible('.fl-tl-notice'), false);
    await until('the webview to log the dropped messages', () => warnings.filter((w) => w.includes('dropped an invalid message')).length >= 7);
    await send(page, { type: 'notice', text: 'Simulation cancelled.' });
    await page.waitForSelector('.fl-tl-notice:has-text("Simulation cancelled.")');
  });

  it('renders hostile names and texts as text: no markup, no dialog', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const hostile: Timeline = structuredClone(timeline);
    hostile.scenario = `<script>alert(2)</script>`;
    hostile.lanes[0]!.name = evil;
    hostile.lanes[1]!.zone = '<svg onload=alert(3)>';
    const first = decisive()[0]!;
    hostile.events[first]!.text = `${evil} became leader`;
    hostile.leaders[0]!.label = '<b onmouseover=alert(4)>';
    await send(page, { type: 'timeline', timeline: hostile });
    await page.waitForSelector('.fl-tl-body:not([hidden])');
    assert.equal(await page.textContent('.fl-tl-lane-name'), evil);
    await page.keyboard.press('Home');
    await page.waitForFunction((t) => document.querySelector('.fl-tl-details')?.textContent?.includes(t), evil);
    assert.equal(await page.$$eval('img, b, script:not([nonce])', (n) => n.length), 0);
    assert.equal(await page.$$eval('[onerror], [onload], [onmouseover]', (n) => n.length), 0);
    assert.deepEqual(dialogs, []);
  });

  it('shows a lock’s leases as its holders’ tokens', async () => {
    const lock = sampleTimeline('inventory-lock.arch', 'holder-gc-pause', 1, 1);
    await send(page, { type: 'timeline', timeline: lock });
    await page.waitForSelector('.fl-tl-lane-name:has-text("replenisher#1")');
    await page.click('button[aria-label="Show the whole run"]');
    assert.ok((await page.$$eval('text.fl-tl-term', (n) => n.map((e) => e.textContent))).includes('token 2'));
    assert.ok((await page.$$eval('rect.fl-tl-down.fl-tl-paused', (n) => n.length)) === 1, 'the paused holder hatched');
  });

  it('draws the histogram of failover times over the sweep, with p50 and p99', async () => {
    // An async failover: every seed fails over once (and loses writes).
    const carts = sampleTimeline('carts-async-failover.arch', 'primary-crash', 1, 12);
    assert.ok(carts.failoverMs.length >= 12);
    await send(page, { type: 'timeline', timeline: carts });
    await page.waitForSelector('.fl-tl-lane-name:has-text("carts-db#0")');
    const hist = (await page.textContent('svg.fl-tl-hist')) ?? '';
    assert.match(hist, new RegExp(`^Failover times: ${carts.failoverMs.length} failovers in 12 seeds`));
    assert.match(hist, /p50 \d/);
    assert.match(hist, /p99 \d/);
    const counts = await page.$$eval('text.fl-tl-count', (n) => n.map((e) => Number(e.textContent)));
    assert.equal(counts.reduce((a, c) => a + c, 0), carts.failoverMs.length, 'count labels add up to the failovers');
    assert.equal(await page.$$eval('line.fl-tl-pct', (n) => n.length), 2);
    await page.screenshot({ path: path.join(RESULTS, 'timeline-failover-900.png') });
  });

  it('works at 400px: controls wrap, nothing overflows sideways', async () => {
    await send(page, { type: 'timeline', timeline });
    await page.setViewportSize({ width: 400, height: 760 });
    await page.waitForFunction(() => Number(document.querySelector('svg.fl-tl-hist')?.getAttribute('width')) <= 400);
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      toolbar: [document.querySelector('.fl-tl-toolbar')!.scrollWidth, document.querySelector('.fl-tl-toolbar')!.clientWidth],
      right: Math.max(...[...document.querySelectorAll('.fl-tl-toolbar button, .fl-tl-toolbar label')].map((b) => b.getBoundingClientRect().right)),
      plot: document.querySelector('svg.fl-tl-plot')!.getBoundingClientRect().right,
      label: document.querySelector('.fl-tl-lane-name')!.getBoundingClientRect().width,
    }));
    assert.ok(overflow.page <= 400, `page ${overflow.page}px wide`);
    assert.ok(overflow.toolbar[0]! <= overflow.toolbar[1]!, `toolbar ${overflow.toolbar}`);
    assert.ok(overflow.right <= 400, `controls end at ${overflow.right}px`);
    assert.ok(overflow.plot <= 400, `lanes end at ${overflow.plot}px`);
    assert.ok(overflow.label > 20, 'lane names still show');
    assert.ok((await page.$$eval('g.fl-tl-msg', (n) => n.length)) > 0, 'arrows still drawn');
    await page.screenshot({ path: path.join(RESULTS, 'timeline-400.png') });
    await page.setViewportSize({ width: 900, height: 720 });
  });

  it('ran without page errors or CSP violations', async () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__tlViolations), []);
    assert.deepEqual(await posted(page, 'error'), []);
  });
});
