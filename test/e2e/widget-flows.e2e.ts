/**
 * The widget in real Chromium against the demo site: Set up, the next sign-in, Reset Token and
 * Disable, exactly as a user runs them. Codes come from oathtool with the secret read from the
 * "Can't scan it?" key; the QR the widget draws is decoded by zbarimg; axe-core checks every
 * modal.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildWidget, startWidgetWorld, type WidgetWorld } from './support/widget-browser';
import { axeViolations, ChallengePage, OathtoolAuthenticator, zbarDecode, type TwoFactorTab } from './support/widget-pages';

let world: WidgetWorld;
let tab: TwoFactorTab;
const app = new OathtoolAuthenticator();
const shots = mkdtempSync(join(tmpdir(), 'pfa-widget-qr-'));

beforeAll(async () => {
  buildWidget();
  world = await startWidgetWorld();
  await world.site.signIn(world.demo.demoUser.email, world.demo.demoUser.password);
  tab = await world.site.openTwoFactorTab();
});

afterAll(async () => {
  await world?.close();
});

/** Screenshots the QR the widget drew and decodes it with zbarimg. */
async function decodeQr(dialogName: string): Promise<string> {
  const file = join(shots, `${Date.now()}.png`);
  await tab.qr(tab.dialog(dialogName)).screenshot({ path: file });
  return zbarDecode(file);
}

