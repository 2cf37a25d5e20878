/**
 * Page objects for the extension's own pages: the popup (opened as a tab, `?tab=ID` naming
 * the page it acts on) and the options page. Tests speak in user actions; selectors live here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Locator, Page } from 'playwright-core';

export class PopupPage {
  private constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string, tabId?: number): Promise<PopupPage> {
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 600 });
    await page.goto(`chrome-extension://${extensionId}/popup.html${tabId === undefined ? '' : `?tab=${tabId}`}`);
    const popup = new PopupPage(page);
    await page.locator('.popup').waitFor();
    return popup;
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.locator('.popup').waitFor();
  }

  /** "Add manually" with a setup key; resolves once the popup confirms. */
  async addWithSetupKey(fields: { issuer: string; account: string; secret: string; bindToSite?: boolean }): Promise<string> {
    await this.page.getByRole('button', { name: 'Add manually' }).click();
    const sheet = this.page.getByRole('dialog', { name: 'Add an account' });
    await sheet.getByLabel('Issuer (the service)').fill(fields.issuer);
    await sheet.getByLabel('Account name').fill(fields.account);
    await sheet.getByLabel('Setup key').fill(fields.secret);
    const bind = sheet.getByRole('checkbox');
    if (fields.bindToSite === false && (await bind.count()) > 0) await bind.uncheck();
    await sheet.getByRole('button', { name: 'Add account' }).click();
    await sheet.waitFor({ state: 'detached' });
    return this.toastText();
  }

  /** "Add manually" with an otpauth:// URI; returns the error shown, or null when it was added. */
  async addWithUri(uri: string): Promise<string | null> {
    await this.page.getByRole('button', { name: 'Add manually' }).click();
    const sheet = this.page.getByRole('dialog', { name: 'Add an account' });
    await sheet.getByRole('tab', { name: 'otpauth:// address' }).click();
    await sheet.getByLabel(/Key URI/).fill(uri);
    await sheet.getByRole('button', { name: 'Add account' }).click();
    const error = sheet.getByRole('alert');
    const outcome = await Promise.race([
      sheet.waitFor({ state: 'detached' }).then(() => null),
      error.waitFor().then(() => error.textContent()),
    ]);
    if (outcome !== null) await sheet.getByRole('button', { name: 'Cancel' }).click();
    return outcome;
  }

  async toastText(): Promise<string> {
    const toast = this.page.locator('.toast span');
    await toast.waitFor();
    return (await toast.textContent()) ?? '';
  }

  /** The current (not previous) token's row for an account name. */
  row(accountName: string): Locator {
    return this.page.locator('.account-row:not(.previous)', { hasText: accountName });
  }

  /** The code shown for an account, digits only. */
  async code(accountName: string): Promise<string> {
    const code = this.row(accountName).getByTestId('code');
    await code.waitFor();
    return ((await code.textContent()) ?? '').replace(/\s+/g, '');
  }

  async copyCode(accountName: string): Promise<void> {
    await this.row(accountName).getByRole('button', { name: /^Copy code/ }).click();
  }

  async lock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lock' }).click();
    await this.page.getByRole('heading', { name: 'The vault is locked' }).waitFor();
  }

  async isLocked(): Promise<boolean> {
    return this.page.getByRole('heading', { name: 'The vault is locked' }).isVisible();
  }

  /** Types the passphrase; returns the error shown, or null once the accounts are back. */
  async unlock(passphrase: string): Promise<string | null> {
    await this.page.getByLabel('Passphrase').fill(passphrase);
    await this.page.getByRole('button', { name: 'Unlock' }).click();
    const error = this.page.locator('.lock-screen [role=alert]');
    return Promise.race([
      this.page.getByRole('button', { name: 'Add manually' }).waitFor().then(() => null),
      error.waitFor().then(() => error.textContent()),
    ]);
  }

  async scan(): Promise<string> {
    await this.page.getByRole('button', { name: 'Scan QR code on this page' }).click();
    const problem = this.page.locator('.popup-status .error');
    return Promise.race([problem.waitFor().then(() => problem.textContent().then((t) => t ?? '')), this.toastText()]);
  }

  async openActions(accountName: string): Promise<Locator> {
    await this.row(accountName).getByRole('button', { name: /^More actions/ }).click();
    return this.page.getByRole('dialog');
  }

  async visibleAccountNames(): Promise<string[]> {
    return this.page.locator('.account-row .issuer').allTextContents();
  }
}

export class OptionsPage {
  private constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<OptionsPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.locator('#passphrase').waitFor();
    return new OptionsPage(page);
  }

  /** Sets the first passphrase; returns the confirmation (or error) text. */
  async setPassphrase(passphrase: string): Promise<string> {
    const section = this.page.locator('#passphrase');
    await section.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await section.getByLabel('Repeat it').fill(passphrase);
    await section.getByRole('button', { name: 'Set passphrase' }).click();
    const message = section.locator('.saved:not(:empty), .error:not(:empty)');
    await message.waitFor();
    return (await message.textContent()) ?? '';
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core over a whole extension page; returns the violations (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const { violations, passes } = await page.evaluate(async () => {
    type Result = { id: string; nodes: Array<{ target: unknown }> };
    const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: Result[]; passes: Result[] }> } }).axe;
    const result = await axe.run(document);
    return { violations: result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`), passes: result.passes.length };
  });
  if (passes === 0) throw new Error('axe-core checked nothing');
  return violations;
}
