/**
 * Only the user keeps the vault open. A page that swaps in a fresh one-time-code field every
 * 3 s makes the content script ask the background what to fill each time (and it is filled),
 * yet the auto-lock alarm stays where the user's last action put it. Auto-lock is set to its
 * shortest, 1 minute; lock times are rewritten at most every 30 s, so 35 s of page activity
 * would have moved it before the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../shared/otp';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { OptionsPage } from './support/extension-pages';
import { HOST_RULES, serveFixtures, type FixtureServer } from './fixtures/fill/serve-fixtures';

let browser: ExtensionBrowser;
let server: FixtureServer;

const lockAlarm = () => browser.worker.evaluate(async () => (await chrome.alarms.get('vault-auto-lock'))?.scheduledTime ?? null);

beforeAll(async () => {
  server = await serveFixtures();
  browser = await launchWithExtension({ args: [HOST_RULES] });
  await browser.worker.evaluate(async (page) => {
    await globalThis.authenticator!.reset();
    await globalThis.authenticator!.settings({ autoLockMinutes: 1 });
    await globalThis.authenticator!.add(`otpauth://totp/Acme:alice?secret=${page.secret}&issuer=Acme`, page.url);
  }, { secret: generateSecret(), url: `http://acme.test:${server.port}/settings` });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('auto-lock', () => {
  it('a page that keeps showing code fields does not push it back', async () => {
    const options = await OptionsPage.open(browser.context, browser.extensionId);
    expect(await options.setPassphrase('correct horse battery staple')).toContain('Passphrase set');
    await options.close();
    const lockAt = await lockAlarm();
    expect(lockAt).toBeGreaterThan(Date.now());

    const page = await browser.context.newPage();
    await page.goto(`http://acme.test:${server.port}/field-timer.html`);
    // The page really is served: its fields get codes (automatic fills, by the background).
    await expect.poll(() => page.locator('input').inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    await page.waitForTimeout(35_000);
    const shown = await page.locator('input').getAttribute('id');
    expect(Number(shown!.slice('code-'.length))).toBeGreaterThanOrEqual(10);
    expect(await lockAlarm()).toBe(lockAt);
    await page.close();
  });
});
