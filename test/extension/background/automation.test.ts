/**
 * `globalThis.authenticator`: every method through the same route as the popup, errors as
 * AuthenticatorErrors whose message starts with the code.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { generateCode } from '../../../shared/otp';
import { createAutomation } from '../../../extension/background/automation';
import { createHandlers } from '../../../extension/background/handlers';
import { scanNotAvailable } from '../../../extension/background/not-available';
import { createBackupService } from '../../../extension/backup/backup-service';
import { createRoute } from '../../../extension/background/route-message';
import type { Authenticator } from '../../../shared/protocol/automation';
import { DEFAULT_SETTINGS, Vault } from '../../../extension/vault';
import { rejectionOf, resetWorld } from '../vault/vault-test-kit';

const URI = 'otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example';
const PARAMS = { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, counter: 0, issuer: 'Example', account: 'alice@example.com' } as const;

let authenticator: Authenticator;
beforeEach(() => {
  resetWorld();
  const clipboard = { scheduleClear: async () => undefined, done: async () => undefined };
  const vault = new Vault();
  authenticator = createAutomation(createRoute(createHandlers({ vault, clipboard, backup: createBackupService(vault), scan: scanNotAvailable })));
});

describe('the automation surface', () => {
  it('adds, lists, gives codes, removes', async () => {
    const added = await authenticator.add(URI, 'https://accounts.example.com/settings/2fa');
    expect(added).toEqual({
      id: expect.any(String),
      issuer: 'Example',
      account: 'alice@example.com',
      origin: 'https://accounts.example.com',
      site: 'example.com',
      type: 'totp',
      digits: 6,
      period: 30,
      previous: false,
    });
    expect(await authenticator.accounts()).toEqual([added]);
    const t = Date.UTC(2026, 0, 1);
    expect(await authenticator.code(added.id, t)).toEqual({ code: generateCode(PARAMS, t), expiresAt: t + 30_000 });
    await authenticator.remove(added.id);
    expect(await authenticator.accounts()).toEqual([]);
  });

  it('locks and unlocks, and reads and patches settings', async () => {
    expect(await authenticator.settings()).toEqual(DEFAULT_SETTINGS);
    expect(await authenticator.settings({ submitAfterFill: true })).toEqual({ ...DEFAULT_SETTINGS, submitAfterFill: true });
    expect((await rejectionOf(() => authenticator.lock())).message).toMatch(/^\[no_passphrase\] /);
  });

  it('sets, changes and removes the passphrase, so tests can lock the vault', async () => {
    const added = await authenticator.add(URI, 'https://example.com/');
    await authenticator.setPassphrase(null, 'first passphrase here');
    await authenticator.lock();
    expect((await rejectionOf(() => authenticator.accounts())).message).toMatch(/^\[locked\] /);
    expect((await rejectionOf(() => authenticator.unlock('not the passphrase'))).message).toMatch(/^\[wrong_passphrase\] /);
    await authenticator.unlock('first passphrase here');
    await authenticator.setPassphrase('first passphrase here', 'second passphrase here');
    expect((await rejectionOf(() => authenticator.setPassphrase('first passphrase here', null))).message).toMatch(/^\[wrong_passphrase\] /);
    await authenticator.setPassphrase('second passphrase here', null);
    expect((await rejectionOf(() => authenticator.lock())).message).toMatch(/^\[no_passphrase\] /);
    expect((await authenticator.accounts()).map((a) => a.id)).toEqual([added.id]);
  });

  it('rejects with the code first in the message, for every kind of failure', async () => {
    expect((await rejectionOf(() => authenticator.code('nope'))).message).toMatch(/^\[account_not_found\] /);
    expect((await rejectionOf(() => authenticator.add('otpauth://totp/x?secret=1', 'https://example.com'))).message).toMatch(/^\[bad_secret\] /);
    expect((await rejectionOf(() => authenticator.add(URI, undefined as unknown as string))).message).toMatch(/^\[bad_request\] /);
    expect((await rejectionOf(() => authenticator.unlock('whatever passphrase'))).message).toMatch(/^\[no_passphrase\] /);
    expect((await rejectionOf(() => authenticator.settings({ autoLockMinutes: -3 }))).message).toMatch(/^\[bad_settings\] /);
  });

  it('says scan and fill are not available until their modules land', async () => {
    expect((await rejectionOf(() => authenticator.scan())).message).toMatch(/^\[not_available\] Scanning QR codes/);
    expect((await rejectionOf(() => authenticator.fill(3))).message).toMatch(/^\[not_available\] Filling codes/);
  });

  it('says sync is not available without its service, and checks sync\'s arguments first', async () => {
    expect((await rejectionOf(() => authenticator.sync('status'))).message).toMatch(/^\[not_available\] /);
    expect((await rejectionOf(() => (authenticator.sync as (a: string) => Promise<unknown>)('start'))).message).toMatch(/^\[bad_request\] sync\(action\)/);
    expect((await rejectionOf(() => authenticator.sync('disable', { wipeRemote: 'yes' as unknown as boolean }))).message).toMatch(/^\[bad_request\] "wipeRemote"/);
    expect((await rejectionOf(() => authenticator.sync('join', 42 as unknown as string))).message).toMatch(/^\[bad_request\] "passphrase"/);
  });

  it('resets to an empty vault', async () => {
    await authenticator.add(URI, 'https://example.com/');
    await authenticator.settings({ autoFill: false });
    await authenticator.reset();
    expect(await authenticator.accounts()).toEqual([]);
    expect((await authenticator.settings()).autoFill).toBe(true);
  });
});
