/**
 * Phishing: an account belongs to the site it was scanned on. On a look-alike domain the page
 * gets nothing (no fill, no button; the popup lists the account under "other sites" and fills
 * only after a warning naming both sites); on a sibling subdomain it gets a button, one click.
 * One local server plays every site through Chromium's --host-resolver-rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateSecret } from '../../shared/otp';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { IN_PAGE_SETTLE_MS } from './support/closed-shadow';
import { oathtoolCode } from './support/widget-pages';
import { HOST_RULES, serveFixtures, type FixtureServer } from './fixtures/fill/serve-fixtures';

let browser: ExtensionBrowser;
let server: FixtureServer;
let secret: string;
let accountId: string;

const at = (host: string, path = 'github.html') => `http://${host}:${server.port}/${path}`;
const FIELD = '#app_totp';

async function tabIdOf(page: Page): Promise<number> {
  const url = page.url();
  return browser.worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)!.id!, url);
}

function expectCode(value: string, t0: number): void {
  const steps = [Math.floor(t0 / 30_000), Math.floor(Date.now() / 30_000), Math.floor(Date.now() / 30_000) + 1];
  expect(steps.map((s) => oathtoolCode(secret, s))).toContain(value);
}

/** The fill button sits in a closed shadow root: click where a person would, with the real mouse. */
async function clickFillButton(page: Page): Promise<void> {
  const host = page.locator('pfa-in-page');
  await expect.poll(() => host.count(), { timeout: 10_000 }).toBe(1);
  await page.waitForTimeout(IN_PAGE_SETTLE_MS); // it ignores clicks in its first moments on screen
  const box = await host.boundingBox();
  await page.mouse.click(box!.x + 11, box!.y + 11);
}

beforeAll(async () => {
  server = await serveFixtures();
  browser = await launchWithExtension({ args: [HOST_RULES] });
  await browser.worker.evaluate(() => globalThis.authenticator!.reset());
  secret = generateSecret();
  // Bound exactly as a scan on acme.test's settings page binds it.
  const added = await browser.worker.evaluate(
    ([uri, page]) => globalThis.authenticator!.add(uri, page),
    [`otpauth://totp/Acme:alice?secret=${secret}&issuer=Acme`, at('acme.test', 'settings')] as const,
  );
  accountId = added.id;
  expect(added).toMatchObject({ origin: `http://acme.test:${server.port}`, site: 'acme.test' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('an account scanned on acme.test', () => {
  it('login.acme.test (same site, other origin): no automatic fill, a button, and one click fills', async () => {
    const page = await browser.context.newPage();
    await page.goto(at('login.acme.test'));
    await expect.poll(() => page.locator('pfa-in-page').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator(FIELD).inputValue()).toBe('');
    const t0 = Date.now();
    await clickFillButton(page);
    await expect.poll(() => page.locator(FIELD).inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    expectCode(await page.locator(FIELD).inputValue(), t0);
    await page.close();
  });

  // No fill after the veil is lifted: each fill spends a time step, and the tests below need theirs.
  it('login.acme.test under a see-through overlay (clickjacking): a click through it to the fill button fills nothing', async () => {
    const page = await browser.context.newPage();
    await page.goto(at('login.acme.test'));
    const host = page.locator('pfa-in-page');
    await expect.poll(() => host.count(), { timeout: 10_000 }).toBe(1);
    // The page's bait: invisible to the eye, invisible to the mouse, but it covers our button.
    await page.evaluate(() => {
      const veil = document.createElement('div');
      veil.id = 'veil';
      veil.style.cssText = 'position:fixed;inset:0;z-index:2147483647;pointer-events:none;background:rgb(255 255 255 / 0.02)';
      document.documentElement.append(veil);
    });
    await page.waitForTimeout(IN_PAGE_SETTLE_MS);
    const box = (await host.boundingBox())!;
    await page.mouse.click(box.x + 11, box.y + 11);
    await page.waitForTimeout(1000);
    expect(await page.locator(FIELD).inputValue()).toBe('');
    await page.close();
  });

  it('acme-login.test (look-alike): nothing in the page, and authenticator.fill refuses too', async () => {
    // The same page on the sibling subdomain got its button (the test above); give this one as long.
    const page = await browser.context.newPage();
    await page.goto(at('acme-login.test'));
    await page.waitForTimeout(1500);
    expect(await page.locator(FIELD).inputValue()).toBe('');
    expect(await page.locator('pfa-in-page').count()).toBe(0);
    const tabId = await tabIdOf(page);
    expect(await browser.worker.evaluate((id) => globalThis.authenticator!.fill(id), tabId)).toEqual({ filled: false, accountId: null });
    expect(await page.locator(FIELD).inputValue()).toBe('');
    await page.close();
  });

  it('acme-login.test from the popup: listed under other sites, filled only after a warning naming both sites', async () => {
    const page = await browser.context.newPage();
    await page.goto(at('acme-login.test'));
    const tabId = await tabIdOf(page);
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
    await popup.getByRole('button', { name: 'Other sites (1)' }).click();
    await popup.getByRole('button', { name: `Fill Acme (alice) on acme-login.test` }).click();
    const warning = popup.getByTestId('other-site-warning');
    await expect.poll(() => warning.textContent()).toContain('belongs to acme.test, but this page is acme-login.test');
    expect(await page.locator(FIELD).inputValue()).toBe('');
    const t0 = Date.now();
    await popup.getByRole('button', { name: 'Fill on acme-login.test anyway' }).click();
    await expect.poll(() => page.locator(FIELD).inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    expectCode(await page.locator(FIELD).inputValue(), t0);
    await popup.close();
    await page.close();
  });

  it('acme.test itself: filled automatically', async () => {
    const page = await browser.context.newPage();
    const t0 = Date.now();
    await page.goto(at('acme.test'));
    await expect.poll(() => page.locator(FIELD).inputValue(), { timeout: 40_000 }).toMatch(/^\d{6}$/);
    expectCode(await page.locator(FIELD).inputValue(), t0);
    expect(await browser.worker.evaluate(() => globalThis.authenticator!.accounts())).toEqual([expect.objectContaining({ id: accountId })]);
    await page.close();
  });
});
