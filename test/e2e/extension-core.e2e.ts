/**
 * The extension's core in real Chromium: add an account through the popup and check its
 * code with oathtool; set a passphrase, lock, stop the service worker, unlock, and the code
 * is still right; every automation method through `serviceWorker.evaluate`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { OptionsPage, PopupPage } from './support/extension-pages';
import { oathtoolTotp, oathtoolTotpBetween } from '../support/oathtool';
import { startTestSite, type TestSite } from './support/extension-site';
import { inWorker, liveWorker, stopServiceWorkers } from './support/extension-worker';

const SECRET = 'JBSWY3DPEHPK3PXP';
const PASSPHRASE = 'correct horse battery staple';

describe('the extension core in Chromium', () => {
  let browser: ExtensionBrowser;
  let site: TestSite;
  let sitePage: Page;
  let tabId: number;
  let popup: PopupPage;
  let worker: Worker;

  beforeAll(async () => {
    browser = await launchWithExtension();
    worker = browser.worker;
    site = await startTestSite();
    sitePage = await browser.context.newPage();
    await sitePage.goto(site.url);
    tabId = await inWorker(worker, async (url) => (await chrome.tabs.query({ url }))[0]!.id!, site.url);
    popup = await PopupPage.open(browser.context, browser.extensionId, tabId);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('explains how to enrol while the vault is empty, and says it is not encrypted at rest', async () => {
    await expect.poll(() => popup.page.getByRole('heading', { name: 'No accounts yet' }).isVisible()).toBe(true);
    await expect.poll(() => popup.page.getByTestId('no-passphrase-notice').textContent()).toContain('Not encrypted at rest');
  });

  it('adds an account through "Add manually", bound to the tab\'s site, with the code oathtool computes', async () => {
    const confirmation = await popup.addWithSetupKey({ issuer: 'Example', account: 'alice@example.com', secret: 'jbsw y3dp ehpk 3pxp' });
    expect(confirmation).toBe('Added Example (alice@example.com).');
    await expect.poll(() => popup.row('alice@example.com').locator('.site').textContent()).toBe('127.0.0.1');

    const before = Date.now();
    const shown = await popup.code('alice@example.com');
    const after = Date.now();
    expect(oathtoolTotpBetween(SECRET, before, after)).toContain(shown);
    expect(await popup.row('alice@example.com').getByTestId('code').textContent()).toMatch(/^\d{3} \d{3}$/);

    const accounts = await inWorker(worker, () => globalThis.authenticator!.accounts(), undefined);
    expect(accounts).toMatchObject([{ issuer: 'Example', account: 'alice@example.com', origin: site.origin, site: '127.0.0.1', previous: false }]);
    await expect.poll(() => popup.page.getByTestId('backup-reminder').isVisible()).toBe(true);
  });

  it('shows the key URI parser\'s message for a bad address and saves nothing', async () => {
    const error = await popup.addWithUri('otpauth://totp/Example:bob?secret=NOT-BASE32-0189');
    expect(error).toMatch(/not valid base32/);
    expect(await inWorker(worker, async () => (await globalThis.authenticator!.accounts()).length, undefined)).toBe(1);
  });

  it('sets a passphrase, locks, survives a stopped service worker, and unlocks with the same codes', async () => {
    const options = await OptionsPage.open(browser.context, browser.extensionId);
    expect(await options.setPassphrase(PASSPHRASE)).toContain('Passphrase set');
    await options.close();

    await popup.reload();
    expect(await popup.page.getByTestId('no-passphrase-notice').count()).toBe(0);
    await popup.lock();

    await stopServiceWorkers(browser.context, popup.page, browser.extensionId);
    await popup.reload(); // wakes a new worker
    expect(await popup.isLocked()).toBe(true);
    expect(await popup.unlock('not my passphrase')).toBe('That passphrase is not the one that locks this vault. Check it and try again.');
    // The toolbar button says so too (its padlock icon goes with this title), also from a new worker.
    worker = await liveWorker(browser.context, browser.extensionId);
    const toolbarTitle = () => inWorker(worker, () => chrome.action.getTitle({}), undefined);
    // A new worker paints it as it starts, in parallel with the popup's first question.
    await expect.poll(toolbarTitle, { timeout: 5_000 }).toBe('Phone-free Authenticator (locked): click to unlock');
    expect(await popup.unlock(PASSPHRASE)).toBeNull();
    expect(await toolbarTitle()).toBe('Phone-free Authenticator');

    const before = Date.now();
    const shown = await popup.code('alice@example.com');
    expect(oathtoolTotpBetween(SECRET, before, Date.now())).toContain(shown);
    expect(await inWorker(worker, async () => (await globalThis.authenticator!.accounts()).map((a) => a.account), undefined)).toEqual(['alice@example.com']);
  });

  it('stays unlocked when Chrome stops and restarts the idle worker', async () => {
    await stopServiceWorkers(browser.context, popup.page, browser.extensionId);
    await popup.reload();
    expect(await popup.isLocked()).toBe(false);
    const before = Date.now();
    expect(oathtoolTotpBetween(SECRET, before, Date.now())).toContain(await popup.code('alice@example.com'));
    worker = await liveWorker(browser.context, browser.extensionId);
  });

  it('deletes with undo, and keeps a replaced token apart as previous', async () => {
    const sheet = await popup.openActions('alice@example.com');
    await sheet.getByRole('button', { name: 'Delete' }).click();
    expect(await popup.toastText()).toBe('Deleted Example (alice@example.com).');
    await popup.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => popup.page.locator('.account-row .code-button[aria-label^="Copy code"]').count()).toBe(1);

    await popup.addWithSetupKey({ issuer: 'Example', account: 'alice@example.com', secret: 'KRSXG5CTMVRXEZLU' });
    await expect.poll(() => popup.page.getByRole('heading', { name: 'Previous tokens' }).isVisible()).toBe(true);
    const summaries = await inWorker(worker, () => globalThis.authenticator!.accounts(), undefined);
    expect(summaries.map((s) => s.previous).sort()).toEqual([false, true]);
  });

  it('drives every automation method from serviceWorker.evaluate', async () => {
    const t = Date.UTC(2026, 2, 1, 9, 30, 10);
    const run = await inWorker(
      worker,
      async ({ t, passphrase, pageUrl }) => {
        const a = globalThis.authenticator!;
        const failure = async (fn: () => Promise<unknown>) => {
          try {
            await fn();
            return 'resolved';
          } catch (error) {
            return (error as Error).message;
          }
        };
        await a.reset();
        const afterReset = await a.accounts();
        const added = await a.add('otpauth://totp/ACME:carol?secret=GEZDGNBVGY3TQOJQ&issuer=ACME&digits=8&period=60&algorithm=SHA256', pageUrl);
        const code = await a.code(added.id, t);
        const settings = await a.settings({ submitAfterFill: true, autoLockMinutes: 5 });
        const lockWithout = await failure(() => a.lock());
        // Passphrases are set in the options page; the automation surface locks and unlocks.
        const setResult = await chrome.runtime.getURL('/options.html');
        return { afterReset, added, code, settings, lockWithout, setResult, passphrase };
      },
      { t, passphrase: PASSPHRASE, pageUrl: site.url },
    );
    expect(run.afterReset).toEqual([]);
    expect(run.added).toMatchObject({ issuer: 'ACME', account: 'carol', origin: site.origin, site: '127.0.0.1', type: 'totp', digits: 8, period: 60, previous: false });
    expect(run.code).toEqual({ code: oathtoolTotp('GEZDGNBVGY3TQOJQ', t, { digits: 8, period: 60, algorithm: 'SHA256' }), expiresAt: Date.UTC(2026, 2, 1, 9, 31, 0) });
    expect(run.settings).toEqual({ autoLockMinutes: 5, autoFill: true, submitAfterFill: true, fillConfirmationAfterScan: true, confirmImports: true });
    expect(run.lockWithout).toMatch(/^\[no_passphrase\] /);

    // With a passphrase (set through the options page, as a user would): lock, unlock, remove.
    const options = await OptionsPage.open(browser.context, browser.extensionId);
    expect(await options.setPassphrase(PASSPHRASE)).toContain('Passphrase set');
    await options.close();
    const locked = await inWorker(
      worker,
      async ({ passphrase }) => {
        const a = globalThis.authenticator!;
        const failure = async (fn: () => Promise<unknown>) => {
          try {
            await fn();
            return 'resolved';
          } catch (error) {
            return (error as Error).message;
          }
        };
        const [account] = await a.accounts();
        await a.lock();
        const whileLocked = await failure(() => a.code(account!.id));
        const wrong = await failure(() => a.unlock('wrong passphrase!'));
        await a.unlock(passphrase);
        const unlockedCode = await a.code(account!.id);
        await a.remove(account!.id);
        const afterRemove = await a.accounts();
        const missing = await failure(() => a.code(account!.id));
        const badUri = await failure(() => a.add('https://example.com/', 'https://example.com/'));
        const scan = await failure(() => a.scan());
        const fill = await failure(() => a.fill());
        await a.reset();
        return { whileLocked, wrong, unlockedCode, afterRemove, missing, badUri, scan, fill, afterReset: await a.accounts(), settings: await a.settings() };
      },
      { passphrase: PASSPHRASE },
    );
    expect(locked.whileLocked).toMatch(/^\[locked\] The vault is locked/);
    expect(locked.wrong).toMatch(/^\[wrong_passphrase\] /);
    expect(locked.unlockedCode.code).toMatch(/^\d{8}$/);
    expect(locked.afterRemove).toEqual([]);
    expect(locked.missing).toMatch(/^\[account_not_found\] /);
    expect(locked.badUri).toBe('[not_otpauth] This holds a web address, not an authenticator code (otpauth://).');
    // Scan and fill belong to their own modules: before they land they say so; after, this
    // page (no QR code, no code field) gives their own named outcome.
    for (const outcome of [locked.scan, locked.fill]) expect(outcome).toMatch(/^(\[[a-z_]+\] .+|resolved)$/);
    expect(locked.afterReset).toEqual([]);
    expect(locked.settings.submitAfterFill).toBe(false);
  });

  it('is not reachable from a web page', async () => {
    expect(await sitePage.evaluate(() => typeof (globalThis as { authenticator?: unknown }).authenticator)).toBe('undefined');
    expect(await sitePage.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage)).toBe('undefined');
  });
});
