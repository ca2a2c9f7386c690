// Regenerates media/screenshot.png for the README: run 'npm start' in one shell, then
// node scripts/readme-screenshot.mjs URL  (the URL npm start printed).
import { chromium } from 'playwright-core';
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto(url);
await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
const trust = page.getByRole('button', { name: /Yes, I trust/ });
if (await trust.isVisible({ timeout: 8000 }).catch(() => false)) await trust.click();
await page.keyboard.press('Control+P');
await page.keyboard.type('checkout-saga.arch');
await page.locator('.quick-input-list .monaco-list-row').first().click({ timeout: 30000 });
await page.locator('.monaco-editor .view-lines').first().click();
await page.keyboard.press('Control+G');
await page.keyboard.type('100');
await page.keyboard.press('Enter');
await page.locator('.squiggly-warning, .squiggly-error').first().waitFor({ timeout: 30000 });
await page.keyboard.press('Control+Shift+P');
await page.keyboard.type('Faultline: Open Diagram to the Side');
await page.locator('.quick-input-list .monaco-list-row').first().click({ timeout: 30000 });
await page.frameLocator('iframe.webview.ready').frameLocator('#active-frame').locator('[data-name="checkout"]').waitFor({ timeout: 60000 });
await page.keyboard.press('Control+Shift+M');
await page.waitForTimeout(1500);
await page.screenshot({ path: 'media/screenshot.png' });
await browser.close();
