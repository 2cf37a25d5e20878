/**
 * Attacks on sync in real Chromium profiles with the built extension: joins into a vault that
 * has accounts of its own and another passphrase, two browsers writing at the same time, a
 * locked vault, HOTP codes used on both sides, a passphrase change seen by a third browser,
 * imports while syncing, the synced copy wiped and published again, and a damaged synced
 * copy as the popup and options page show it. As in sync.e2e.ts, the test stands in for the
 * browsers' sync service only (it copies storage.sync between profiles).
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../shared/otp';
import { oathtoolCode } from '../support/oathtool';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { PopupPage } from './support/extension-pages';
import { inWorker } from './support/extension-worker';
import { accounts, copySync, importAccounts, message, putSyncItems, sync, syncedAfter, syncItems, vaultView } from './support/sync-profiles';

const PASSPHRASE_A = 'the passphrase of browser A';
const PASSPHRASE_B = 'browser B had its own one';
const NEW_PASSPHRASE = 'changed later on browser B';
const SHARED = { issuer: 'Shared', account: 'me@shared.example', secret: generateSecret(20), page: 'https://login.shared.example/2fa' };
const HOTP_SECRET = generateSecret(20);

let a: ExtensionBrowser;
let b: ExtensionBrowser;

beforeAll(async () => {
  [a, b] = [await launchWithExtension(), await launchWithExtension()];
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

type Added = { issuer: string; account: string; secret: string; page: string; type?: 'totp' | 'hotp' };

async function setUp(browser: ExtensionBrowser, passphrase: string, list: Added[]): Promise<void> {
  await inWorker(
    browser.worker,
    async ({ passphrase, list }) => {
      await globalThis.authenticator!.setPassphrase(null, passphrase);
      for (const x of list) {
        const label = `${encodeURIComponent(x.issuer)}:${encodeURIComponent(x.account)}`;
        const uri = `otpauth://${x.type ?? 'totp'}/${label}?secret=${x.secret}&issuer=${encodeURIComponent(x.issuer)}${x.type === 'hotp' ? '&counter=0' : ''}`;
        await globalThis.authenticator!.add(uri, x.page);
      }
    },
    { passphrase, list },
    30_000,
  );
}

const issuers = async (browser: ExtensionBrowser) => (await accounts(browser)).map((x) => x.issuer).sort();
const idOf = async (browser: ExtensionBrowser, issuer: string) => (await accounts(browser)).find((x) => x.issuer === issuer)!.id;
const code = (browser: ExtensionBrowser, id: string) => inWorker(browser.worker, (id) => globalThis.authenticator!.code(id).then((c) => c.code), id);

async function relock(browser: ExtensionBrowser, passphrase: string): Promise<string> {
  return inWorker(
    browser.worker,
    async (p) => {
      await globalThis.authenticator!.lock();
      return globalThis.authenticator!.unlock(p).then(
        () => 'unlocked',
        (e: Error) => e.message,
      );
    },
    passphrase,
  );
}

/** `from`'s storage.sync into `to`, then waits for `to`'s round (none when `to` holds the same already: no change event fires). */
async function deliver(from: ExtensionBrowser, to: ExtensionBrowser): Promise<void> {
  const items = await syncItems(from);
  if (isDeepStrictEqual(items, await syncItems(to))) return;
  const stamp = Date.now();
  await putSyncItems(to, items);
  await syncedAfter(to, stamp);
}

