/**
 * `npm run walkthrough`: drives the demo site in headless Chromium through Set up, Reset Token
 * and Disable, and writes one PNG per step to docs/walkthrough/ (the README shows them).
 * Codes come from oathtool, as in the end-to-end tests. Run with tsx; not part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildWidget, startWidgetWorld } from './support/widget-browser';
import { OathtoolAuthenticator, type TwoFactorTab } from './support/widget-pages';

const OUT = resolve(import.meta.dirname, '../../docs/walkthrough');

buildWidget();
const world = await startWidgetWorld({ viewport: { width: 800, height: 760 } });
const app = new OathtoolAuthenticator();
const written: string[] = [];
try {
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT)) if (file.endsWith('.png')) rmSync(join(OUT, file));
  const shot = async (name: string) => {
    await world.page.evaluate(() => document.fonts.ready);
    const file = `${String(written.length + 1).padStart(2, '0')}-${name}.png`;
    await world.page.screenshot({ path: join(OUT, file), animations: 'disabled', caret: 'hide' });
    written.push(file);
  };

  const { page, site, demo } = world;
  await site.signIn(demo.demoUser.email, demo.demoUser.password);
  const tab: TwoFactorTab = await site.openTwoFactorTab();
  await page.mouse.move(0, 0);

  // Set up
  await shot('set-up-tab');
  await tab.button('Set up Two-Factor Authentication').click();
  const setUp = tab.dialog('Set up Two-Factor Authentication');
  await tab.qr(setUp).waitFor();
  await shot('set-up-qr-code');
  const secret = await tab.manualKey(setUp);
  await shot('set-up-cant-scan-it');
  await tab.codeInput(setUp).fill(await app.code(secret));
  await shot('set-up-code-entered');
  await setUp.getByRole('button', { name: 'Confirm' }).click();
  await tab.dialog('Save your recovery codes').waitFor();
  await tab.dialog('Save your recovery codes').getByLabel('I have saved these codes').check();
  await shot('set-up-recovery-codes');
  await tab.dialog('Save your recovery codes').getByRole('button', { name: 'Done' }).click();
  await tab.root.getByText('Two-factor authentication is enabled').waitFor();
  await shot('set-up-enabled');

  // Reset Token
  await tab.button('Reset Token').click();
  const reset = tab.dialog('Reset Token');
  await reset.waitFor();
  await shot('reset-confirmation');
  await tab.codeInput(reset).fill(await app.code(secret));
  await reset.getByRole('button', { name: 'Reset', exact: true }).click();
  await tab.qr(reset).waitFor();
  await shot('reset-new-qr-code');
  const fresh = await tab.manualKey(reset);
  await tab.codeInput(reset).fill(await app.code(fresh));
  await reset.getByRole('button', { name: 'Confirm' }).click();
  await reset.waitFor({ state: 'detached' });
  await shot('reset-done');

  // Disable
  await tab.button('Disable Two-Factor Authentication').click();
  const disable = tab.dialog('Disable Two-Factor Authentication');
  await disable.waitFor();
  await tab.codeInput(disable).fill(await app.code(fresh));
  await shot('disable-confirmation');
  await disable.getByRole('button', { name: 'Disable', exact: true }).click();
  await tab.button('Set up Two-Factor Authentication').waitFor();
  await shot('disable-done');
} finally {
  await world.close();
}
// Screenshots of flat UI shrink about 3x as 8-bit PNGs; pngquant is optional (apt-get install pngquant).
try {
  execFileSync('pngquant', ['--force', '--ext', '.png', '--skip-if-larger', '--strip', ...written.map((f) => join(OUT, f))], { stdio: 'ignore' });
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  console.log('pngquant not found: screenshots left uncompressed.');
}
console.log(`Wrote ${written.length} screenshots to docs/walkthrough/:\n  ${written.join('\n  ')}`);
