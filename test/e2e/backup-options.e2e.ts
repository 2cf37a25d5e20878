/**
 * Backup and import through the options page of the built extension in real Chromium: an
 * encrypted Aegis export imported with a preview (one account given its site), codes checked
 * against oathtool, an encrypted backup downloaded, the vault wiped, and the backup restored
 * to the same accounts; unencrypted exports stay disabled until the warning is acknowledged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AccountSummary } from '../../shared/protocol/automation';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { axeViolations } from './support/extension-pages';
import { aegisEncryptedFile } from '../extension/backup/support/fixtures';
import { KNOWN_ACCOUNTS } from '../extension/backup/support/known-accounts';
import { oathtoolCode, oathtoolMissing } from '../support/oathtool';

const AEGIS_PASSWORD = 'aegis password 123';
const BACKUP_PASSWORD = 'my backup password';

/** The options page's backup section, as a user works it. */
class BackupSectionPage {
  constructor(readonly page: Page) {}

  static async open(browser: ExtensionBrowser): Promise<BackupSectionPage> {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html#backup`);
    await page.locator('#backup').waitFor();
    return new BackupSectionPage(page);
  }

  async choose(file: string, password: string): Promise<void> {
    await this.page.locator('input[name="import-file"]').setInputFiles(file);
    await this.page.locator('input[name="import-password"]').fill(password);
    await this.page.getByRole('button', { name: 'Preview import' }).click();
  }

  async preview(file: string, password: string): Promise<void> {
    await this.choose(file, password);
    await this.page.getByTestId('import-preview').waitFor();
  }

  async importAll(): Promise<string> {
    await this.page.getByRole('button', { name: /^Import \d+ accounts?$/ }).click();
    await expect.poll(() => this.page.getByTestId('import-message').textContent()).toMatch(/^Added/);
    return (await this.page.getByTestId('import-message').textContent()) ?? '';
  }

  async downloadEncryptedBackup(password: string, dir: string): Promise<string> {
    await this.page.locator('input[name="backup-password"]').fill(password);
    await this.page.locator('input[name="backup-repeat"]').fill(password);
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('button', { name: 'Download encrypted backup' }).click()]);
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    return path;
  }
}

