/**
 * Sync as a person works it, in two real Chromium profiles with the built extension: profile A
 * turns sync on from the options page; profile B, whose storage.sync got A's items copied in
 * (what the browser's sync service would do; it cannot be reached here), shows "Join your synced
 * vault" in the popup and joins from the options page: a wrong passphrase first (a message,
 * nothing changes), then the right one (A's accounts, with A's codes); then B turns sync off,
 * wiping the synced copy, and keeps every account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { AccountSummary } from '../../shared/protocol/automation';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { PopupPage, axeViolations } from './support/extension-pages';

const PASSPHRASE = 'sync between my browsers';
const ACCOUNTS = [
  { issuer: 'GitHub', account: 'octo@example.com', secret: 'JBSWY3DPEHPK3PXP', page: 'https://github.com/settings/security' },
  { issuer: 'Mastodon', account: 'me@example.social', secret: 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ', page: 'https://example.social/auth/edit' },
  { issuer: 'Example', account: 'alice', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', page: 'https://accounts.example.com/2fa' },
];

/** The options page's "Sync between your browsers" section. */
class SyncSectionPage {
  readonly section: Locator;
  constructor(readonly page: Page) {
    this.section = page.locator('#sync');
  }

  static async open(browser: ExtensionBrowser): Promise<SyncSectionPage> {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html#sync`);
    return SyncSectionPage.of(page);
  }

  /** The options page a link opened at #sync. */
  static async of(page: Page): Promise<SyncSectionPage> {
    const ui = new SyncSectionPage(page);
    await ui.section.getByRole('heading', { name: 'Sync between your browsers' }).waitFor();
    await expect.poll(() => ui.section.textContent()).not.toContain('Checking sync');
    return ui;
  }

  summary(): Locator {
    return this.section.getByTestId('sync-summary');
  }

  error(): Locator {
    return this.section.getByTestId('sync-error');
  }

  passphraseField(): Locator {
    return this.section.getByLabel('Passphrase of your synced vault');
  }

  /** Types the synced vault's passphrase and presses Enter, as a person would. */
  async join(passphrase: string): Promise<void> {
    await this.passphraseField().fill(passphrase);
    await this.passphraseField().press('Enter');
  }
}

const listAccounts = (b: ExtensionBrowser) => b.worker.evaluate(() => globalThis.authenticator!.accounts()) as Promise<AccountSummary[]>;
const syncItems = (b: ExtensionBrowser) => b.worker.evaluate(() => chrome.storage.sync.get(null)) as Promise<Record<string, unknown>>;
const names = (accounts: AccountSummary[]) => accounts.map((a) => `${a.issuer}:${a.account}:${a.site}`).sort();

