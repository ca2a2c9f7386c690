import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { HostMessage } from '../../diagram/protocol';
import { diagramMessage as modelMessage, posted, RESULTS, ROOT, send, SKIP, startHarness, violations, waitForPosted, type Harness } from './diagram-harness';

/*
 * The diagram webview in a real browser (test/browser/diagram-harness.ts): drawing, reveal, pan and zoom, invalid
 * messages, export, the zone-loss view, hostile text. The readable-zoom, direction, overview, focus, collapse and
 * simulation-overlay checks over every sample are in diagram-readable.test.ts.
 */

function diagramMessage(text: string, version = 1): HostMessage {
  return modelMessage(text, version);
}

describe('diagram webview in Chromium', { skip: SKIP }, () => {
  let harness: Harness;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const checkout = readFileSync(path.join(ROOT, 'samples', 'checkout-saga.arch'), 'utf8');

  before(async () => {
    harness = await startHarness();
    page = await harness.open({ width: 1500, height: 700 }, (p) => {
      p.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      p.on('pageerror', (error) => pageErrors.push(error.message));
    });
  });

  after(async () => {
    await harness?.close();
  });

  it('renders the checkout saga with every element name and a screenshot', async () => {
    const message = diagramMessage(checkout);
    await send(page, message);
    await page.waitForSelector('svg.fl-diagram g.fl-node[data-name="place-order"]');
    const names = await page.$$eval('g.fl-node', (nodes) => nodes.map((n) => (n as SVGGElement).dataset.name));
    const expected = message.type === 'model' ? message.diagram.nodes.map((n) => n.name) : [];
    assert.deepEqual([...names].sort(), [...expected].sort());
    const text = await page.$eval('svg.fl-diagram', (svg) => svg.textContent ?? '');
    for (const name of expected) assert.ok(text.includes(name), `${name} in the SVG`);
    assert.ok(text.includes('200ms ×3'), 'call labels drawn');
    assert.equal(await page.evaluate(() => document.body.dataset.layoutIn), 'worker', 'elkjs ran in the layout worker');
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'diagram.png') });
  });

  it('posts reveal with the name of a clicked node', async () => {
    await page.click('g.fl-node[data-name="payments"]');
    const reveal = await waitForPosted(page, 'reveal');
    assert.deepEqual(reveal, { type: 'reveal', name: 'payments' });
  });

  it('keeps the viewport across model updates and pans with a drag', async () => {
    const transform = () => page.$eval('g.fl-viewport', (g) => g.getAttribute('transform'));
    await page.mouse.move(700, 650);
    await page.mouse.down();
    await page.mouse.move(760, 600, { steps: 4 });
    await page.mouse.up();
    const panned = await transform();
    await page.mouse.wheel(0, -200);
    const zoomed = await transform();
    assert.notEqual(zoomed, panned, 'the wheel zooms');
    await send(page, diagramMessage(`${checkout}\nexternal extra`, 2));
    await page.waitForSelector('g.fl-node[data-name="extra"]');
    assert.equal(await transform(), zoomed, 'a new model keeps the viewport');
    await page.click('button[aria-label="Fit the diagram to the panel"]');
    assert.notEqual(await transform(), zoomed);
  });

  it('ignores invalid messages and follows valid ones', async () => {
    const before = await page.$$eval('g.fl-node', (n) => n.length);
    for (const bad of ['model', null, 42, { type: 'nope' }, { type: 'model', diagram: { nodes: 'x' }, version: 1 }, { type: 'highlight', name: 7 }, { type: 'zoneLoss' }, { type: 'requestExport', format: 'gif' }]) {
      await send(page, bad);
    }
    await send(page, { type: 'highlight', name: 'orders' });
    await page.waitForSelector('g.fl-node.fl-highlight[data-name="orders"]');
    assert.equal(await page.$$eval('g.fl-node', (n) => n.length), before, 'the diagram is untouched');
    assert.equal(await page.$$eval('g.fl-highlight', (n) => n.length), 1);
    assert.ok(!(await posted(page)).some((m) => m.type === 'exported'));
  });

  it('exports SVG and PNG', async () => {
    await send(page, { type: 'requestExport', format: 'svg' });
    const svg = await waitForPosted(page, 'exported', 'svg');
    assert.ok(svg.type === 'exported' && svg.data.startsWith('<svg') && svg.data.includes('<style>'));
    await send(page, { type: 'requestExport', format: 'png' });
    const png = await waitForPosted(page, 'exported', 'png');
    assert.ok(png.type === 'exported' && png.data.startsWith('data:image/png;base64,'));
    assert.ok(png.data.length > 10_000, 'a real image');
  });

  it('greys out what dies in a zone-loss view', async () => {
    await send(page, diagramMessage(`region r { zones a, b, c }
gateway edge { replicas 2; zones a, b; routes app }
service app { replicas 1; zones a; writes db; call cache-svc { timeout 50ms } }
service cache-svc { replicas 2; zones b, c }
store db { replicas 3; zones a, b, c; election raft }
`, 3));
    await page.waitForSelector('g.fl-node[data-name="cache-svc"]');
    await send(page, { type: 'zoneLoss', zone: 'a' });
    await page.waitForSelector('g.fl-node.fl-dead[data-name="app"]');
    const opacity = await page.$eval('g.fl-node.fl-dead', (n) => Number(getComputedStyle(n).opacity));
    assert.ok(opacity < 1, `dead nodes are greyed (opacity ${opacity})`);
    assert.equal(await page.$$eval('g.fl-node.fl-dead', (n) => n.length), 1, 'only app dies (db keeps its majority)');
    assert.ok(await page.$('g.fl-node.fl-affected[data-name="edge"]'));
    assert.match((await page.textContent('.fl-status')) ?? '', /down: app/);
    await page.screenshot({ path: path.join(RESULTS, 'diagram-zone-loss.png') });
    await send(page, { type: 'zoneLoss', zone: null });
    await page.waitForSelector('g.fl-node.fl-dead', { state: 'detached' });
  });

  it('renders a hostile title as text: no img element, no dialog', async () => {
    const title = '<img src=x onerror=alert(1)>';
    await send(page, diagramMessage(`service evil "${title}" { description "<script>alert(2)</script>" }\nservice "x<svg onload=alert(3)>"`, 4));
    await page.waitForSelector('g.fl-node[data-name="evil"]');
    assert.equal(await page.$eval('g.fl-node[data-name="evil"] .fl-node-title', (t) => t.textContent), title);
    assert.equal(await page.$$eval('img', (n) => n.length), 0);
    assert.equal(await page.$$eval('script:not([nonce])', (n) => n.length), 0);
    assert.equal(await page.$$eval('[onerror], [onload]', (n) => n.length), 0);
    assert.deepEqual(dialogs, []);
  });

  it('lays out on the page when the layout worker cannot start, with the same boxes', async () => {
    const fallback = await harness.open({ width: 1500, height: 700 }, (p) => {
      void p.route('**/layout-worker.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    });
    try {
      await send(fallback, diagramMessage(checkout));
      await fallback.waitForSelector('svg.fl-diagram g.fl-node[data-name="place-order"]');
      assert.equal(await fallback.evaluate(() => document.body.dataset.layoutIn), 'page');
      // The worker measured labels in the same font as the page: every node box is where the worker put it.
      const boxes = (p: Page) => p.$$eval('g.fl-node', (nodes) => nodes.map((n) => `${(n as SVGGElement).dataset.name} ${n.querySelector('rect')?.getAttribute('width')}`).sort());
      await send(page, diagramMessage(checkout, 99));
      await page.waitForFunction(() => document.querySelector('svg.fl-diagram g.fl-node[data-name="place-order"]') !== null);
      assert.deepEqual(await boxes(fallback), await boxes(page));
    } finally {
      await fallback.close();
    }
  });

  it('ran without page errors or CSP violations', async () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await violations(page), []);
    assert.ok(!(await posted(page)).some((m) => m.type === 'error'));
  });
});
