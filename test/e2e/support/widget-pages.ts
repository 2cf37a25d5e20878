/**
 * Page objects for the widget's end-to-end tests and the walkthrough: the demo site's sign-in,
 * its Two-Factor Authentication tab (<two-factor-settings>) and its sign-in second step
 * (<two-factor-challenge>). Locators go by role and visible text, as a user would.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import type { Enrollment, StatusResponse } from '../../../shared/protocol/two-factor-api';
import { oathtoolTotp } from '../../support/oathtool';

/** The code oathtool (an independent implementation) computes for `secret` at `step` (30 s periods). */
export function oathtoolCode(secret: string, step: number): string {
  return oathtoolTotp(secret, step * 30_000);
}

/**
 * Plays the user's authenticator app: each code comes from oathtool, and like a person who just
 * used a code, it waits for the next one, because the server accepts each time step once
 * (and at most one step ahead).
 */
export class OathtoolAuthenticator {
  #lastStep = new Map<string, number>();

  async code(secret: string): Promise<string> {
    const now = Math.floor(Date.now() / 30_000);
    const step = Math.max(now, (this.#lastStep.get(secret) ?? -Infinity) + 1);
    if (step > now + 1) await new Promise((resolve) => setTimeout(resolve, (step - 1) * 30_000 - Date.now() + 50));
    this.#lastStep.set(secret, step);
    return oathtoolCode(secret, step);
  }
}

/** Decodes the QR code in a PNG with zbarimg (an independent reader). */
export function zbarDecode(png: string): string {
  return execFileSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core over the widget (shadow roots included); returns the violations, empty when clean. */
export async function axeViolations(page: Page, host: 'two-factor-settings' | 'two-factor-challenge'): Promise<string[]> {
  // evaluate() is not subject to the page's CSP, which forbids injected <script> tags.
  await page.evaluate(axeSource);
  const { violations, passes } = await page.evaluate(async (selector) => {
    type Result = { id: string; nodes: Array<{ target: unknown }> };
    const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: Result[]; passes: Result[] }> } }).axe;
    const result = await axe.run({ include: [[selector]] });
    return {
      violations: result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`),
      passes: result.passes.length,
    };
  }, host);
  // An empty context passes vacuously; make sure axe really looked at the widget.
  if (passes === 0) throw new Error(`axe-core checked nothing inside <${host}>`);
  return violations;
}

export class DemoSite {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async signIn(email: string, password: string): Promise<void> {
    await this.page.goto(`${this.url}/sign-in`);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.waitForURL(/\/(settings|sign-in\/two-factor)/);
  }

  async signOut(): Promise<void> {
    await this.page.context().clearCookies();
  }

  async openTwoFactorTab(): Promise<TwoFactorTab> {
    await this.page.goto(`${this.url}/settings?tab=two-factor`);
    const tab = new TwoFactorTab(this.page);
    await tab.ready();
    return tab;
  }

  /** `GET /api/2fa` with this browser's session: what the server says (never a secret). */
  async status(): Promise<StatusResponse> {
    const response = await this.page.request.get(`${this.url}/api/2fa`);
    return (await response.json()) as StatusResponse;
  }

  /**
   * Runs `action` (a click on Set up or Reset) and returns the enrolment the server answered
   * the widget's `POST /api/2fa/enrollments` with: the one response that carries the secret.
   */
  async enrollmentDuring(action: () => Promise<unknown>): Promise<Enrollment> {
    const answer = this.page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/2fa/enrollments' && r.status() === 201,
    );
    await action();
    return (await (await answer).json()) as Enrollment;
  }
}

export class TwoFactorTab {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.locator('two-factor-settings');
  }

  button(name: string): Locator {
    return this.root.getByRole('button', { name, exact: true });
  }

  /** The open modal with this accessible name. */
  dialog(name: string): Locator {
    return this.root.getByRole('dialog', { name });
  }

  async ready(): Promise<void> {
    await this.root.getByRole('heading', { name: 'Two-Factor Authentication' }).waitFor();
    await this.root.getByRole('button', { name: /^(Set up Two-Factor Authentication|Reset Token)$/ }).waitFor();
  }

  codeInput(dialog: Locator): Locator {
    return dialog.getByLabel('Code from your authenticator app');
  }

  /** Opens "Can't scan it?" and reads the manual key, without the spaces that group it. */
  async manualKey(dialog: Locator): Promise<string> {
    await dialog.getByText("Can't scan it?").click();
    return ((await dialog.locator('[part~=manual-key] code').textContent()) ?? '').replaceAll(' ', '');
  }

  qr(dialog: Locator): Locator {
    return dialog.getByRole('img', { name: /^QR code for / });
  }

  /** Ticks "I have saved these codes", closes with Done, returns the codes that were shown. */
  async saveRecoveryCodes(): Promise<string[]> {
    const dialog = this.dialog('Save your recovery codes');
    // allTextContents() does not wait: right after Confirm the dialog may not be there yet (the
    // confirm request is still on its way), and the codes would read as none.
    const items = dialog.locator('[part~=recovery-codes] li');
    await items.first().waitFor();
    const codes = await items.allTextContents();
    await dialog.getByLabel('I have saved these codes').check();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    return codes;
  }
}

export class ChallengePage {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.locator('two-factor-challenge');
  }

  codeInput(): Locator {
    return this.root.getByLabel('Code from your authenticator app');
  }

  async verify(code: string): Promise<void> {
    await this.codeInput().fill(code);
    await this.root.getByRole('button', { name: 'Verify' }).click();
  }
}