describe('sync in the options page and the popup', () => {
  let a: ExtensionBrowser;
  let b: ExtensionBrowser;
  beforeAll(async () => {
    a = await launchWithExtension();
    b = await launchWithExtension();
    for (const browser of [a, b]) await browser.worker.evaluate(() => globalThis.authenticator!.reset());
    for (const { issuer, account, secret, page } of ACCOUNTS) {
      const uri = `otpauth://totp/${encodeURIComponent(`${issuer}:${account}`)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`;
      await a.worker.evaluate(([u, p]) => globalThis.authenticator!.add(u, p), [uri, page] as const);
    }
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('turns sync on in profile A with the vault passphrase, once one is set', async () => {
    const before = await SyncSectionPage.open(a);
    await expect.poll(() => before.section.textContent()).toMatch(/so it needs one/);
    await before.page.close();

    await a.worker.evaluate((p) => globalThis.authenticator!.setPassphrase(null, p), PASSPHRASE);
    const ui = await SyncSectionPage.open(a);
    await ui.section.getByLabel('Your vault passphrase').fill(PASSPHRASE);
    await ui.section.getByRole('button', { name: 'Turn on sync' }).click();
    await expect.poll(() => ui.summary().textContent(), { timeout: 20_000 }).toMatch(/^Synced 3 accounts, last synced just now\.$/);
    await expect.poll(() => ui.section.textContent()).toMatch(/\d+(\.\d)? KB of 100 KB of your browser's sync storage used/);
    expect(await ui.error().textContent()).toBe('');
    expect(await axeViolations(ui.page)).toEqual([]);
    const status = await a.worker.evaluate(() => globalThis.authenticator!.sync('status'));
    expect(status).toMatchObject({ enabled: true, accounts: 3, tooBig: false });
    expect(Object.keys(await syncItems(a)).length).toBeGreaterThan(1);
    await ui.page.close();
  });

  it('offers "Join your synced vault" in profile B\'s popup, and joins from the options page: a wrong passphrase changes nothing', async () => {
    const synced = await syncItems(a);
    expect(Object.keys(synced).length).toBeGreaterThan(1);
    // The browser's sync service, standing in: A's items arrive in B's storage.sync.
    await b.worker.evaluate((items) => chrome.storage.sync.set(items), synced);

    const popup = await PopupPage.open(b.context, b.extensionId);
    const banner = popup.page.getByTestId('sync-banner');
    await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toMatch(/^Join your synced vault\./);
    expect(await axeViolations(popup.page)).toEqual([]);
    const [opened] = await Promise.all([b.context.waitForEvent('page'), banner.getByRole('button', { name: 'Join' }).click()]);
    await opened.waitForLoadState();
    expect(new URL(opened.url()).hash).toBe('#sync');
    const ui = await SyncSectionPage.of(opened);
    await expect.poll(() => ui.section.textContent()).toContain('After joining, this browser\u2019s vault is encrypted with that passphrase too.');

    expect(await axeViolations(ui.page)).toEqual([]);

    await ui.join('not the passphrase');
    await expect.poll(() => ui.error().textContent(), { timeout: 20_000 }).toMatch(/^That passphrase does not open the synced vault/);
    expect(await ui.error().getAttribute('role')).toBe('alert');
    expect(await ui.passphraseField().inputValue()).toBe('not the passphrase');
    expect(await ui.passphraseField().evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await listAccounts(b)).toEqual([]);
    expect(await syncItems(b)).toEqual(synced);
    expect(await ui.section.getByRole('heading', { name: 'Join your synced vault' }).isVisible()).toBe(true);
    expect(await ui.page.locator('#passphrase').getByRole('button', { name: 'Set passphrase' }).isVisible()).toBe(true);

    await ui.join(PASSPHRASE);
    await expect.poll(() => ui.summary().textContent(), { timeout: 20_000 }).toMatch(/^Synced 3 accounts, last synced just now\.$/);
    expect(await ui.error().textContent()).toBe('');
    // The synced vault's passphrase is this vault's now, and the page says so.
    await ui.page.locator('#passphrase').getByRole('button', { name: 'Change passphrase' }).waitFor();

    const [onA, onB] = [await listAccounts(a), await listAccounts(b)];
    expect(names(onB)).toEqual(names(onA));
    const at = Date.UTC(2026, 11, 3, 12, 0, 0);
    for (const account of onA) {
      const twin = onB.find((x) => x.issuer === account.issuer && x.account === account.account)!;
      const [codeA, codeB] = [
        await a.worker.evaluate(([id, t]) => globalThis.authenticator!.code(id, t), [account.id, at] as const),
        await b.worker.evaluate(([id, t]) => globalThis.authenticator!.code(id, t), [twin.id, at] as const),
      ];
      expect(codeB.code).toBe(codeA.code);
    }

    // The popup stops asking: all is well, it says no more than "Synced".
    await popup.reload();
    await expect.poll(() => popup.page.getByTestId('sync-line').textContent(), { timeout: 20_000 }).toMatch(/^Synced/);
    expect(await banner.count()).toBe(0);
    await popup.page.close();
    await ui.page.close();
  });

  it('turns sync off in profile B after a confirmation, removing the synced copy when asked, with every account kept', async () => {
    const ui = await SyncSectionPage.open(b);
    await ui.section.getByLabel('Also remove the synced copy from your browser account').check();
    await ui.section.getByRole('button', { name: 'Turn off sync' }).click();
    await expect.poll(() => ui.section.textContent()).toContain('Turn off sync and remove the synced copy? Every account stays on this browser.');
    await ui.section.getByRole('button', { name: 'Yes, turn off sync' }).click();
    await ui.section.getByRole('button', { name: 'Turn on sync' }).waitFor({ timeout: 20_000 });
    expect(await syncItems(b)).toEqual({});
    expect(names(await listAccounts(b))).toEqual(names(await listAccounts(a)));
    expect(await b.worker.evaluate(() => globalThis.authenticator!.sync('status'))).toMatchObject({ enabled: false, joinable: false });
  });
});
