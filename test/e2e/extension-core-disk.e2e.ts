/**
 * With a passphrase set, no secret is readable in the browser profile's IndexedDB files:
 * neither the base32 text nor the raw bytes. A control string (an issuer name, stored in
 * plain text by design) must be found in the same files, so the search itself is proven to
 * see what IndexedDB wrote. Then the same profile starts again: the vault is locked (the
 * unlocked key lived in memory only) and opens with the passphrase.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Secret } from 'otpauth';
import { generateSecret } from '../../shared/otp';
import { launchWithExtension } from './support/chromium';
import { OptionsPage, PopupPage } from './support/extension-pages';
import { inWorker } from './support/extension-worker';

const CONTROL_ISSUER = 'DiskCheckIssuerControl';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets at rest', () => {
  const profile = mkdtempSync(join(tmpdir(), 'pfa-disk-'));
  afterAll(() => rmSync(profile, { recursive: true, force: true }));

  it('are not in the IndexedDB files once a passphrase is set', async () => {
    const secrets = [generateSecret(20), generateSecret(20), generateSecret(32)];
    const browser = await launchWithExtension({ userDataDir: profile });
    try {
      const options = await OptionsPage.open(browser.context, browser.extensionId);
      expect(await options.setPassphrase('correct horse battery staple')).toContain('Passphrase set');
      await options.close();

      const popup = await PopupPage.open(browser.context, browser.extensionId);
      await popup.addWithSetupKey({ issuer: CONTROL_ISSUER, account: 'typed@example.com', secret: secrets[0]! });
      await inWorker(
        browser.worker,
        async ({ secrets, issuer }) => {
          for (const [i, secret] of secrets.entries()) {
            await globalThis.authenticator!.add(`otpauth://totp/${issuer}:user${i}?secret=${secret}&issuer=${issuer}`, 'https://example.com/');
          }
        },
        { secrets: secrets.slice(1), issuer: CONTROL_ISSUER },
      );
      expect(await inWorker(browser.worker, async () => (await globalThis.authenticator!.accounts()).length, undefined)).toBe(3);
    } finally {
      await browser.context.close(); // flushes IndexedDB to disk; the profile stays for the check
    }

    const dirs = readdirSync(join(profile, 'Default', 'IndexedDB')).filter((name) => name.startsWith('chrome-extension_'));
    expect(dirs.length).toBeGreaterThan(0);
    const contents = dirs.flatMap((dir) => filesUnder(join(profile, 'Default', 'IndexedDB', dir))).map((file) => readFileSync(file));
    const all = Buffer.concat(contents);
    expect(all.includes(Buffer.from(CONTROL_ISSUER))).toBe(true);
    for (const secret of secrets) {
      expect(all.includes(Buffer.from(secret)), `base32 secret ${secret.slice(0, 4)}… on disk`).toBe(false);
      expect(all.includes(Buffer.from(secret.toLowerCase())), 'lower-case base32 secret on disk').toBe(false);
      expect(all.includes(Buffer.from(new Uint8Array(Secret.fromBase32(secret).buffer))), 'raw secret bytes on disk').toBe(false);
    }
  });

  it('is locked after the browser restarts, and opens with the passphrase', async () => {
    const browser = await launchWithExtension({ userDataDir: profile });
    try {
      const popup = await PopupPage.open(browser.context, browser.extensionId);
      expect(await popup.isLocked()).toBe(true);
      const locked = await inWorker(browser.worker, async () => {
        try {
          await globalThis.authenticator!.accounts();
          return 'resolved';
        } catch (error) {
          return (error as Error).message;
        }
      }, undefined);
      expect(locked).toMatch(/^\[locked\] /);
      expect(await popup.unlock('correct horse battery staple')).toBeNull();
      expect(await popup.code('typed@example.com')).toMatch(/^\d{6}$/);
    } finally {
      await browser.context.close();
    }
  });
});
