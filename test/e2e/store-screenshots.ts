/**
 * `npm run store:screenshots`: the store listings' screenshots (1280x800, what both the
 * Chrome Web Store and addons.mozilla.org take), made from the real built extension in
 * headless Chromium on the fixture sites. Writes docs/store/screenshots/*.png. Not part of
 * `npm test`; it runs `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension } from './support/chromium';
import { chromiumArgs } from './support/fixture-server';
import { waitForAxText } from './support/closed-shadow';
import { scanFixtureServer } from './fixtures/scan/scan-fixtures';
import { tabIdOf } from './fixtures/scan/scan-helpers';
import { serveFixtures } from './fixtures/fill/serve-fixtures';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = resolve(ROOT, 'docs/store/screenshots');
const SIZE = { width: 1280, height: 800 };
const written: string[] = [];

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
  const file = `${String(written.length + 1).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: join(OUT, file), animations: 'disabled', caret: 'hide' });
  written.push(file);
}

/** The popup drawn where the toolbar would drop it, over a picture of the page it acts on. */
async function popupOver(site: Page, popup: Page, canvas: Page, name: string): Promise<void> {
  const background = (await site.screenshot({ animations: 'disabled', caret: 'hide' })).toString('base64');
  await popup.setViewportSize({ width: 360, height: 560 });
  await popup.evaluate(() => document.fonts.ready);
  const front = (await popup.screenshot({ animations: 'disabled', caret: 'hide' })).toString('base64');
  await canvas.setContent(`<!doctype html><body style="margin:0">
    <img src="data:image/png;base64,${background}" style="display:block">
    <img src="data:image/png;base64,${front}" style="position:absolute;top:8px;right:24px;border-radius:8px;box-shadow:0 8px 28px rgba(0,0,0,.35)">
  </body>`);
  await canvas.locator('img').nth(1).evaluate((img: HTMLImageElement) => img.decode());
  await shot(canvas, name);
}

execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
const scans = await scanFixtureServer();
const fills = await serveFixtures();
const browser = await launchWithExtension({ viewport: SIZE, args: chromiumArgs(['acme.test', 'github.fixtures.test']) });
try {
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT)) if (file.endsWith('.png')) rmSync(join(OUT, file));
  const { worker, context, extensionId } = browser;

  // 1. Scan the set-up QR code: saved for this site, confirmation code filled.
  const settings = await context.newPage();
  await settings.goto(scans.url('/modal-dialog.html', 'acme.test'));
  const scanned = await worker.evaluate((id) => globalThis.authenticator!.scan(id), await tabIdOf(worker, settings.url()));
  if (!scanned.filled) throw new Error('The scan saved the account but filled no code.');
  await waitForAxText(settings, 'status', /^Added /);
  await shot(settings, 'scan-and-fill');

  // 2. Sign-in: the code of the account bound to this site, filled by itself.
  const signIn = await context.newPage();
  const github = `http://github.fixtures.test:${fills.port}/github.html`;
  // One call per account: tsx names inner functions (__name), which the worker does not have.
  const accounts: Array<[string, string]> = [
    ['otpauth://totp/GitHub:octocat?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub', github],
    ['otpauth://totp/Plex%20Mail:bob%40plex.example?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&issuer=Plex%20Mail', 'https://mail.plex.example/'],
    ['otpauth://totp/Tiny%20Bank:heidi?secret=GM2TONBTGQ3DIMZVGQ2DONJXGA4TCNBR&issuer=Tiny%20Bank', 'https://tinybank.example/'],
  ];
  for (const [uri, page] of accounts) await worker.evaluate(([u, p]) => globalThis.authenticator!.add(u, p), [uri, page] as const);
  await signIn.goto(github);
  await signIn.waitForFunction(() => /^\d{6}$/.test((document.querySelector('#app_totp') as HTMLInputElement).value));
  await shot(signIn, 'sign-in-filled');

  // 3. The popup over that page: codes for every account, this site's first.
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${await tabIdOf(worker, signIn.url())}`);
  await popup.locator('.account-row [data-testid=code]').first().waitFor();
  await popupOver(signIn, popup, await context.newPage(), 'popup-codes');

  // 4. Options: passphrase, auto-lock, filling, backup.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.locator('#passphrase').waitFor();
  await shot(options, 'options');
} finally {
  await browser.close();
  await Promise.all([scans.close(), fills.close()]);
}
// Flat UI screenshots shrink about 3x as 8-bit PNGs; pngquant is optional (apt-get install pngquant).
try {
  execFileSync('pngquant', ['--force', '--ext', '.png', '--skip-if-larger', '--strip', ...written.map((f) => join(OUT, f))], { stdio: 'ignore' });
} catch {
  // Not installed: the PNGs stay as Chromium wrote them.
}
console.log(`wrote ${written.length} screenshots to docs/store/screenshots/: ${written.join(', ')}`);
