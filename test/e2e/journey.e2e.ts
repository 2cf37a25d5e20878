/**
 * The main journey (README, "The main journey") in real Chromium with the built extension, against the demo
 * site (startDemo on an ephemeral port, a fresh SQLite data directory): sign up; Set up ->
 * scan -> code filled -> Confirm -> enabled; sign out; sign in -> code filled -> signed in,
 * within the same 30 s step as the confirmation (so the next step's code is the one used);
 * Reset Token (code filled) -> scan the new QR -> Confirm; sign in with the new token; Disable.
 *
 * Twice: once as a person does it (the popup's "Scan QR code on this page", popup.html opened
 * as a page with ?tab=ID, and automatic filling), once as a test engineer does it
 * (`authenticator.scan(tabId)` and `authenticator.fill(tabId)`, with automatic filling off and
 * "submit after filling" on for the last sign-in). Every code filled is checked with oathtool
 * against the secret the server holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startDemo, type RunningDemo } from '../../widget/demo/server';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { buildWidget } from './support/widget-browser';
import { ChallengePage, DemoSite, oathtoolCode, type TwoFactorTab } from './support/widget-pages';

const STEP_MS = 30_000;
const stepNow = () => Math.floor(Date.now() / STEP_MS);

let demo: RunningDemo;
let dataDir: string;

beforeAll(async () => {
  buildWidget();
  dataDir = mkdtempSync(join(tmpdir(), 'pfa-journey-'));
  demo = await startDemo({ port: 0, dataDir, seedUser: false, onEvent: () => {} });
});
afterAll(async () => {
  await demo?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The time step whose code `value` is, for `secret` (oathtool's word), or a failed expectation. */
function stepOf(secret: string, value: string): number {
  const now = stepNow();
  for (let step = now - 2; step <= now + 2; step++) if (oathtoolCode(secret, step) === value) return step;
  expect.fail(`"${value}" is no code of the account around now (oathtool)`);
}

const filled = (input: Locator) => expect.poll(() => input.inputValue(), { timeout: 45_000, interval: 50 }).toMatch(/^\d{6}$/);

/** Waits for the start of a time step, so the steps that must share one have 25 s for it. */
async function startOfAStep(): Promise<void> {
  const into = Date.now() % STEP_MS;
  if (into > 3_000) await new Promise((resolve) => setTimeout(resolve, STEP_MS - into + 200));
}

type Variant = {
  name: string;
  /** Scans the tab the way this variant does; resolves once the account is saved. */
  scan(browser: ExtensionBrowser, tabId: number): Promise<void>;
  /** Gets the code into the field the way this variant does (automatic, or authenticator.fill). */
  fill(browser: ExtensionBrowser, tabId: number): Promise<void>;
  setup?(browser: ExtensionBrowser): Promise<void>;
};

const byPopup: Variant = {
  name: 'through the popup button, with automatic filling',
  async scan(browser, tabId) {
    const popup = await browser.context.newPage();
    try {
      await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
      await popup.getByRole('button', { name: 'Scan QR code on this page' }).click();
      const toast = popup.locator('.toast span');
      await toast.waitFor({ timeout: 30_000 });
      expect(await toast.textContent()).toMatch(/^Added .* and filled the code\.$/);
    } finally {
      await popup.close();
    }
  },
  async fill() {
    // Nothing to do: the content script fills the field by itself.
  },
};

const byAutomation: Variant = {
  name: 'through authenticator.scan and authenticator.fill, automatic filling off',
  async setup(browser) {
    expect(await browser.worker.evaluate(() => globalThis.authenticator!.settings({ autoFill: false }))).toMatchObject({ autoFill: false, submitAfterFill: false });
  },
  async scan(browser, tabId) {
    const result = await browser.worker.evaluate((id) => globalThis.authenticator!.scan(id), tabId);
    expect(result).toMatchObject({ added: [expect.objectContaining({ site: 'localhost' })], filled: true });
  },
  async fill(browser, tabId) {
    const result = await browser.worker.evaluate((id) => globalThis.authenticator!.fill(id), tabId);
    expect(result).toMatchObject({ filled: true, accountId: expect.any(String) });
  },
};

