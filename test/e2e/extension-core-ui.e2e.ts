/**
 * The popup and options page for people: no axe-core violation (light and dark), usable at
 * 360 px, and everything reachable from the keyboard (`/` to search, arrows through the list,
 * Enter to copy, Alt+arrows to reorder).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { OptionsPage, PopupPage, axeViolations } from './support/extension-pages';
import { inWorker } from './support/extension-worker';

describe('popup and options for people', () => {
  let browser: ExtensionBrowser;
  let popup: PopupPage;

  beforeAll(async () => {
    browser = await launchWithExtension();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await inWorker(
      browser.worker,
      async () => {
        const a = globalThis.authenticator!;
        await a.add('otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub', 'https://github.com/settings/security');
        await a.add('otpauth://totp/Example:alice?secret=KRSXG5CTMVRXEZLU&issuer=Example', 'https://accounts.example.com/');
        await a.add('otpauth://totp/Example:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Example', 'https://accounts.example.com/');
        await a.add('otpauth://hotp/Bank:me?secret=MFRGGZDFMZTWQ2LK&issuer=Bank&counter=0', 'https://bank.test/');
      },
      undefined,
    );
    popup = await PopupPage.open(browser.context, browser.extensionId);
    await popup.code('octocat');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('has no axe-core violations in light and dark, nor with the add sheet open', async () => {
    expect(await axeViolations(popup.page)).toEqual([]);
    await popup.page.emulateMedia({ colorScheme: 'dark' });
    expect(await axeViolations(popup.page)).toEqual([]);
    await popup.page.emulateMedia({ colorScheme: 'light' });
    await popup.page.getByRole('button', { name: 'Add manually' }).click();
    expect(await axeViolations(popup.page)).toEqual([]);
    await popup.page.keyboard.press('Escape');
    await popup.page.getByRole('dialog').waitFor({ state: 'detached' });
    const options = await OptionsPage.open(browser.context, browser.extensionId);
    expect(await axeViolations(options.page)).toEqual([]);
    await options.close();
  });

  it('shows text at the designed 14 px in the popup and the options page', async () => {
    // Chromium's own stylesheet for extension pages sets the body to 75%: 10.5 px text unless ours wins.
    const size = (page: typeof popup.page) =>
      page.evaluate(() => [getComputedStyle(document.body).fontSize, getComputedStyle(document.querySelector('p, li, label') ?? document.body).fontSize]);
    expect(await size(popup.page)).toEqual(['14px', expect.stringMatching(/^1[2-4]px$/)]);
    const options = await OptionsPage.open(browser.context, browser.extensionId);
    expect(await size(options.page)).toEqual(['14px', '14px']);
    await options.close();
  });

  it('fits 360 px without horizontal scrolling', async () => {
    expect(await popup.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  });

  it('works from the keyboard', async () => {
    const page = popup.page;
    await page.bringToFront();
    await page.locator('h1').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');

    await page.keyboard.type('octo');
    await expect.poll(() => popup.visibleAccountNames()).toEqual(['GitHub']);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await popup.visibleAccountNames()).length).toBe(4);

    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toMatch(/^Copy code \d{3} \d{3} for GitHub \(octocat\)$/);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toMatch(/for Example \(alice\)$/);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('Show code for Bank (me)');
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toMatch(/for Example \(alice\)$/);

    await page.keyboard.press('Enter');
    expect(await popup.toastText()).toBe('Copied the code for Example (alice). The clipboard is cleared in 30 s.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await popup.code('alice'));

    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => popup.visibleAccountNames()).toEqual(['Example', 'GitHub', 'Bank', 'Example']);
    const order = await inWorker(browser.worker, async () => (await globalThis.authenticator!.accounts()).filter((a) => !a.previous).map((a) => a.issuer), undefined);
    expect(order).toEqual(['Example', 'GitHub', 'Bank']);
  });
});
