import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { checkText } from '../../analyzers/check';
import { toDiagram } from '../../analyzers/diagram/to-diagram';
import type { HostMessage, WebviewMessage } from '../../diagram/protocol';

/*
 * The diagram webview in a real browser: the esbuild bundle served with a page that stands in for VS Code
 * (a stub `acquireVsCodeApi` recording posted messages, theme variables, the panel's CSP), driven by playwright.
 */

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(ROOT, 'dist', 'webview');
const RESULTS = path.join(ROOT, 'test-results');
const haveChromium = existsSync(CHROMIUM);
const SKIP = haveChromium ? false : `${CHROMIUM} is not installed: the browser test of the diagram webview is skipped`;

declare global {
  interface Window {
    __posted: WebviewMessage[];
    __violations: string[];
  }
}

/** A light VS Code theme's variables, enough for the stylesheet to look as it does in the editor. */
const THEME_CSS = `:root {
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px;
  --vscode-editor-background: #ffffff; --vscode-editor-foreground: #1f1f1f; --vscode-descriptionForeground: #5f6368;
  --vscode-editorWidget-background: #f6f8fa; --vscode-widget-border: #d0d7de; --vscode-editorWidget-border: #8c959f;
  --vscode-panel-border: #d0d7de; --vscode-focusBorder: #005fb8;
  --vscode-button-secondaryForeground: #1f1f1f; --vscode-button-secondaryBackground: #e5e5e5; --vscode-button-secondaryHoverBackground: #cccccc;
  --vscode-charts-blue: #1a85ff; --vscode-charts-purple: #8250df; --vscode-charts-yellow: #bf8700; --vscode-charts-green: #388a34;
  --vscode-charts-orange: #d18616; --vscode-editorError-foreground: #e51400; --vscode-editorWarning-foreground: #bf8803;
  --vscode-editorInfo-foreground: #1a85ff; --vscode-inputValidation-errorBackground: #f2dede;
}`;

const PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'nonce-test'">
<link rel="stylesheet" href="/theme.css"><link rel="stylesheet" href="/styles.css"></head>
<body data-uri="file:///work/checkout-saga.arch"><div id="app"></div>
<script nonce="test">
window.__posted = []; window.__violations = []; let state;
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => state, setState: (s) => { state = s; } });
</script>
<script nonce="test" src="/main.js"></script>
</body></html>`;

function diagramMessage(text: string, version = 1): HostMessage {
  const { model, diagnostics } = checkText(text);
  return { type: 'model', diagram: toDiagram(model, diagnostics), version };
}

async function send(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** Waits for the webview to post a message of a type (and export format). A function, not a string: the CSP forbids eval. */
async function waitForPosted(page: Page, type: WebviewMessage['type'], format?: string): Promise<WebviewMessage> {
  const handle = await page.waitForFunction(
    ([t, f]) => window.__posted.find((m) => m.type === t && (f === undefined || (m.type === 'exported' && m.format === f))),
    [type, format] as const,
    { timeout: 5000 },
  );
  return (await handle.jsonValue()) as WebviewMessage;
}

describe('diagram webview in Chromium', { skip: SKIP }, () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const checkout = readFileSync(path.join(ROOT, 'samples', 'checkout-saga.arch'), 'utf8');

  before(async () => {
    const { buildWebview } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-webview.mjs')).href)) as {
      buildWebview: (o?: { outdir?: string }) => Promise<{ outdir: string }>;
    };
    await buildWebview({ outdir: DIST });
    const files: Record<string, [string, string]> = {
      '/': [PAGE, 'text/html'],
      '/theme.css': [THEME_CSS, 'text/css'],
      '/main.js': [readFileSync(path.join(DIST, 'main.js'), 'utf8'), 'text/javascript'],
      '/styles.css': [readFileSync(path.join(DIST, 'styles.css'), 'utf8'), 'text/css'],
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
    page = await browser.newPage({ viewport: { width: 1500, height: 700 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await waitForPosted(page, 'ready');
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
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
    assert.ok(!(await page.evaluate(() => window.__posted.some((m) => m.type === 'exported'))));
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

  it('ran without page errors or CSP violations', async () => {
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.ok(!(await page.evaluate(() => window.__posted.some((m) => m.type === 'error'))));
  });
});
