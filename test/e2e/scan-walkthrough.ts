/**
 * `npx tsx test/e2e/scan-walkthrough.ts`: enrolling without a phone, in pictures. Drives the
 * demo site and the scan fixtures in headless Chromium with the built extension and writes
 * docs/enrol/*.png (the README shows them). Not part of `npm test`; run `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startDemo } from '../../widget/demo/server';
import { launchWithExtension } from './support/chromium';
import { buildWidget } from './support/widget-browser';
import { DemoSite } from './support/widget-pages';
import { waitForAx, waitForAxText } from './support/closed-shadow';
import { scanFixtureServer } from './fixtures/scan/scan-fixtures';
import { openFixture, tabIdOf } from './fixtures/scan/scan-helpers';

const OUT = resolve(import.meta.dirname, '../../docs/enrol');
const written: string[] = [];
const shot = async (page: Page, name: string) => {
  await page.evaluate(() => document.fonts.ready);
  const file = `${String(written.length + 1).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: join(OUT, file), animations: 'disabled', caret: 'hide' });
  written.push(file);
};

/**
 * The popup at its real width (360 px). Its viewport goes back afterwards: with a page left at
 * another size, Chromium's headless captureVisibleTab of the next active tab never returned.
 */
const popupShot = async (popup: Page, name: string) => {
  const size = popup.viewportSize();
  await popup.setViewportSize({ width: 360, height: 520 });
  await shot(popup, name);
  if (size) await popup.setViewportSize(size);
};

buildWidget();
const dataDir = mkdtempSync(join(tmpdir(), 'pfa-enrol-'));
const demo = await startDemo({ port: 0, dataDir, seedUser: true, onEvent: () => {} });
const fixtures = await scanFixtureServer();
const browser = await launchWithExtension({ viewport: { width: 1000, height: 700 } });
try {
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT)) if (file.endsWith('.png')) rmSync(join(OUT, file));

  const page = await browser.context.newPage();
  const site = new DemoSite(page, demo.url);
  await site.signIn(demo.demoUser.email, demo.demoUser.password);
  const tab = await site.openTwoFactorTab();
  await tab.button('Set up Two-Factor Authentication').click();
  const setUp = tab.dialog('Set up Two-Factor Authentication');
  await tab.qr(setUp).waitFor();
  await page.mouse.move(0, 0);
  await shot(page, 'site-shows-qr-code');

  const tabId = await tabIdOf(browser.worker, page.url());
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
  await popup.getByRole('button', { name: 'Scan QR code on this page' }).waitFor();
  await popupShot(popup, 'popup-scan-button');
  await popup.getByRole('button', { name: 'Scan QR code on this page' }).click();
  const said = popup.locator('.toast span, .popup-status .error').first();
  await said.waitFor({ timeout: 30_000 });
  if (!/^Added /.test((await said.textContent()) ?? '')) throw new Error(`The scan said: ${await said.textContent()}`);
  await waitForAxText(page, 'status', /^Added /);
  await page.mouse.move(0, 0);
  await shot(page, 'scanned-and-code-filled');
  await popup.locator('.toast span').waitFor();
  await popupShot(popup, 'popup-after-scan');

  // The server accepts the code the extension filled in.
  await setUp.getByRole('button', { name: 'Confirm' }).click();
  await tab.saveRecoveryCodes();
  await tab.root.getByText('Two-factor authentication is enabled').waitFor();

  const scan = (id: number) => void browser.worker.evaluate((t) => void globalThis.authenticator!.scan(t).catch(() => undefined), id);
  const two = await openFixture(browser, fixtures, 'two-codes.html');
  scan(two.tabId);
  await waitForAx(two.page, 'alertdialog', 'Which code do you want to add?');
  await shot(two.page, 'several-codes-chooser');

  const warn = await openFixture(browser, fixtures, 'security-settings.html?code=github');
  scan(warn.tabId);
  await waitForAx(warn.page, 'alertdialog', 'Is this really GitHub?');
  await shot(warn.page, 'issuer-warning');

  const late = await openFixture(browser, fixtures, 'late-qr.html');
  const latePopup = await browser.context.newPage();
  await latePopup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${late.tabId}`);
  await latePopup.getByRole('button', { name: 'Scan QR code on this page' }).click();
  await waitForAxText(late.page, 'dialog', /Drag a rectangle/);
  await late.page.evaluate(() => (window as unknown as { showCode(): void }).showCode());
  const box = (await late.page.locator('table.qr').boundingBox())!;
  await late.page.mouse.move(box.x - 12, box.y - 12);
  await late.page.mouse.down();
  await late.page.mouse.move(box.x + box.width + 12, box.y + box.height + 12, { steps: 4 });
  await shot(late.page, 'drag-around-the-code');
  await late.page.mouse.up();
} finally {
  await browser.close();
  await fixtures.close();
  await demo.close();
  rmSync(dataDir, { recursive: true, force: true });
}
// Flat UI screenshots shrink about 3x as 8-bit PNGs; pngquant is optional (apt-get install pngquant).
try {
  execFileSync('pngquant', ['--force', '--ext', '.png', '--skip-if-larger', '--strip', ...written.map((f) => join(OUT, f))], { stdio: 'ignore' });
} catch {
  // Not installed: the PNGs stay as Chromium wrote them.
}
console.log(`wrote ${written.length} screenshots to docs/enrol/: ${written.join(', ')}`);
