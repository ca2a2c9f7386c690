// What a user does with mouse and keyboard, for the integration suite (test/integration/suite/helpers.ts `ui`):
// the suite, running in the extension host, prints `FAULTLINE_UI <id> <action> <json>`; test-vscode.mjs calls
// `perform` on the browser side with the workbench page, then writes `.ui/<id>.done` (or `.failed` with the
// message) into the workspace, which the suite waits for. Every wait has a limit; none is a sleep.

const LIMIT_MS = 30_000;

/** The webview frame whose page has this title (VS Code nests each webview's page in an iframe of its own). */
async function webviewFrame(page, title) {
  const deadline = Date.now() + LIMIT_MS;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      // A frame being replaced (a webview moved to another group reloads) may never answer: bound each ask.
      const t = await Promise.race([frame.title().catch(() => ''), new Promise((r) => setTimeout(() => r(''), 1000))]);
      if (t === title) return frame;
    }
    await page.waitForTimeout(100); // polling for a frame to appear: no event says when a nested webview loaded
  }
  throw new Error(`no webview titled "${title}" appeared within ${LIMIT_MS} ms`);
}

export const UI_ACTIONS = {
  /** Waits for the quick pick titled `title`, types `text` and accepts the first match. */
  async pick(page, { title, text }) {
    const widget = page.locator('.quick-input-widget').filter({ has: page.locator('.quick-input-title', { hasText: title }) });
    await widget.waitFor({ state: 'visible', timeout: LIMIT_MS });
    const input = widget.locator('input.input');
    await input.fill(text);
    // The list filters as one types: wait until the first row is a match before accepting it.
    await widget.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: text }).waitFor({ timeout: LIMIT_MS });
    await input.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: LIMIT_MS });
  },
  /** Clicks the code lens whose text starts with `text`. */
  async codelens(page, text) {
    const lens = page.locator('.codelens-decoration a:visible', { hasText: text }).first();
    try {
      await lens.waitFor({ state: 'visible', timeout: LIMIT_MS });
    } catch (error) {
      const shown = await page.locator('.codelens-decoration').allTextContents();
      throw new Error(`${error.message}; the lenses on screen: ${JSON.stringify(shown).slice(0, 500)}`);
    }
    await lens.click();
  },
  /** Clicks a button of a notification (Cancel on a progress notification). */
  async notificationButton(page, label) {
    const button = page.locator('.notification-toast .monaco-button', { hasText: label }).first();
    await button.waitFor({ state: 'visible', timeout: LIMIT_MS });
    await button.click();
  },
  /** Presses keys in the timeline webview. */
  async timelineKeys(page, keys) {
    // A webview moved to another group reloads: a frame found just before may be detached; look again then.
    const deadline = Date.now() + LIMIT_MS;
    for (;;) {
      try {
        const frame = await webviewFrame(page, 'Simulation timeline');
        await frame.locator('svg').first().waitFor({ state: 'visible', timeout: 5000 });
        await frame.locator('body').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
        for (const key of keys) await frame.locator('body').press(key);
        return;
      } catch (error) {
        if (Date.now() > deadline || !/detached|Timeout/.test(error.message)) throw error;
      }
    }
  },
  /** Resizes the workbench window (a narrow side panel: a 1,100 px window leaves the diagram ~530 px). */
  async viewport(page, size) {
    await page.setViewportSize(size);
    await page.waitForFunction(([w]) => window.innerWidth === w, [size.width], { timeout: LIMIT_MS });
  },
};

export async function perform(page, action, arg) {
  const fn = UI_ACTIONS[action];
  if (!fn) throw new Error(`unknown UI action ${action}`);
  await fn(page, arg);
}
