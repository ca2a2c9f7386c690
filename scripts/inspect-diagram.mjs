// Browser-side checks of the diagram webview, run by test-vscode.mjs while the extension suite waits in its
// last test (after it printed FAULTLINE_DIAGRAM_READY) with the XSS fixture's diagram open: the hostile title
// is text, no <img> exists, no dialog fired, the layout ran in the worker; then a click on a node, whose effect (the editor revealing the
// declaration) the suite itself asserts. Screenshots go to test-results/.
import { join, resolve } from 'node:path';

const RESULTS = resolve('test-results');
const LIMIT_MS = 30_000;

export async function inspectDiagram(page, { dialogs }) {
  const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const node = webview.locator('[data-name="api"]').first();
  await node.waitFor({ state: 'visible', timeout: LIMIT_MS });
  const svgText = await webview.locator('svg').first().textContent({ timeout: LIMIT_MS });
  if (!svgText?.includes('<img src=x onerror=alert(1)>')) throw new Error(`the hostile title is not shown as text (got: ${svgText?.slice(0, 200)})`);
  const images = await webview.locator('img').count();
  if (images > 0) throw new Error(`the webview holds ${images} <img> element(s): a title was rendered as HTML`);
  if (dialogs.length > 0) throw new Error(`a dialog fired: ${dialogs.join(' | ')}`);
  // elkjs ran in the panel's layout worker (webview/layout-runner.ts), not on the page's thread.
  const layoutIn = await webview.locator('body').getAttribute('data-layout-in', { timeout: LIMIT_MS });
  if (layoutIn !== 'worker') throw new Error(`the diagram was laid out on the page's thread (data-layout-in=${layoutIn}), not in the layout worker`);
  await page.screenshot({ path: join(RESULTS, 'diagram-xss.png') });

  // Click-to-source: the suite waits for the editor to select `service api` (line 2 of fixtures/xss.arch).
  await node.click();
  console.log('test-vscode: webview checks passed (escaped title as text, no <img>, no dialog); clicked `api`');
}