describe('backup and import in the options page', () => {
  let browser: ExtensionBrowser;
  let dir: string;
  beforeAll(async () => {
    browser = await launchWithExtension();
    dir = mkdtempSync(join(tmpdir(), 'pfa-backup-'));
    await browser.worker.evaluate(() => globalThis.authenticator!.reset());
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const accounts = () => browser.worker.evaluate(() => globalThis.authenticator!.accounts()) as Promise<AccountSummary[]>;
  const codeOf = (id: string, at: number) => browser.worker.evaluate(([i, t]) => globalThis.authenticator!.code(i, t), [id, at] as const);

  it('imports an encrypted Aegis export after a preview, binding only the site the user chose', async () => {
    const aegis = join(dir, 'aegis-export.json');
    writeFileSync(aegis, aegisEncryptedFile(KNOWN_ACCOUNTS, AEGIS_PASSWORD));
    const ui = await BackupSectionPage.open(browser);

    // A wrong password is named as such, and nothing is imported.
    await ui.choose(aegis, 'wrong password');
    await expect.poll(() => ui.page.getByTestId('import-message').textContent(), { timeout: 15_000 }).toMatch(/password does not open/);
    expect(await accounts()).toEqual([]);

    await ui.preview(aegis, AEGIS_PASSWORD);
    const rows = ui.page.getByTestId('import-to-add').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(KNOWN_ACCOUNTS.length);
    expect(await accounts()).toEqual([]);
    expect(await axeViolations(ui.page)).toEqual([]);
    await ui.page.getByRole('button', { name: 'Use example.com' }).click();
    expect(await ui.importAll()).toMatch(new RegExp(`Added ${KNOWN_ACCOUNTS.length} accounts`));

    const imported = await accounts();
    expect(imported.map((a) => [a.issuer, a.account])).toEqual(KNOWN_ACCOUNTS.map((p) => [p.issuer, p.account]));
    expect(imported.map((a) => a.site)).toEqual(['example.com', ...KNOWN_ACCOUNTS.slice(1).map(() => null)]);
    await ui.page.getByTestId('unbound-accounts').waitFor();
    expect(await axeViolations(ui.page)).toEqual([]);
    await ui.page.close();
  });

  it.skipIf(oathtoolMissing)('gives the codes oathtool gives', async () => {
    const at = Date.UTC(2026, 5, 1, 8, 0, 0);
    for (const account of await accounts()) {
      const params = KNOWN_ACCOUNTS.find((p) => p.issuer === account.issuer && p.account === account.account)!;
      if (params.type === 'hotp') continue; // Asking for an HOTP code advances its counter; checked in unit tests.
      expect((await codeOf(account.id, at)).code, account.issuer).toBe(oathtoolCode(params, at));
    }
  });

  it("the popup's backup reminder leads to this section, and goes once a backup exists", async () => {
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const reminder = popup.getByTestId('backup-reminder');
    await reminder.waitFor();
    const [options] = await Promise.all([browser.context.waitForEvent('page'), reminder.getByRole('button', { name: 'Make a backup' }).click()]);
    await options.waitForLoadState();
    expect(options.url()).toBe(`chrome-extension://${browser.extensionId}/options.html#backup`);
    await options.locator('#backup').waitFor();
    await options.close();
    await popup.close();
  });

  it('downloads an encrypted backup, and restores it into a wiped vault', async () => {
    const before = (await accounts()).map(({ id: _id, ...rest }) => rest);
    let ui = await BackupSectionPage.open(browser);
    await expect.poll(() => ui.page.getByTestId('last-backup').textContent()).toMatch(/No backup made yet/);
    const file = await ui.downloadEncryptedBackup(BACKUP_PASSWORD, dir);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { format: string; encryption: { kdf: { n: number } }; ciphertext: string };
    expect(json).toMatchObject({ format: 'phone-free-authenticator-backup', encryption: { kdf: { n: 32768 } } });
    for (const p of KNOWN_ACCOUNTS) expect(readFileSync(file, 'utf8')).not.toContain(p.secret);
    await expect.poll(() => ui.page.getByTestId('last-backup').textContent()).toMatch(/Last backup:/);
    await ui.page.close();
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByRole('button', { name: 'Scan QR code on this page' }).waitFor();
    expect(await popup.getByTestId('backup-reminder').count()).toBe(0);
    await popup.close();

    await browser.worker.evaluate(() => globalThis.authenticator!.reset());
    expect(await accounts()).toEqual([]);

    ui = await BackupSectionPage.open(browser);
    await ui.preview(file, BACKUP_PASSWORD);
    expect(await ui.importAll()).toMatch(new RegExp(`Added ${KNOWN_ACCOUNTS.length} accounts`));
    expect((await accounts()).map(({ id: _id, ...rest }) => rest)).toEqual(before);
    await ui.page.close();
  });

  it('keeps unencrypted exports disabled until the warning is acknowledged, then shows QR codes', async () => {
    const ui = await BackupSectionPage.open(browser);
    const qr = ui.page.getByRole('button', { name: 'Show Google Authenticator QR codes' });
    expect(await qr.isDisabled()).toBe(true);
    expect(await ui.page.getByRole('button', { name: 'Download plain backup' }).isDisabled()).toBe(true);
    await ui.page.getByLabel('I understand that these exports are not encrypted.').check();
    await qr.click();
    await ui.page.getByTestId('migration-codes').waitFor();
    await expect.poll(() => ui.page.getByAltText(/QR code 1 of \d+/).count()).toBe(1);
    expect(await axeViolations(ui.page)).toEqual([]);
    await ui.page.close();
  });
});
