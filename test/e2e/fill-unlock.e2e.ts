/**
 * A locked vault where a code is wanted: with a passphrase set and the vault locked, the
 * sign-in page of a site that has an account shows the in-page control in its locked form
 * ("Unlock to fill"); a click opens the extension's unlock view, and once the passphrase is
 * in, the waiting field holds the right code (oathtool's), without a reload.
 * `authenticator.unlock()` resumes the waiting fill the same way. Other sites never see it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateSecret } from '../../shared/otp';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { clickAx, IN_PAGE_SETTLE_MS, queryAx, waitForAx } from './support/closed-shadow';
import { oathtoolCode } from './support/widget-pages';
import { HOST_RULES, serveFixtures, type FixtureServer } from './fixtures/fill/serve-fixtures';

const PASSPHRASE = 'correct horse battery staple';
const FIELD = '#app_totp';
let browser: ExtensionBrowser;
let server: FixtureServer;
let secret: string;

const at = (host: string, path = 'github.html') => `http://${host}:${server.port}/${path}`;

/** The code in the field is oathtool's for a step around now (a fill may take the next step). */
function expectCode(value: string, t0: number): void {
  const steps = [Math.floor(t0 / 30_000), Math.floor(Date.now() / 30_000), Math.floor(Date.now() / 30_000) + 1];
  expect(steps.map((s) => oathtoolCode(secret, s))).toContain(value);
}

/** Opens the sign-in page and marks the document, so a reload would show. */
async function signIn(host = 'acme.test'): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(at(host));
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  return page;
}

const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);

beforeAll(async () => {
  server = await serveFixtures();
  browser = await launchWithExtension({ args: [HOST_RULES] });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  secret = generateSecret();
  await browser.worker.evaluate(
    async ({ uri, page, passphrase }) => {
      await globalThis.authenticator!.reset();
      // Bound exactly as a scan on acme.test's settings page binds it.
      await globalThis.authenticator!.add(uri, page);
      await globalThis.authenticator!.setPassphrase(null, passphrase);
      await globalThis.authenticator!.lock();
    },
    { uri: `otpauth://totp/Acme:alice?secret=${secret}&issuer=Acme`, page: at('acme.test', 'settings'), passphrase: PASSPHRASE },
  );
});

describe('a locked vault on a sign-in page', () => {
  it('shows "Unlock to fill"; unlocking in the view it opens fills the field, without a reload', async () => {
    const page = await signIn();
    await waitForAx(page, 'button', /Unlock/);
    expect(await page.locator(FIELD).inputValue()).toBe('');
    const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/popup.html'), timeout: 10_000 });
    await clickAx(page, 'button', /Unlock/);
    const view = await opened;
    await view.locator('input[name="passphrase"]').fill(PASSPHRASE);
    const t0 = Date.now();
    await view.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.locator(FIELD).inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    expectCode(await page.locator(FIELD).inputValue(), t0);
    expect(await sameDocument(page)).toBe(true);
    // Unlocked, the control is gone (a same-origin account fills by itself).
    await expect.poll(async () => (await queryAx(page, 'button', /Unlock/)).length).toBe(0);
    await page.close();
  });

  it('authenticator.unlock() resumes the waiting fill the same way', async () => {
    const page = await signIn();
    const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/popup.html'), timeout: 10_000 });
    await clickAx(page, 'button', /Unlock/);
    await (await opened).close();
    const t0 = Date.now();
    await browser.worker.evaluate((p) => globalThis.authenticator!.unlock(p), PASSPHRASE);
    await expect.poll(() => page.locator(FIELD).inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    expectCode(await page.locator(FIELD).inputValue(), t0);
    expect(await sameDocument(page)).toBe(true);
    await page.close();
  });

  it('is never shown on a site without an account, and a page script cannot press it', async () => {
    const other = await signIn('acme-login.test');
    const own = await signIn();
    await waitForAx(own, 'button', /Unlock/);
    // The content script of the other page asked just the same; give it as long, and more.
    await other.waitForTimeout(IN_PAGE_SETTLE_MS * 2);
    expect(await queryAx(other, 'button', /Unlock/)).toEqual([]);
    expect(await other.locator('pfa-in-page').count()).toBe(0);
    // Synthetic clicks on the host do nothing: no unlock view opens.
    const before = browser.context.pages().length;
    await own.evaluate(() => document.querySelector('pfa-in-page')?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true })));
    await own.waitForTimeout(500);
    expect(browser.context.pages().length).toBe(before);
    await other.close();
    await own.close();
  });
});