describe('the widget on the demo site, in Chromium', () => {
  let secret: string;

  test('Set up: QR read by zbarimg equals the server URI; oathtool code confirms; recovery codes once', async () => {
    const { page } = world;
    const enrollment = await world.site.enrollmentDuring(() => tab.button('Set up Two-Factor Authentication').click());
    const dialog = tab.dialog('Set up Two-Factor Authentication');
    await dialog.waitFor();
    expect(await axeViolations(page, 'two-factor-settings')).toEqual([]);

    const status = await world.site.status();
    expect(status.pendingEnrollment).toEqual({ id: enrollment.id, expiresAt: enrollment.expiresAt });
    expect(JSON.stringify(status)).not.toContain(enrollment.secret);
    expect(await decodeQr('Set up Two-Factor Authentication')).toBe(enrollment.otpauthUri);

    secret = await tab.manualKey(dialog);
    expect(secret).toBe(enrollment.secret);
    expect(await axeViolations(page, 'two-factor-settings')).toEqual([]);

    await tab.codeInput(dialog).fill(await app.code(secret));
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const codesDialog = tab.dialog('Save your recovery codes');
    await codesDialog.waitFor();
    expect(await axeViolations(page, 'two-factor-settings')).toEqual([]);
    // Not before "I have saved these codes": Escape, even twice (Chromium then closes natively), keeps it.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300); // let a native close (and the element's re-open) happen
    expect(await codesDialog.isVisible()).toBe(true);
    expect(await codesDialog.getByRole('button', { name: 'Done' }).isDisabled()).toBe(true);
    const codes = await tab.saveRecoveryCodes();
    expect(codes).toHaveLength(10);
    await tab.root.getByText('Two-factor authentication is enabled').waitFor();
    await tab.root.getByText('Recovery codes left: 10').waitFor();
    expect((await world.site.status()).state).toBe('enabled');

    await tab.button('Regenerate recovery codes').click();
    const regenerate = tab.dialog('Regenerate recovery codes');
    await regenerate.waitFor();
    expect(await axeViolations(page, 'two-factor-settings')).toEqual([]);
    await regenerate.getByRole('button', { name: 'Cancel' }).click();
    await regenerate.waitFor({ state: 'detached' });
  });

  test('next sign-in: <two-factor-challenge> takes the oathtool code and follows redirect', async () => {
    const { page, site, demo } = world;
    await site.signOut();
    await site.signIn(demo.demoUser.email, demo.demoUser.password);
    expect(new URL(page.url()).pathname).toBe('/sign-in/two-factor');
    const challenge = new ChallengePage(page);
    await challenge.codeInput().waitFor();
    expect(await axeViolations(page, 'two-factor-challenge')).toEqual([]);
    await challenge.verify(await app.code(secret));
    await page.waitForURL(/\/settings$/);
    tab = await site.openTwoFactorTab();
    await tab.root.getByText('Two-factor authentication is enabled').waitFor();
  });

  test('Reset Token: confirmation (Cancel focused) -> current code -> new QR read by zbarimg -> Confirm', async () => {
    const { page } = world;
    await tab.button('Reset Token').click();
    const confirm = tab.dialog('Reset Token');
    await confirm.getByText('Your current token keeps working until you confirm the new one.').waitFor();
    await expect.poll(() => page.evaluate(() => document.querySelector('two-factor-settings')!.shadowRoot!.activeElement?.textContent)).toBe('Cancel');
    expect(await axeViolations(page, 'two-factor-settings')).toEqual([]);
    await confirm.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await confirm.getByLabel('Recovery code').waitFor();
    expect(await axeViolations(page, 'two-factor-settings')).toEqual([]);
    await confirm.getByRole('button', { name: 'Use your authenticator app instead' }).click();

    await tab.codeInput(confirm).fill(await app.code(secret));
    const replacement = await world.site.enrollmentDuring(() => confirm.getByRole('button', { name: 'Reset', exact: true }).click());
    await tab.qr(confirm).waitFor();
    const status = await world.site.status();
    expect(status).toMatchObject({ state: 'enabled', pendingEnrollment: { id: replacement.id } });
    expect(await decodeQr('Reset Token')).toBe(replacement.otpauthUri);
    const fresh = await tab.manualKey(confirm);
    expect(fresh).not.toBe(secret);
    expect(await axeViolations(page, 'two-factor-settings')).toEqual([]);

    await tab.codeInput(confirm).fill(await app.code(fresh));
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await confirm.waitFor({ state: 'detached' });
    const after = await world.site.status();
    expect(after).toMatchObject({ state: 'enabled', pendingEnrollment: null });
    secret = fresh;
  });

  test('Disable: confirmation with a current code -> Disable', async () => {
    const { page } = world;
    await tab.button('Disable Two-Factor Authentication').click();
    const dialog = tab.dialog('Disable Two-Factor Authentication');
    await dialog.waitFor();
    await expect.poll(() => page.evaluate(() => document.querySelector('two-factor-settings')!.shadowRoot!.activeElement?.textContent)).toBe('Cancel');
    expect(await axeViolations(page, 'two-factor-settings')).toEqual([]);

    const code = await app.code(secret);
    await tab.codeInput(dialog).fill(code === '000000' ? '111111' : '000000');
    await dialog.getByRole('button', { name: 'Disable', exact: true }).click();
    await dialog.getByRole('alert').getByText('Each code works once').waitFor();
    expect(await axeViolations(page, 'two-factor-settings')).toEqual([]);

    await tab.codeInput(dialog).fill(code);
    await dialog.getByRole('button', { name: 'Disable', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await tab.button('Set up Two-Factor Authentication').waitFor();
    expect((await world.site.status()).state).toBe('disabled');
  });

  test('closing the set-up modal with Escape drops the pending enrolment and returns focus', async () => {
    const { page } = world;
    await tab.button('Set up Two-Factor Authentication').focus();
    await page.keyboard.press('Enter');
    await tab.dialog('Set up Two-Factor Authentication').waitFor();
    expect((await world.site.status()).pendingEnrollment).not.toBeNull();
    await page.keyboard.press('Escape');
    await tab.dialog('Set up Two-Factor Authentication').waitFor({ state: 'detached' });
    await expect.poll(async () => (await world.site.status()).pendingEnrollment).toBeNull();
    expect(await page.evaluate(() => document.querySelector('two-factor-settings')!.shadowRoot!.activeElement?.textContent)).toBe(
      'Set up Two-Factor Authentication',
    );
  });
});
