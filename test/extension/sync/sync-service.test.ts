/**
 * The worker's sync service on the real vault (fake IndexedDB) and WXT's fake storage.sync.
 * One browser at a time: a "second browser" is the same storage.sync after a vault reset
 * (what a fresh profile signed into the same browser account sees). The two-profile journey
 * runs in real Chromium (test/e2e/sync.e2e.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Vault } from '../../../extension/vault';
import { createSyncService, type SyncSchedule, type SyncService } from '../../../extension/sync/sync-service';
import { deriveChunkKey, openHeader, unpackVault } from '../../../extension/sync/sync-format';
import { localStateKey } from '../../../extension/sync/field-clocks';
import { EXAMPLE, account, rejectionOf, resetWorld, testClock } from '../vault/vault-test-kit';

const PASSPHRASE = 'correct horse battery staple';

let vault: Vault;
let sync: SyncService;
let scheduled: string[];
let clock: ReturnType<typeof testClock>;

afterEach(() => {
  vi.restoreAllMocks();
});

beforeEach(() => {
  resetWorld();
  scheduled = [];
  clock = testClock(Date.now());
  let service: SyncService | undefined;
  vault = new Vault({
    now: clock.now,
    onChange: () => void service?.changed(),
    passphraseHooks: { before: (n) => service!.passphraseHooks.before(n), after: (n) => service!.passphraseHooks.after(n) },
  });
  const schedule = (): SyncSchedule => ({
    soon: () => void scheduled.push('soon'),
    at: async (when) => void scheduled.push(`at ${when - clock.now()}`),
    clear: async () => undefined,
  });
  service = createSyncService({ vault, schedule, now: clock.now });
  sync = service;
});

async function synced(passphrase = PASSPHRASE) {
  const items = await fakeBrowser.storage.sync.get(null);
  const root = await openHeader(items.k, passphrase);
  return unpackVault(items, await deriveChunkKey(root));
}

async function withAccounts(names: string[]) {
  const added = [];
  for (const name of names) added.push((await vault.addAccount(account({ issuer: name, account: `${name.toLowerCase()}@example.com` }), EXAMPLE)).account);
  return added;
}

describe('turning sync on', () => {
  it('needs a passphrase and an unlocked vault, and changes nothing without them', async () => {
    await withAccounts(['Acme']);
    // While sync is off a change leaves no trace for it (turning it on publishes everything).
    await sync.changed();
    expect(await vault.syncDirty()).toBe(false);
    expect(scheduled).toEqual([]);
    expect((await rejectionOf(() => sync.enable())).code).toBe('no_passphrase');
    await vault.setPassphrase(null, PASSPHRASE);
    await vault.lock();
    expect((await rejectionOf(() => sync.enable())).code).toBe('locked');
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    expect(await sync.status()).toMatchObject({ enabled: false, joinable: false, accounts: 0 });
  });

  it('publishes the vault under its own passphrase, and nothing in clear', async () => {
    const accounts = await withAccounts(['Acme', 'Globex', 'Initech']);
    await vault.setPassphrase(null, PASSPHRASE);
    const status = await sync.enable();
    expect(status).toMatchObject({ enabled: true, accounts: 3, tooBig: false, joinable: false, passphraseChanged: false, error: null });
    expect(status.lastSyncedAt).toEqual(expect.any(Number));
    expect(status.bytes).toBeGreaterThan(0);
    const raw = JSON.stringify(await fakeBrowser.storage.sync.get(null));
    for (const text of ['Acme', 'acme@example.com', 'example.com']) expect(raw).not.toContain(text);
    expect((await synced()).map((a) => a.names.value.issuer).sort()).toEqual(['Acme', 'Globex', 'Initech']);
    expect((await synced()).map((a) => a.id).sort()).toEqual(accounts.map((a) => a.id).sort());
  });

  it('refuses when storage.sync already holds a vault: join it instead', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    await withAccounts(['Acme']);
    await sync.enable();
    await sync.disable({ wipeRemote: false });
    expect(await sync.status()).toMatchObject({ enabled: false, joinable: true });
    expect((await rejectionOf(() => sync.enable())).code).toBe('sync_joinable');
  });

  it('with the passphrase, under a fresh random root key that is not the vault key', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    await withAccounts(['Acme']);
    const { raw: vaultKey } = await vault.unlockedKey();
    expect(await sync.enable(PASSPHRASE)).toMatchObject({ enabled: true, accounts: 1, error: null });
    const items = await fakeBrowser.storage.sync.get(null);
    const root = await openHeader(items.k, PASSPHRASE);
    expect(root).not.toEqual(vaultKey);
    expect((await synced()).map((a) => a.names.value.issuer)).toEqual(['Acme']);
    // The chunks do not open under the vault key's chunk key.
    await expect(unpackVault(items, await deriveChunkKey(vaultKey))).rejects.toThrow();
    // Off with the copy wiped and on again: another root, so the old k opens nothing new.
    await sync.disable({ wipeRemote: true });
    await sync.enable(PASSPHRASE);
    const again = await fakeBrowser.storage.sync.get(null);
    expect(await openHeader(again.k, PASSPHRASE)).not.toEqual(root);
    await expect(unpackVault(again, await deriveChunkKey(root))).rejects.toThrow();
    // Rounds and a passphrase change keep the new root.
    await vault.setPassphrase(PASSPHRASE, 'a new passphrase');
    await sync.run();
    expect((await synced('a new passphrase')).map((a) => a.names.value.issuer)).toEqual(['Acme']);
  });

  it('with a wrong passphrase writes nothing and leaves sync off', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    await withAccounts(['Acme']);
    const state = await vault.syncState();
    expect((await rejectionOf(() => sync.enable('not the passphrase'))).code).toBe('wrong_passphrase');
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    expect(await vault.syncState()).toEqual(state);
    expect(await vault.syncDirty()).toBe(false);
    expect(await sync.status()).toMatchObject({ enabled: false, joinable: false });
  });
});

describe('a second browser joins', () => {
  async function publishedThenFreshBrowser() {
    await vault.setPassphrase(null, PASSPHRASE);
    await withAccounts(['Acme', 'Globex']);
    await sync.enable();
    await vault.reset(); // a fresh profile: same storage.sync, its own vault
    await withAccounts(['Local']);
  }

  it('with a wrong passphrase: nothing changes on either side', async () => {
    await publishedThenFreshBrowser();
    const before = await fakeBrowser.storage.sync.get(null);
    const local = await vault.list();
    expect((await rejectionOf(() => sync.join('not the passphrase'))).code).toBe('wrong_passphrase');
    expect(await fakeBrowser.storage.sync.get(null)).toEqual(before);
    expect(await vault.list()).toEqual(local);
    expect(await vault.status()).toMatchObject({ hasPassphrase: false });
    expect(await sync.status()).toMatchObject({ enabled: false, joinable: true });
  });

  it('merges both ways, and the joined passphrase opens this vault from then on', async () => {
    await publishedThenFreshBrowser();
    const status = await sync.join(PASSPHRASE);
    expect(status).toMatchObject({ enabled: true, accounts: 3, joinable: false, error: null });
    expect((await vault.list()).accounts.map((a) => a.issuer).sort()).toEqual(['Acme', 'Globex', 'Local']);
    expect((await synced()).map((a) => a.names.value.issuer).sort()).toEqual(['Acme', 'Globex', 'Local']);
    await vault.lock();
    await vault.unlock(PASSPHRASE);
  });

  it('one account added in both browsers (same secret, type, issuer and name) is one account after the join', async () => {
    const same = account({ issuer: 'Twin', account: 'twin@example.com' });
    await vault.setPassphrase(null, PASSPHRASE);
    const first = (await vault.addAccount(same, EXAMPLE)).account;
    await sync.enable();
    await vault.reset();
    clock.advance(60_000);
    await vault.addAccount(same, EXAMPLE); // added again here a minute later, under another id
    await sync.join(PASSPHRASE);
    const { accounts, deleted } = await vault.list();
    expect(accounts.map((a) => a.id)).toEqual([first.id]); // the older id is kept
    expect(deleted).toEqual([]);
    expect(await synced()).toHaveLength(1);
  });

  it('says there is nothing to join when storage.sync is empty', async () => {
    expect((await rejectionOf(() => sync.join(PASSPHRASE))).code).toBe('nothing_to_join');
  });
});

describe('while syncing', () => {
  beforeEach(async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    await withAccounts(['Acme', 'Globex']);
    await sync.enable();
  });

  it('a change marks sync dirty and schedules a round that publishes it', async () => {
    const [first] = (await vault.list()).accounts;
    scheduled.length = 0;
    clock.advance(1000); // an edit after the synced one (at the same millisecond the values would break the tie)
    await vault.rename(first!.id, 'Aaron & Co', 'someone@example.com');
    await expect.poll(() => vault.syncDirty()).toBe(true);
    expect(scheduled).toContain('soon');
    await sync.run();
    expect(await vault.syncDirty()).toBe(false);
    expect((await synced()).find((a) => a.id === first!.id)?.names.value).toEqual({ issuer: 'Aaron & Co', account: 'someone@example.com' });
  });

  it('a locked vault defers the round; it keeps the change and runs after unlock', async () => {
    const [first] = (await vault.list()).accounts;
    await vault.remove(first!.id);
    await vault.lock();
    await sync.run();
    expect(await vault.syncDirty()).toBe(true);
    expect((await synced()).find((a) => a.id === first!.id)?.deletedAt.value).toBeNull();
    await vault.unlock(PASSPHRASE);
    await sync.run();
    expect((await synced()).find((a) => a.id === first!.id)?.deletedAt.value).toEqual(expect.any(Number));
  });

  it('refuses removing the passphrase, and re-wraps the sync key when it changes', async () => {
    expect((await rejectionOf(() => vault.setPassphrase(PASSPHRASE, null))).code).toBe('sync_needs_passphrase');
    expect(await vault.status()).toMatchObject({ hasPassphrase: true });
    await vault.setPassphrase(PASSPHRASE, 'a brand new passphrase');
    await sync.run();
    expect((await rejectionOf(() => synced(PASSPHRASE))).code).toBe('wrong_passphrase');
    expect(await synced('a brand new passphrase')).toHaveLength(2);
  });

  it('turning off keeps the local vault; wipeRemote empties storage.sync', async () => {
    const status = await sync.disable({ wipeRemote: true });
    expect(status).toMatchObject({ enabled: false, joinable: false, accounts: 0 });
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    expect((await vault.list()).accounts).toHaveLength(2);
  });

  it('another browser removing the synced copy stops sync here, with the local vault whole', async () => {
    await fakeBrowser.storage.sync.clear();
    await sync.run();
    const status = await sync.status();
    expect(status).toMatchObject({ enabled: false, joinable: false });
    expect(status.error).toMatch(/^\[sync_removed\] /);
    expect((await vault.list()).accounts).toHaveLength(2);
  });

  it('a vault reset turns sync off here and leaves storage.sync alone', async () => {
    await vault.reset();
    expect(await sync.status()).toMatchObject({ enabled: false, joinable: true });
    expect(Object.keys(await fakeBrowser.storage.sync.get(null))).toContain('k');
  });
});

describe('limits and failures', () => {
  beforeEach(async () => {
    await vault.setPassphrase(null, PASSPHRASE);
  });

  it('a quota error keeps the change, says so, and retries later and later until a write succeeds', async () => {
    await withAccounts(['Acme']);
    await sync.enable();
    const set = vi.spyOn(fakeBrowser.storage.sync, 'set').mockRejectedValue(new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'));
    await withAccounts(['Globex']);
    scheduled.length = 0;
    await sync.run();
    await sync.run();
    expect(scheduled.filter((s) => s.startsWith('at '))).toEqual(['at 60000', 'at 120000']);
    expect((await sync.status()).error).toMatch(/^\[sync_quota\] /);
    expect(await vault.syncDirty()).toBe(true);
    set.mockRestore();
    await sync.run();
    expect(await sync.status()).toMatchObject({ error: null, accounts: 2 });
    expect(await synced()).toHaveLength(2);
    expect(await vault.syncDirty()).toBe(false);
  });

  it('a vault too big for storage.sync writes nothing, loses nothing, and syncs again once it shrinks', async () => {
    const many = Array.from({ length: 1100 }, (_, i) => ({
      params: account({ issuer: `Service ${i}`, account: `user${i}@mail${i}.example` }),
      binding: { origin: `https://login.service${i}.example`, site: `service${i}.example` },
    }));
    const added = await vault.addAccounts(many);
    const status = await sync.enable();
    expect(status).toMatchObject({ enabled: true, tooBig: true, error: null });
    expect(status.bytes).toBeGreaterThan(102_400);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    expect((await vault.list()).accounts).toHaveLength(1100);
    for (const { account: a } of added.slice(0, 500)) await vault.remove(a.id);
    await sync.run();
    expect(await sync.status()).toMatchObject({ enabled: true, tooBig: false, accounts: 600, error: null });
    // The deletions left first, as many as needed: the active accounts all, then the newest deletes that fit.
    const published = await synced();
    expect(published.filter((a) => a.deletedAt.value === null)).toHaveLength(600);
    expect(published.length).toBeLessThan(1100);
  });

  it('a change writes one batch of only the items that changed', async () => {
    const added = await vault.addAccounts(
      Array.from({ length: 200 }, (_, i) => ({ params: account({ issuer: `Service ${i}`, account: `user${i}@mail${i}.example` }), binding: EXAMPLE })),
    );
    await sync.enable();
    const before = await fakeBrowser.storage.sync.get(null);
    expect(Object.keys(before).length).toBeGreaterThan(3); // several chunks
    const set = vi.spyOn(fakeBrowser.storage.sync, 'set');
    const remove = vi.spyOn(fakeBrowser.storage.sync, 'remove');
    clock.advance(1000);
    await vault.rename(added[17]!.account.id, 'Renamed', 'someone@example.com');
    await sync.run();
    expect(set).toHaveBeenCalledTimes(1);
    expect(Object.keys(set.mock.calls[0]![0] as object)).toHaveLength(1); // the one chunk holding it
    expect(remove).not.toHaveBeenCalled();
    await sync.run(); // nothing changed since: nothing written
    expect(set).toHaveBeenCalledTimes(1);
  });

  it('a damaged or foreign chunk in storage.sync is reported; nothing is merged or written over it', async () => {
    await withAccounts(['Acme']);
    await sync.enable();
    await fakeBrowser.storage.sync.set({ c7: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    const items = await fakeBrowser.storage.sync.get(null);
    const local = await vault.list();
    await withAccounts(['Globex']);
    await sync.run();
    expect((await sync.status()).error).toMatch(/^\[sync_format\] /);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual(items);
    expect((await vault.list()).accounts).toHaveLength(local.accounts.length + 1);
    await vault.reset();
    const error = await rejectionOf(() => sync.join(PASSPHRASE));
    expect(error.code).toBe('sync_format');
    expect(await vault.status()).toMatchObject({ hasPassphrase: false, accountCount: 0 });
  });

  it('a merge never overwrites an edit made while it ran', async () => {
    const [acme] = await withAccounts(['Acme']);
    const { accounts } = await vault.localAccounts();
    const stale = accounts[0]!;
    await vault.rename(acme!.id, 'Renamed meanwhile', acme!.account);
    const error = await rejectionOf(() =>
      vault.applySync({ put: [{ ...stale, issuer: 'From the merge' }], drop: [], seen: new Map([[stale.id, localStateKey(stale)]]), patchSyncState: () => ({ marker: 1 }) }),
    );
    expect(error.code).toBe('sync_conflict');
    expect((await vault.list()).accounts[0]!.issuer).toBe('Renamed meanwhile');
    expect(await vault.syncState()).toBeNull();
  });
});
