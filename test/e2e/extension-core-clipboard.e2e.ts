/**
 * Click to copy: the code goes to the clipboard, and 30 s later it is cleared, but only if
 * the clipboard still holds that code (Chrome: through the offscreen document). Slow by
 * nature: two 30-second waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { PopupPage } from './support/extension-pages';
import { inWorker } from './support/extension-worker';

const CLEAR_AFTER_MS = 30_000;

describe('copying a code', () => {
  let browser: ExtensionBrowser;
  let popup: PopupPage;
  const clipboard = () => popup.page.evaluate(() => navigator.clipboard.readText());
  const setClipboard = (text: string) => popup.page.evaluate((t) => navigator.clipboard.writeText(t), text);

  beforeAll(async () => {
    browser = await launchWithExtension();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await inWorker(browser.worker, () => globalThis.authenticator!.add('otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example', 'https://example.com/'), undefined);
    popup = await PopupPage.open(browser.context, browser.extensionId);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('clears the clipboard 30 s later when it still holds the code', async () => {
    const code = await popup.code('alice');
    await popup.copyCode('alice');
    expect(await popup.toastText()).toBe('Copied the code for Example (alice). The clipboard is cleared in 30 s.');
    expect(await clipboard()).toBe(code);
    await popup.page.waitForTimeout(CLEAR_AFTER_MS - 5_000);
    expect(await clipboard()).toBe(code);
    await expect.poll(clipboard, { timeout: 15_000, interval: 500 }).toBe('');
  });

  it('leaves the clipboard alone when something else was copied since', async () => {
    await popup.copyCode('alice');
    await setClipboard('my own note');
    await popup.page.waitForTimeout(CLEAR_AFTER_MS + 5_000);
    expect(await clipboard()).toBe('my own note');
  });
});
