/**
 * The Playwright helper of @phone-free/authenticator (packages/authenticator/src), attached to
 * the built extension in real Chromium: a page's tab comes from the page itself, so a hostile
 * page that claims another tab's id in its own scripts gets nothing redirected; pages the
 * extension cannot reach and unknown accounts fail with the surface's `[code] message`; a
 * service worker Chrome stopped is woken and found again.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { attachAuthenticator } from '../../packages/authenticator/src/attach-authenticator';
import type { PlaywrightAuthenticator } from '../../packages/authenticator/src/playwright-authenticator';
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { stopServiceWorkers, withTimeout } from './support/extension-worker';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';

const URI = 'otpauth://totp/Acme:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Acme';

/** A sign-in step; `?claim=N` makes the page's own scripts claim to be tab N, every way they can. */
const SIGN_IN = `<!doctype html><title>Sign in</title>
<label>Authentication code <input name="otp" autocomplete="one-time-code" inputmode="numeric"></label>
<script>
  const claim = Number(new URLSearchParams(location.search).get('claim'));
  if (claim) {
    globalThis.__phoneFreeAuthenticatorTabId = claim;
    Object.defineProperty(Object.prototype, '__phoneFreeAuthenticatorTabId', { get: () => claim, configurable: true });
    document.title = 'tab ' + claim;
  }
</script>`;

let server: FixtureServer;
let browser: ExtensionBrowser;
let authenticator: PlaywrightAuthenticator;

beforeAll(async () => {
  server = await startFixtureServer({
    root: import.meta.dirname,
    routes: (url) => (url.pathname === '/sign-in' ? { type: 'text/html; charset=utf-8', body: SIGN_IN } : null),
  });
  browser = await launchWithExtension();
  authenticator = await attachAuthenticator(browser.context);
  await authenticator.reset();
  await authenticator.settings({ autoFill: false });
  await authenticator.add(URI, server.url('/settings'));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const field = (page: Page) => page.locator('input[name=otp]');
const tabIdAt = (url: string) =>
  browser.worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, url);

describe('the helper finds the page\'s own tab', () => {
  test('a hostile page that claims another tab\'s id is still filled itself, and the other page is not', async () => {
    const honest = await browser.context.newPage();
    await honest.goto(server.url('/sign-in'));
    const honestTab = await tabIdAt(honest.url());
    expect(honestTab).toEqual(expect.any(Number));

    const hostile = await browser.context.newPage();
    await hostile.goto(server.url(`/sign-in?claim=${honestTab}`));
    expect(await hostile.evaluate(() => (globalThis as Record<string, unknown>).__phoneFreeAuthenticatorTabId)).toBe(honestTab);
    await honest.bringToFront();

    expect(await authenticator.fill(hostile)).toMatchObject({ filled: true });
    await expect.poll(() => field(hostile).inputValue()).toMatch(/^\d{6}$/);
    expect(await field(honest).inputValue()).toBe('');

    await hostile.close();
    await honest.close();
  });

  test('a page the extension cannot reach fails with [no_tab]; an unknown account with [account_not_found]', async () => {
    const blank = await browser.context.newPage();
    const error = await authenticator.fill(blank).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticatorError);
    expect((error as AuthenticatorError).code).toBe('no_tab');
    expect((error as Error).message).toMatch(/^\[no_tab\] The extension cannot reach this page \(about:blank\)/);
    await blank.close();

    await expect(authenticator.code('no-such-account')).rejects.toThrow(/^\[account_not_found\] /);
  });

  test('after Chrome stops the service worker, the next call wakes it and answers', async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url('/sign-in'));
    await stopServiceWorkers(browser.context, page, browser.extensionId);
    const accounts = await withTimeout(authenticator.accounts(), 45_000, 'accounts() after the worker stopped');
    expect(accounts).toEqual([expect.objectContaining({ issuer: 'Acme', site: '127.0.0.1' })]);
    expect(await withTimeout(authenticator.fill(page), 45_000, 'fill() after the worker stopped')).toMatchObject({ filled: true });
    await page.close();
  });
});