describe.each([byPopup, byAutomation])('the main journey $name', (variant) => {
  let browser: ExtensionBrowser;
  let page: Page;
  let site: DemoSite;
  let tab: TwoFactorTab;
  let tabId: number;
  let secret: string;
  let confirmedStep: number;
  const email = `journey-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = 'correct horse battery';

  beforeAll(async () => {
    browser = await launchWithExtension();
    await browser.worker.evaluate(() => globalThis.authenticator!.reset());
    await variant.setup?.(browser);
    page = await browser.context.newPage();
    site = new DemoSite(page, demo.url);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const findTabId = () => browser.worker.evaluate(async (origin) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(origin))!.id!, demo.url);

  test('sign up; Set up -> scan -> code filled -> Confirm -> enabled', async () => {
    await page.goto(`${demo.url}/sign-up`);
    await page.getByLabel('Name').fill('Journey User');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/settings/);
    tab = await site.openTwoFactorTab();
    tabId = await findTabId();

    await startOfAStep();
    const enrollment = await site.enrollmentDuring(() => tab.button('Set up Two-Factor Authentication').click());
    const dialog = tab.dialog('Set up Two-Factor Authentication');
    await tab.qr(dialog).waitFor();
    secret = enrollment.secret;
    const input = tab.codeInput(dialog);
    expect(await input.inputValue()).toBe('');

    await variant.scan(browser, tabId);
    await filled(input);
    confirmedStep = stepOf(secret, await input.inputValue());
    // Submit after filling is off: nothing was confirmed behind the user's back.
    expect((await site.status()).state).toBe('disabled');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    expect(await tab.saveRecoveryCodes()).toHaveLength(10);
    await tab.root.getByText('Two-factor authentication is enabled').waitFor();
    expect(await browser.worker.evaluate(() => globalThis.authenticator!.accounts())).toEqual([
      expect.objectContaining({ issuer: expect.any(String), origin: demo.url.replace(/\/$/, ''), site: 'localhost', previous: false }),
    ]);
  });

  test('sign out; sign in -> code filled (the next step\'s, same step as the confirmation) -> signed in', async () => {
    await site.signOut();
    await site.signIn(email, password);
    expect(new URL(page.url()).pathname).toBe('/sign-in/two-factor');
    const challenge = new ChallengePage(page);
    await challenge.codeInput().waitFor();
    await variant.fill(browser, tabId);
    await filled(challenge.codeInput());
    const step = stepOf(secret, await challenge.codeInput().inputValue());
    expect(stepNow(), 'the sign-in happened in the confirmation\'s time step').toBe(confirmedStep);
    expect(step).toBe(confirmedStep + 1);
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe('/sign-in/two-factor');
    await challenge.root.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/\/settings$/);
  });

  test('Reset Token: current code filled -> new QR scanned -> code filled -> Confirm', async () => {
    tab = await site.openTwoFactorTab();
    await tab.button('Reset Token').click();
    const dialog = tab.dialog('Reset Token');
    const input = tab.codeInput(dialog);
    await input.waitFor();
    await variant.fill(browser, tabId);
    await filled(input);
    stepOf(secret, await input.inputValue());
    const replacement = await site.enrollmentDuring(() => dialog.getByRole('button', { name: 'Reset', exact: true }).click());
    await tab.qr(dialog).waitFor();
    const fresh = replacement.secret;
    expect(fresh).not.toBe(secret);
    await expect.poll(() => tab.codeInput(dialog).inputValue()).toBe('');

    await variant.scan(browser, tabId);
    await filled(tab.codeInput(dialog));
    stepOf(fresh, await tab.codeInput(dialog).inputValue());
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await site.status()).toMatchObject({ state: 'enabled', pendingEnrollment: null });
    secret = fresh;
    // The new token is the default; the old one stays as the previous token.
    const accounts = await browser.worker.evaluate(() => globalThis.authenticator!.accounts());
    expect(accounts.map((a) => a.previous).sort()).toEqual([false, true]);
  });

  test('sign in with the new token', async () => {
    await site.signOut();
    if (variant === byAutomation) await browser.worker.evaluate(() => globalThis.authenticator!.settings({ submitAfterFill: true }));
    await site.signIn(email, password);
    const challenge = new ChallengePage(page);
    await challenge.codeInput().waitFor();
    await variant.fill(browser, tabId);
    if (variant === byAutomation) {
      // "Submit after filling" is on: the extension submitted the form itself.
      await page.waitForURL(/\/settings$/, { timeout: 45_000 });
      await browser.worker.evaluate(() => globalThis.authenticator!.settings({ submitAfterFill: false }));
    } else {
      await filled(challenge.codeInput());
      stepOf(secret, await challenge.codeInput().inputValue());
      await challenge.root.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL(/\/settings$/);
    }
  });

  test('Disable: current code filled -> Disable', async () => {
    tab = await site.openTwoFactorTab();
    await tab.button('Disable Two-Factor Authentication').click();
    const dialog = tab.dialog('Disable Two-Factor Authentication');
    const input = tab.codeInput(dialog);
    await input.waitFor();
    await variant.fill(browser, tabId);
    await filled(input);
    stepOf(secret, await input.inputValue());
    await dialog.getByRole('button', { name: 'Disable', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await tab.button('Set up Two-Factor Authentication').waitFor();
    expect((await site.status()).state).toBe('disabled');
  });
});
