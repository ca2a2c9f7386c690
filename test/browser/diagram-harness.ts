import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { checkText } from '../../analyzers/check';
import { toDiagram } from '../../analyzers/diagram/to-diagram';
import type { HostMessage, WebviewMessage } from '../../diagram/protocol';

/*
 * The diagram webview in a real browser, shared by test/browser/diagram*.test.ts: the esbuild bundle (built into a
 * temporary folder, so test files running side by side never read each other's half-written bundle) served with a
 * page that stands in for VS Code (a stub `acquireVsCodeApi` recording posted messages, theme variables, the panel's
 * CSP, the layout worker), driven by playwright.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const RESULTS = path.join(ROOT, 'test-results');
export const SKIP = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed: the browser test of the diagram webview is skipped`;

/** The page's stand-in for VS Code (PAGE below). Not a global declaration: other browser tests declare their own. */
export type StubWindow = Window & {
  __posted: WebviewMessage[];
  __violations: string[];
  acquireVsCodeApi(): { getState(): unknown };
};

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
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'nonce-test' 'self'; worker-src blob:">
<link rel="stylesheet" href="/theme.css"><link rel="stylesheet" href="/styles.css"></head>
<body data-uri="file:///work/checkout-saga.arch" data-layout-worker="/layout-worker.js"><div id="app"></div>
<script nonce="test">
window.__posted = []; window.__violations = []; let state;
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => state, setState: (s) => { state = s; } });
</script>
<script nonce="test" src="/main.js"></script>
</body></html>`;

export interface Harness {
  browser: Browser;
  /** A new page showing the webview at this size, once it has posted `ready`; `setup` runs before it loads. */
  open(viewport: { width: number; height: number }, setup?: (page: Page) => void): Promise<Page>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const { buildWebview } = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'build-webview.mjs')).href)) as {
    buildWebview: (o?: { outdir?: string }) => Promise<{ outdir: string }>;
  };
  const outdir = mkdtempSync(path.join(tmpdir(), 'faultline-webview-'));
  await buildWebview({ outdir });
  const files: Record<string, [string, string]> = {
    '/': [PAGE, 'text/html'],
    '/theme.css': [THEME_CSS, 'text/css'],
    '/main.js': [readFileSync(path.join(outdir, 'main.js'), 'utf8'), 'text/javascript'],
    '/styles.css': [readFileSync(path.join(outdir, 'styles.css'), 'utf8'), 'text/css'],
    '/layout-worker.js': [readFileSync(path.join(outdir, 'layout-worker.js'), 'utf8'), 'text/javascript'],
  };
  rmSync(outdir, { recursive: true, force: true });
  const server: Server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(file ? 200 : 404, { 'content-type': `${file?.[1] ?? 'text/plain'}; charset=utf-8` });
    res.end(file?.[0] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    async open(viewport, setup) {
      const page = await browser.newPage({ viewport });
      setup?.(page);
      await page.goto(`http://127.0.0.1:${port}/`);
      await waitForPosted(page, 'ready');
      return page;
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function diagramMessage(text: string, version = 1, document?: string): HostMessage & { type: 'model' } {
  const { model, diagnostics } = checkText(text);
  return { type: 'model', diagram: toDiagram(model, diagnostics), version, ...(document !== undefined ? { document } : {}) };
}

export async function send(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** Waits for the webview to post a message of a type (and export format). A function, not a string: the CSP forbids eval. */
export async function waitForPosted(page: Page, type: WebviewMessage['type'], format?: string): Promise<WebviewMessage> {
  const handle = await page.waitForFunction(
    ([t, f]) => (window as unknown as StubWindow).__posted.find((m: { type: string; format?: string }) => m.type === t && (f === undefined || m.format === f)),
    [type, format] as [string, string | undefined],
    { timeout: 5000 },
  );
  return (await handle.jsonValue()) as WebviewMessage;
}

/** Waits until exactly these nodes are drawn (by name): the webview has drawn the model or view that has them. */
export async function waitForNodes(page: Page, names: readonly string[], timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const drawn = [...document.querySelectorAll<SVGGElement>('svg.fl-diagram g.fl-node')].map((n) => n.dataset.name ?? '');
      if (drawn.length !== expected.length) return false;
      const set = new Set(drawn);
      return expected.every((n) => set.has(n));
    },
    names,
    { timeout },
  );
}

/** Every message the webview posted so far. */
export function posted(page: Page): Promise<WebviewMessage[]> {
  return page.evaluate(() => (window as unknown as StubWindow).__posted);
}

/** CSP violations the page reported. */
export function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as StubWindow).__violations);
}

/** What the webview last stored with `setState`. */
export function webviewState(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as StubWindow).acquireVsCodeApi().getState());
}