describe('sync under attack, in real browser profiles', () => {
  it('B joins with accounts of its own, one of them also on A, and another passphrase: nothing lost, the twin kept once, A\'s passphrase opens B', async () => {
    await setUp(a, PASSPHRASE_A, [
      SHARED,
      { issuer: 'Only A', account: 'a@a.example', secret: generateSecret(20), page: 'https://a.example/' },
      { issuer: 'Counter', account: 'hotp@bank.example', secret: HOTP_SECRET, page: 'https://bank.example/', type: 'hotp' },
    ]);
    expect(await sync(a, 'enable')).toMatchObject({ enabled: true, accounts: 3, error: null });
    await setUp(b, PASSPHRASE_B, [SHARED, { issuer: 'Only B', account: 'b@b.example', secret: generateSecret(20), page: 'https://b.example/' }]);
    await copySync(a, b);
    expect(await sync(b, 'join', PASSPHRASE_A)).toMatchObject({ enabled: true, accounts: 4, error: null });
    expect(await issuers(b)).toEqual(['Counter', 'Only A', 'Only B', 'Shared']);
    expect((await vaultView(b)).deleted).toEqual([]);
    expect(await relock(b, PASSPHRASE_B)).toMatch(/^\[wrong_passphrase\] /);
    expect(await relock(b, PASSPHRASE_A)).toBe('unlocked');
    await deliver(b, a);
    expect(await vaultView(a)).toEqual(await vaultView(b));
  });

  it('both browsers change things at the same time and each gets the other\'s write: they converge, and a further copy writes nothing', async () => {
    const stamp = Date.now();
    await message(a, 'vault.rename', { id: await idOf(a, 'Only A'), issuer: 'Only A (renamed on A)', account: 'a@a.example' });
    await inWorker(b.worker, async (id) => globalThis.authenticator!.remove(id), await idOf(b, 'Only B'));
    await inWorker(a.worker, (s) => globalThis.authenticator!.add(`otpauth://totp/New%20A:x?secret=${s}&issuer=New%20A`, 'https://new-a.example/'), generateSecret(20));
    await inWorker(b.worker, (s) => globalThis.authenticator!.add(`otpauth://totp/New%20B:y?secret=${s}&issuer=New%20B`, 'https://new-b.example/'), generateSecret(20));
    await syncedAfter(a, stamp);
    await syncedAfter(b, stamp);
    // Both wrote; each now gets the other's write, crossing.
    const [itemsA, itemsB] = [await syncItems(a), await syncItems(b)];
    const crossed = Date.now();
    await Promise.all([putSyncItems(b, itemsA), putSyncItems(a, itemsB)]);
    await syncedAfter(a, crossed);
    await syncedAfter(b, crossed);
    // Each merged the other's write into the same vault and sealed it anew (other nonces).
    expect(await syncItems(b)).not.toEqual(await syncItems(a));
    // B gets A's copy: its round merges it and writes nothing; A then has nothing new to get.
    await deliver(a, b);
    expect(await syncItems(b)).toEqual(await syncItems(a));
    await deliver(b, a);
    expect(await issuers(a)).toEqual(['Counter', 'New A', 'New B', 'Only A (renamed on A)', 'Shared']);
    expect(await vaultView(a)).toEqual(await vaultView(b));
    expect(await sync(a, 'status')).toMatchObject({ passphraseChanged: false, error: null });
    expect(await sync(b, 'status')).toMatchObject({ passphraseChanged: false, error: null });
  });

  it('HOTP codes used on both browsers: after the merge the next code follows the highest counter', async () => {
    const idA = await idOf(a, 'Counter');
    const idB = await idOf(b, 'Counter');
    expect(idB).toBe(idA);
    const used = [await code(a, idA), await code(a, idA), await code(a, idA)]; // counters 0, 1, 2
    expect(used).toEqual([0, 1, 2].map((counter) => oathtoolCode({ secret: HOTP_SECRET, type: 'hotp', counter }, 0)));
    expect(await code(b, idB)).toBe(used[0]); // B had not heard of A's codes yet: counter 0 there
    const stamp = Date.now(); // no round was running: each one from here on includes the codes
    await syncedAfter(a, stamp);
    await syncedAfter(b, stamp);
    await deliver(a, b);
    await deliver(b, a);
    const next = oathtoolCode({ secret: HOTP_SECRET, type: 'hotp', counter: 3 }, 0);
    expect(await code(b, idB)).toBe(next);
    await syncedAfter(b, Date.now());
    await deliver(b, a);
    expect(await code(a, idA)).toBe(oathtoolCode({ secret: HOTP_SECRET, type: 'hotp', counter: 4 }, 0));
  });

  it('a locked B gets A\'s change on unlock; an import on A while syncing reaches B whole', async () => {
    await inWorker(b.worker, () => globalThis.authenticator!.lock(), undefined);
    const stamp = Date.now();
    await message(a, 'vault.rename', { id: await idOf(a, 'Shared'), issuer: 'Shared (renamed while B was locked)', account: SHARED.account });
    await importAccounts(a, 0, 40);
    await expect.poll(async () => (await sync(a, 'status')).accounts, { timeout: 30_000, interval: 250 }).toBe(45);
    await syncedAfter(a, stamp);
    await copySync(a, b);
    await expect.poll(async () => (await sync(b, 'status')).enabled).toBe(true);
    expect((await sync(b, 'status')).error).toBeNull();
    await inWorker(b.worker, (p) => globalThis.authenticator!.unlock(p), PASSPHRASE_A);
    await expect.poll(async () => (await accounts(b)).length, { timeout: 30_000, interval: 250 }).toBe(45);
    expect(await issuers(b)).toContain('Shared (renamed while B was locked)');
    await syncedAfter(b, stamp);
    expect(await vaultView(b)).toEqual(await vaultView(a));
  });

  it('B changes the passphrase: A says so, and a third browser joins with the new passphrase, never the old', async () => {
    const stamp = Date.now();
    await inWorker(b.worker, ([from, to]) => globalThis.authenticator!.setPassphrase(from, to), [PASSPHRASE_A, NEW_PASSPHRASE] as const, 30_000);
    await syncedAfter(b, stamp);
    await deliver(b, a);
    expect(await sync(a, 'status')).toMatchObject({ enabled: true, passphraseChanged: true, error: null });
    const c = await launchWithExtension();
    try {
      await copySync(b, c);
      expect(await sync(c, 'join', PASSPHRASE_A)).toMatch(/^\[wrong_passphrase\] /);
      expect(await sync(c, 'join', NEW_PASSPHRASE)).toMatchObject({ enabled: true, accounts: 45, error: null });
      expect(await vaultView(c)).toEqual(await vaultView(b));
    } finally {
      await c.close();
    }
    expect(await sync(a, 'join', NEW_PASSPHRASE)).toMatchObject({ enabled: true, passphraseChanged: false, error: null });
    expect(await relock(a, NEW_PASSPHRASE)).toBe('unlocked');
  });

  it('A turns sync off wiping the synced copy; B stops, turns sync on again (publishing its vault), and A joins back: edits made meanwhile on both survive', async () => {
    await sync(a, 'disable', { wipeRemote: true });
    await copySync(a, b);
    await expect.poll(async () => (await sync(b, 'status')).error, { timeout: 30_000 }).toMatch(/^\[sync_removed\] /);
    // Meanwhile, sync off on both: a rename on A, then a pin of the same account on B.
    const id = await idOf(a, 'Only A (renamed on A)');
    await message(a, 'vault.rename', { id, issuer: 'Only A (renamed while off)', account: 'a@a.example' });
    await new Promise((resolve) => setTimeout(resolve, 5)); // B's pin is strictly later
    await message(b, 'vault.pin', { id, pinned: true });
    expect(await sync(b, 'enable')).toMatchObject({ enabled: true, accounts: 45, error: null });
    await copySync(b, a);
    expect(await sync(a, 'status')).toMatchObject({ enabled: false, joinable: true });
    expect(await sync(a, 'join', NEW_PASSPHRASE)).toMatchObject({ enabled: true, accounts: 45, error: null });
    await deliver(a, b);
    const mine = (await vaultView(b)).accounts.find((x) => x.id === id);
    expect(mine).toMatchObject({ issuer: 'Only A (renamed while off)', pinned: true });
    expect(await vaultView(a)).toEqual(await vaultView(b));
  });

  it('a damaged synced copy: the popup and options page say so in words, and nothing changes', async () => {
    const items = await syncItems(b);
    const before = await vaultView(b);
    await putSyncItems(b, { ...items, k: 'not a header' });
    await expect.poll(async () => (await sync(b, 'status')).error, { timeout: 30_000 }).toMatch(/^\[sync_format\] /);
    expect(await sync(b, 'status')).toMatchObject({ enabled: true, passphraseChanged: false });
    expect(await syncItems(b)).toEqual({ ...items, k: 'not a header' });
    expect(await vaultView(b)).toEqual(before);
    const popup = await PopupPage.open(b.context, b.extensionId);
    const banner = popup.page.getByTestId('sync-banner');
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toMatch(/^Sync failed\. The synced vault in your browser account is damaged/);
    expect(await banner.textContent()).not.toContain('[sync_format]');
    await popup.page.close();
    const options = await b.context.newPage();
    await options.goto(`chrome-extension://${b.extensionId}/options.html#sync`);
    const error = options.locator('#sync').getByTestId('sync-error');
    await expect.poll(() => error.textContent(), { timeout: 10_000 }).toMatch(/^The synced vault in your browser account is damaged/);
    expect(await error.textContent()).toMatch(/remove the synced copy \(turn sync off with \u201cAlso remove the synced copy\u201d\) and turn sync on again\.$/);
    await options.close();
  });

  it('a browser with sync off that finds a damaged synced copy can neither join it nor is stuck: it may remove it and turn sync on', async () => {
    const c = await launchWithExtension();
    try {
      await putSyncItems(c, await syncItems(b)); // k damaged, as the test before left it
      const options = await c.context.newPage();
      await options.goto(`chrome-extension://${c.extensionId}/options.html#sync`);
      const section = options.locator('#sync');
      const field = section.getByLabel('Passphrase of your synced vault');
      await field.fill(NEW_PASSPHRASE);
      await field.press('Enter');
      await expect.poll(() => section.getByTestId('sync-error').textContent(), { timeout: 20_000 }).toMatch(/^The synced vault in your browser account is damaged/);
      expect(await sync(c, 'status')).toMatchObject({ enabled: false, joinable: true });
      expect(await inWorker(c.worker, () => globalThis.authenticator!.lock().then(() => 'locked', (e: Error) => e.message), undefined)).toMatch(/^\[no_passphrase\] /);
      await section.getByRole('button', { name: 'Remove the synced copy' }).click();
      // Gone: this browser is offered to turn sync on (once it has a passphrase), publishing its own vault.
      await expect.poll(() => section.textContent(), { timeout: 20_000 }).toMatch(/so it needs one/);
      expect(await syncItems(c)).toEqual({});
      expect(await sync(c, 'status')).toMatchObject({ enabled: false, joinable: false });
      await options.close();
    } finally {
      await c.close();
    }
  });
});
