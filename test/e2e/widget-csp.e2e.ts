/**
 * The widget under `Content-Security-Policy: default-src 'self'`: it loads, its constructable
 * stylesheet applies (no <style>, no style attributes, no 'unsafe-inline' needed), the set-up
 * modal opens with its QR, and the browser reports no CSP violation.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from './support/chromium';
import { buildWidget } from './support/widget-browser';
import { startStrictCspSite, STRICT_CSP } from './support/widget-csp-server';
import { TwoFactorTab } from './support/widget-pages';

let site: Awaited<ReturnType<typeof startStrictCspSite>>;
let browser: Browser;

beforeAll(async () => {
  buildWidget();
  site = await startStrictCspSite();
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

test('works on a page with default-src \'self\' and causes no CSP violation', async () => {
  const page = await browser.newPage();
  // Init scripts run through DevTools, outside the page's CSP: they only listen.
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const response = await page.goto(site.url);
  expect(response!.headers()['content-security-policy']).toBe(STRICT_CSP);

  const tab = new TwoFactorTab(page);
  await tab.ready();
  await tab.button('Set up Two-Factor Authentication').click();
  const dialog = tab.dialog('Set up Two-Factor Authentication');
  await tab.qr(dialog).waitFor();

  const styling = await page.evaluate(() => {
    const root = document.querySelector('two-factor-settings')!.shadowRoot!;
    const confirm = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Confirm')!;
    return {
      adopted: root.adoptedStyleSheets.length,
      styleTags: root.querySelectorAll('style').length,
      styleAttributes: root.querySelectorAll('[style]').length,
      confirmBackground: getComputedStyle(confirm).backgroundColor,
      backdrop: getComputedStyle(root.querySelector('dialog')!, '::backdrop').backgroundColor,
    };
  });
  expect(styling).toEqual({
    adopted: 1,
    styleTags: 0,
    styleAttributes: 0,
    confirmBackground: 'rgb(31, 111, 235)',
    backdrop: 'rgba(0, 0, 0, 0.4)',
  });
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
});

test('site themes reach inside through --two-factor-* custom properties and parts', async () => {
  const page = await browser.newPage();
  await page.goto(site.url);
  const tab = new TwoFactorTab(page);
  await tab.ready();
  // A theme a site would put in its own stylesheet (a constructed sheet here: the CSP forbids inline styles).
  await page.evaluate(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('two-factor-settings{--two-factor-accent:rgb(10, 120, 60)} two-factor-settings::part(heading){text-transform:uppercase}');
    document.adoptedStyleSheets = [sheet];
  });
  const styles = await page.evaluate(() => {
    const root = document.querySelector('two-factor-settings')!.shadowRoot!;
    return {
      button: getComputedStyle(root.querySelector('button[part~=primary]')!).backgroundColor,
      heading: getComputedStyle(root.querySelector('[part~=heading]')!).textTransform,
    };
  });
  expect(styles).toEqual({ button: 'rgb(10, 120, 60)', heading: 'uppercase' });
});
