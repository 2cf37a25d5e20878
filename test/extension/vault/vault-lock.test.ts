/**
 * Passphrase, lock and auto-lock: the key is wrapped by scrypt, the unlocked key lives only
 * in storage.session, a wrong passphrase changes nothing, and without a passphrase there is
 * nothing to lock.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openDB } from 'idb';
import { AUTO_LOCK_ALARM, type Vault } from '../../../extension/vault';
import { SCRYPT_PARAMS } from '../../../extension/vault/vault-crypto';
import { EXAMPLE, account, rejectionOf, resetWorld, snapshot, testClock, vaultWith, type TestClock } from './vault-test-kit';

const PASSPHRASE = 'correct horse battery staple';
const MINUTE = 60_000;

let clock: TestClock;
let vault: Vault;
beforeEach(() => {
  resetWorld();
  clock = testClock();
  vault = vaultWith(clock);
});

async function storedKey(): Promise<Record<string, unknown>> {
  const db = await openDB('authenticator-vault');
  const key = await db.get('meta', 'key');
  db.close();
  return key;
}

describe('without a passphrase', () => {
  it('is never locked, and says so when asked to lock', async () => {
    await vault.addAccount(account(), EXAMPLE);
    expect(await vault.status()).toMatchObject({ hasPassphrase: false, locked: false, accountCount: 1 });
    expect((await storedKey()).kind).toBe('plain');
    expect((await rejectionOf(() => vault.lock())).code).toBe('no_passphrase');
    expect((await rejectionOf(() => vault.unlock(PASSPHRASE))).code).toBe('no_passphrase');
    expect(await fakeBrowser.storage.session.get()).toEqual({});
  });
});

describe('with a passphrase', () => {
  it('stores the vault key only wrapped (scrypt N=2^15 r=8 p=1) and re-wraps it without touching any secret', async () => {
    const { id } = (await vault.addAccount(account(), EXAMPLE)).account;
    const code = (await vault.code(id)).code;
    const accountsBefore = ((await snapshot()) as { accounts: unknown }).accounts;

    await vault.setPassphrase(null, PASSPHRASE);
    const wrapped = await storedKey();
    expect(wrapped).toMatchObject({ kind: 'passphrase', kdf: { name: 'scrypt', ...SCRYPT_PARAMS } });
    expect(wrapped).not.toHaveProperty('key');
    expect(((await snapshot()) as { accounts: unknown }).accounts).toEqual(accountsBefore);

    await vault.setPassphrase(PASSPHRASE, 'another long passphrase');
    expect(((await snapshot()) as { accounts: unknown }).accounts).toEqual(accountsBefore);
    await vault.lock();
    expect((await rejectionOf(() => vault.unlock(PASSPHRASE))).code).toBe('wrong_passphrase');
    await vault.unlock('another long passphrase');
    expect((await vault.code(id)).code).toBe(code);

    await vault.setPassphrase('another long passphrase', null);
    expect((await storedKey()).kind).toBe('plain');
    expect(await vault.status()).toMatchObject({ hasPassphrase: false, locked: false });
    expect((await vault.code(id)).code).toBe(code);
    expect(((await snapshot()) as { accounts: unknown }).accounts).toEqual(accountsBefore);
  });

  it('on an empty vault wraps a fresh key: no raw vault key is ever stored', async () => {
    await vault.status();
    await vault.list();
    await vault.settings();
    expect(await storedKey()).toBeUndefined();
    await vault.setPassphrase(null, PASSPHRASE);
    expect((await storedKey()).kind).toBe('passphrase');
    const { id } = (await vault.addAccount(account(), EXAMPLE)).account;
    expect((await storedKey()).kind).toBe('passphrase');
    expect((await vault.code(id)).code).toMatch(/^\d{6}$/);
  });

  it('never lets an add and a passphrase change interleave', async () => {
    const params = account();
    const [, added] = await Promise.all([vault.setPassphrase(null, PASSPHRASE), vault.addAccount(params, EXAMPLE)]);
    const [other] = await Promise.all([vault.addAccount(account({ account: 'b' }), EXAMPLE), vault.setPassphrase(PASSPHRASE, 'another long passphrase')]);
    await vault.lock();
    await vault.unlock('another long passphrase');
    expect((await vault.readOtpParams(added.account.id)).secret).toBe(params.secret);
    expect((await vault.code(other.account.id)).code).toMatch(/^\d{6}$/);
  });

  it('refuses a short passphrase and a wrong current one', async () => {
    expect((await rejectionOf(() => vault.setPassphrase(null, 'short'))).code).toBe('weak_passphrase');
    await vault.setPassphrase(null, PASSPHRASE);
    expect((await rejectionOf(() => vault.setPassphrase('wrong passphrase', 'a new passphrase'))).code).toBe('wrong_passphrase');
    expect((await rejectionOf(() => vault.setPassphrase(null, 'a new passphrase'))).code).toBe('wrong_passphrase');
  });

  it('locks: no account, code or list until unlocked, and the session holds no key', async () => {
    const { id } = (await vault.addAccount(account(), EXAMPLE)).account;
    await vault.setPassphrase(null, PASSPHRASE);
    expect(Object.keys(await fakeBrowser.storage.session.get())).toHaveLength(1);
    await vault.lock();
    expect(await vault.status()).toMatchObject({ hasPassphrase: true, locked: true });
    expect(await fakeBrowser.storage.session.get()).toEqual({});
    for (const attempt of [() => vault.code(id), () => vault.list(), () => vault.addAccount(account(), EXAMPLE), () => vault.remove(id)]) {
      const error = await rejectionOf(attempt);
      expect(error.code).toBe('locked');
      expect(error.message).toMatch(/^\[locked\] The vault is locked/);
    }
    await vault.unlock(PASSPHRASE);
    expect((await vault.code(id)).code).toMatch(/^\d{6}$/);
  });

  it('leaves everything unchanged on a wrong passphrase', async () => {
    await vault.addAccount(account(), EXAMPLE);
    await vault.setPassphrase(null, PASSPHRASE);
    await vault.lock();
    const before = await snapshot();
    const error = await rejectionOf(() => vault.unlock('not the passphrase'));
    expect(error.code).toBe('wrong_passphrase');
    expect(error.message).toBe('[wrong_passphrase] That passphrase is not the one that locks this vault. Check it and try again.');
    expect(await snapshot()).toEqual(before);
    expect(await vault.status()).toMatchObject({ locked: true });
  });

  it('stays unlocked across a worker restart (storage.session) and locks on a browser restart', async () => {
    const { id } = (await vault.addAccount(account(), EXAMPLE)).account;
    await vault.setPassphrase(null, PASSPHRASE);
    const restartedWorker = vaultWith(clock);
    expect((await restartedWorker.code(id)).code).toMatch(/^\d{6}$/);

    await fakeBrowser.storage.session.clear(); // what a browser restart does
    const restartedBrowser = vaultWith(clock);
    expect(await restartedBrowser.status()).toMatchObject({ locked: true });
    expect((await rejectionOf(() => restartedBrowser.code(id))).code).toBe('locked');
  });
});

describe('auto-lock', () => {
  it('locks after the idle time (15 minutes by default), with an alarm at that time', async () => {
    const { id } = (await vault.addAccount(account(), EXAMPLE)).account;
    await vault.setPassphrase(null, PASSPHRASE);
    expect((await fakeBrowser.alarms.get(AUTO_LOCK_ALARM))?.scheduledTime).toBe(clock.now() + 15 * MINUTE);

    clock.advance(14 * MINUTE);
    expect(await vault.autoLock()).toBe(false);
    expect((await vault.code(id)).code).toMatch(/^\d{6}$/); // use pushes the lock back
    expect((await fakeBrowser.alarms.get(AUTO_LOCK_ALARM))?.scheduledTime).toBe(clock.now() + 15 * MINUTE);

    clock.advance(15 * MINUTE);
    expect(await vault.autoLock()).toBe(true);
    expect(await vault.status()).toMatchObject({ locked: true });
    expect(await fakeBrowser.alarms.get(AUTO_LOCK_ALARM)).toBeUndefined();
  });

  it('reads with touch: false (a page caused them) leave the lock time where it is', async () => {
    const { id } = (await vault.addAccount(account(), EXAMPLE)).account;
    await vault.setPassphrase(null, PASSPHRASE);
    const lockAt = clock.now() + 15 * MINUTE;
    for (let minute = 1; minute < 15; minute++) {
      clock.advance(MINUTE);
      expect((await vault.list({ touch: false })).accounts).toHaveLength(1);
      expect((await vault.code(id, undefined, { touch: false })).code).toMatch(/^\d{6}$/);
    }
    expect((await fakeBrowser.alarms.get(AUTO_LOCK_ALARM))?.scheduledTime).toBe(lockAt);
    clock.advance(MINUTE);
    expect(await vault.autoLock()).toBe(true);
    expect((await rejectionOf(() => vault.list({ touch: false }))).code).toBe('locked');
  });

  it('never lets an expired key be used, even if the alarm did not fire', async () => {
    const { id } = (await vault.addAccount(account(), EXAMPLE)).account;
    await vault.setPassphrase(null, PASSPHRASE);
    clock.advance(16 * MINUTE);
    expect((await rejectionOf(() => vault.code(id))).code).toBe('locked');
    expect((await rejectionOf(() => vaultWith(clock).code(id))).code).toBe('locked');
  });

  it('follows the chosen time; 0 means only on browser restart', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    await vault.updateSettings({ autoLockMinutes: 5 });
    expect((await fakeBrowser.alarms.get(AUTO_LOCK_ALARM))?.scheduledTime).toBe(clock.now() + 5 * MINUTE);
    await vault.updateSettings({ autoLockMinutes: 0 });
    expect(await fakeBrowser.alarms.get(AUTO_LOCK_ALARM)).toBeUndefined();
    clock.advance(48 * 60 * MINUTE);
    expect(await vault.autoLock()).toBe(false);
    expect(await vault.status()).toMatchObject({ locked: false });
    expect(await vault.autoLock(true)).toBe(true);
    expect(await vault.status()).toMatchObject({ locked: true });
  });

  it('does nothing without a passphrase', async () => {
    await vault.addAccount(account(), EXAMPLE);
    clock.advance(60 * MINUTE);
    expect(await vault.autoLock(true)).toBe(false);
    expect((await vault.list()).accounts).toHaveLength(1);
  });
});
