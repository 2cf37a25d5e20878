/**
 * Attacks on sync from a hostile or damaged storage.sync, and from events that land in the
 * middle of a round (a lock, a vault reset). One browser with the real vault (fake IndexedDB)
 * and WXT's fake storage.sync; "another browser" is a writer that seals chunks under the
 * synced key, as a real one would. The promise under test: sync never loses data, and bad
 * input gets a specific error, changes nothing and writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Vault } from '../../../extension/vault';
import { createSyncService, type SyncSchedule, type SyncService } from '../../../extension/sync/sync-service';
import { deriveChunkKey, openHeader, packVault, sealHeader, unpackVault, type SyncHeader } from '../../../extension/sync/sync-format';
import type { SyncAccount } from '../../../extension/sync/sync-account';
import { isOwnChange } from '../../../extension/sync/sync-storage';
import { EXAMPLE, account, resetWorld, snapshot, testClock } from '../vault/vault-test-kit';

const PASSPHRASE = 'correct horse battery staple';

let vault: Vault;
let sync: SyncService;
let clock: ReturnType<typeof testClock>;

afterEach(() => {
  vi.restoreAllMocks();
});

beforeEach(async () => {
  resetWorld();
  clock = testClock(Date.now());
  let service: SyncService | undefined;
  vault = new Vault({
    now: clock.now,
    onChange: () => void service?.changed(),
    passphraseHooks: { before: (n) => service!.passphraseHooks.before(n), after: (n) => service!.passphraseHooks.after(n) },
  });
  const schedule = (): SyncSchedule => ({ soon: () => undefined, at: async () => undefined, clear: async () => undefined });
  service = createSyncService({ vault, schedule, now: clock.now });
  sync = service;
  await vault.setPassphrase(null, PASSPHRASE);
  for (const name of ['Acme', 'Globex']) await vault.addAccount(account({ issuer: name, account: `${name.toLowerCase()}@example.com` }), EXAMPLE);
  await sync.enable();
});

/** What storage.sync holds, opened with the passphrase. */
async function synced(): Promise<SyncAccount[]> {
  const items = await fakeBrowser.storage.sync.get(null);
  return unpackVault(items, await deriveChunkKey(await openHeader(items.k, PASSPHRASE)));
}

/** Another browser's write: the synced accounts changed by `edit`, sealed as that browser would. */
async function remoteWrite(edit: (accounts: SyncAccount[]) => SyncAccount[]): Promise<void> {
  const items = await fakeBrowser.storage.sync.get(null);
  const key = await deriveChunkKey(await openHeader(items.k, PASSPHRASE));
  const packed = await packVault(edit(await unpackVault(items, key)), items.k as SyncHeader, key);
  await fakeBrowser.storage.sync.clear();
  await fakeBrowser.storage.sync.set(packed.items);
}

/** Every account record as IndexedDB holds it. */
async function localRecords(): Promise<unknown> {
  return ((await snapshot()) as { accounts: unknown }).accounts;
}

/** Counts storage.sync writes from here on. */
function countWrites() {
  const set = vi.spyOn(fakeBrowser.storage.sync, 'set');
  const remove = vi.spyOn(fakeBrowser.storage.sync, 'remove');
  return () => set.mock.calls.length + remove.mock.calls.length;
}

describe('a hostile or damaged header (k)', () => {
  for (const [what, k] of [
    ['not an object', 'AAAA'],
    ['of a newer format version', { v: 2, kdf: { N: 32768, r: 8, p: 1, salt: 'AAAA' }, iv: 'AAAA', key: 'AAAA' }],
    ['truncated (no wrapped key)', { v: 1, kdf: { N: 32768, r: 8, p: 1, salt: 'AAAA' } }],
  ] as const) {
    it(`${what}: the round says the synced copy is damaged (not that the passphrase changed), writes nothing and changes nothing here`, async () => {
      await fakeBrowser.storage.sync.set({ k });
      const items = await fakeBrowser.storage.sync.get(null);
      const local = await localRecords();
      const writes = countWrites();
      await sync.run();
      await sync.run();
      const status = await sync.status();
      expect(status).toMatchObject({ enabled: true, passphraseChanged: false });
      expect(status.error).toMatch(/^\[sync_format\] /);
      expect(writes()).toBe(0);
      expect(await fakeBrowser.storage.sync.get(null)).toEqual(items);
      expect(await localRecords()).toEqual(local);
    });
  }
});

describe('storage.sync hands objects back with their keys sorted, as Chrome does', () => {
  /** The same value with every object's keys in sorted order (Chrome's storage keeps values as sorted dictionaries). */
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])]))
        : value;

  it('the browser that published k neither takes it back for a passphrase change nor writes it again', async () => {
    const { k } = await fakeBrowser.storage.sync.get('k');
    expect(JSON.stringify(sorted(k))).not.toBe(JSON.stringify(k)); // the attack needs another order
    expect(isOwnChange({ k: { newValue: sorted(k) } })).toBe(true);
    await fakeBrowser.storage.sync.set({ k: sorted(k) });
    const writes = countWrites();
    await sync.run();
    expect(await sync.status()).toMatchObject({ enabled: true, passphraseChanged: false, error: null });
    expect(writes()).toBe(0);
  });

  it('nor after changing the passphrase here', async () => {
    await vault.setPassphrase(PASSPHRASE, 'a brand new passphrase');
    await sync.run();
    const { k } = await fakeBrowser.storage.sync.get('k');
    await fakeBrowser.storage.sync.set({ k: sorted(k) });
    await sync.run();
    expect(await sync.status()).toMatchObject({ enabled: true, passphraseChanged: false, error: null });
  });
});

describe('replayed, swapped and foreign items', () => {
  it('a rolled-back storage.sync (an older copy replayed) neither undoes a rename nor brings a deleted account back', async () => {
    const [acme, globex] = (await vault.list()).accounts;
    const old = await fakeBrowser.storage.sync.get(null);
    clock.advance(1000);
    await vault.rename(acme!.id, 'Acme renamed', acme!.account);
    await vault.remove(globex!.id);
    await sync.run();
    await fakeBrowser.storage.sync.clear();
    await fakeBrowser.storage.sync.set(old);
    await sync.run();
    const { accounts, deleted } = await vault.list();
    expect(accounts.map((a) => a.issuer)).toEqual(['Acme renamed']);
    expect(deleted.map((a) => a.id)).toEqual([globex!.id]);
    // And the round put the newer state back for the other browsers.
    const published = await synced();
    expect(published.find((a) => a.id === acme!.id)?.names.value.issuer).toBe('Acme renamed');
    expect(published.find((a) => a.id === globex!.id)?.deletedAt.value).toEqual(expect.any(Number));
  });

  it('chunks swapped between keys (c0 <-> c1) lose nothing, and once rewritten the next round writes nothing', async () => {
    await vault.addAccounts(
      Array.from({ length: 150 }, (_, i) => ({ params: account({ issuer: `Service ${i}`, account: `user${i}@mail${i}.example` }), binding: EXAMPLE })),
    );
    await sync.run();
    const { c0, c1 } = await fakeBrowser.storage.sync.get(['c0', 'c1']);
    expect(typeof c0 === 'string' && typeof c1 === 'string').toBe(true);
    await fakeBrowser.storage.sync.set({ c0: c1, c1: c0 });
    const local = await localRecords();
    await sync.run();
    expect(await sync.status()).toMatchObject({ error: null, accounts: 152 });
    expect(await localRecords()).toEqual(local);
    expect(await synced()).toHaveLength(152);
    const writes = countWrites();
    await sync.run();
    expect(writes()).toBe(0);
  });

  it('an item sync does not own is left alone and is no error', async () => {
    await fakeBrowser.storage.sync.set({ 'someone-else': { any: 'thing' }, c_notes: 'x' });
    const writes = countWrites();
    await sync.run();
    expect(await sync.status()).toMatchObject({ error: null, passphraseChanged: false });
    expect(writes()).toBe(0);
    expect(await fakeBrowser.storage.sync.get(['someone-else', 'c_notes'])).toEqual({ 'someone-else': { any: 'thing' }, c_notes: 'x' });
  });
});

describe('another browser replaced the synced vault with an empty one (sync turned off with the copy wiped, then on again)', () => {
  it('this browser writes nothing under a header it cannot open, and joining the new vault publishes every account of this one', async () => {
    const otherRoot = crypto.getRandomValues(new Uint8Array(32));
    await fakeBrowser.storage.sync.clear();
    await fakeBrowser.storage.sync.set({ k: await sealHeader(otherRoot, PASSPHRASE) });
    const items = await fakeBrowser.storage.sync.get(null);
    const writes = countWrites();
    await sync.run();
    expect(writes()).toBe(0);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual(items);
    expect(await sync.join(PASSPHRASE)).toMatchObject({ enabled: true, accounts: 2, error: null, passphraseChanged: false });
    const published = await synced();
    expect(published.map((a) => a.names.value.issuer).sort()).toEqual(['Acme', 'Globex']);
  });
});

describe('a vault that fits only without some of its deleted accounts', () => {
  it('keeps the newest deletes in the synced copy (the other browsers have not seen them yet), leaving out the oldest first', async () => {
    const added = await vault.addAccounts(
      Array.from({ length: 880 }, (_, i) => ({
        params: account({ issuer: `Service ${i}`, account: `user${i}@mail${i}.example` }),
        binding: { origin: `https://login.service${i}.example`, site: `service${i}.example` },
      })),
    );
    for (const { account: a } of added.slice(0, 200)) await vault.remove(a.id);
    clock.advance(60_000);
    const latest = added[200]!.account;
    await vault.remove(latest.id); // deleted last: no other browser knows yet
    await sync.run();
    expect(await sync.status()).toMatchObject({ enabled: true, tooBig: false, accounts: 681, error: null });
    const published = await synced();
    expect(published.filter((a) => a.deletedAt.value === null)).toHaveLength(681);
    // Without the tombstone, a browser that still has the account would publish it again, and this one remove it again: writes for ever.
    expect(published.find((a) => a.id === latest.id)?.deletedAt.value).toEqual(expect.any(Number));
    const writes = countWrites();
    await sync.run();
    expect(writes()).toBe(0);
  });
});

describe('a damaged chunk', () => {
  for (const [what, damage] of [
    ['not base64', () => '%%% not base64 %%%'],
    ['truncated', (c0: string) => c0.slice(0, c0.length - 9)],
    ['not text', () => 42],
    ['one character changed (the ciphertext no longer authenticates)', (c0: string) => `${c0.slice(0, 40)}${c0[40] === 'A' ? 'B' : 'A'}${c0.slice(41)}`],
  ] as const) {
    it(`${what}: the round reports sync_format, merges nothing and writes nothing, however often it runs`, async () => {
      const { c0 } = await fakeBrowser.storage.sync.get('c0');
      await fakeBrowser.storage.sync.set({ c1: damage(c0 as string) });
      const items = await fakeBrowser.storage.sync.get(null);
      const [acme] = (await vault.list()).accounts;
      clock.advance(1000);
      await vault.rename(acme!.id, 'Acme renamed here', acme!.account); // a change waiting to be synced
      const local = await localRecords();
      const writes = countWrites();
      for (let i = 0; i < 3; i++) await sync.run();
      expect((await sync.status()).error).toMatch(/^\[sync_format\] /);
      expect(writes()).toBe(0);
      expect(await fakeBrowser.storage.sync.get(null)).toEqual(items);
      expect(await localRecords()).toEqual(local);
      expect(await vault.syncDirty()).toBe(true); // kept for when the copy is readable again
    });
  }
});

describe('sync stopped by another browser', () => {
  it('keeping it off here clears the message, and the vault stays whole', async () => {
    await fakeBrowser.storage.sync.clear();
    await sync.run();
    expect((await sync.status()).error).toMatch(/^\[sync_removed\] /);
    expect(await sync.disable({ wipeRemote: false })).toMatchObject({ enabled: false, joinable: false, error: null });
    expect((await vault.list()).accounts).toHaveLength(2);
  });
});

describe('a local account whose record is damaged', () => {
  it('keeps its synced copy: the round neither removes it from storage.sync nor writes at all', async () => {
    const [acme] = (await vault.list()).accounts;
    const { openDB } = await import('idb');
    const db = await openDB('authenticator-vault');
    const record = await db.get('accounts', acme!.id);
    // The secret no longer opens under this vault's key (a bit flipped on disk).
    const data = (record.secret.data as Uint8Array).slice();
    data[0] = data[0]! ^ 1;
    await db.put('accounts', { ...record, secret: { ...record.secret, data } });
    db.close();
    const before = await fakeBrowser.storage.sync.get(null);
    const writes = countWrites();
    await sync.run();
    expect(writes()).toBe(0);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual(before);
    expect((await synced()).map((a) => a.id)).toContain(acme!.id);
  });
});

describe('turning sync off and joining again', () => {
  it('an edit made elsewhere meanwhile still wins over this browser\'s older value (the newer edit of a field wins)', async () => {
    const [acme] = (await vault.list()).accounts;
    clock.advance(60_000);
    await sync.disable({ wipeRemote: false });
    clock.advance(60_000);
    // Another browser renames it.
    const renamedAt = clock.now();
    await remoteWrite((accounts) =>
      accounts.map((a) => (a.id === acme!.id ? { ...a, names: { value: { issuer: 'Acme (renamed elsewhere)', account: a.names.value.account }, at: renamedAt } } : a)),
    );
    clock.advance(60_000);
    // Here, with sync off, the user pins it: a later edit, but of another field.
    await vault.pin(acme!.id, true);
    clock.advance(60_000);
    await sync.join(PASSPHRASE);
    const mine = (await vault.list()).accounts.find((a) => a.id === acme!.id)!;
    expect(mine).toMatchObject({ issuer: 'Acme (renamed elsewhere)', pinned: true });
    const theirs = (await synced()).find((a) => a.id === acme!.id)!;
    expect(theirs.names.value.issuer).toBe('Acme (renamed elsewhere)');
    expect(theirs.pinned.value).toBe(true);
  });
});

describe('events in the middle of a round', () => {
  it('a vault reset while a round merges: the fresh vault gets nothing from it (no account sealed with a forgotten key)', async () => {
    // Another browser added an account: the round will write it here.
    const [anyone] = await synced();
    await remoteWrite((accounts) => [...accounts, { ...anyone!, id: crypto.randomUUID(), twin: 'another-twin', names: { value: { issuer: 'Initech', account: 'i@example.com' }, at: clock.now() } }]);
    const read = vault.localAccounts.bind(vault);
    vi.spyOn(vault, 'localAccounts').mockImplementationOnce(async () => {
      const result = await read();
      await vault.reset();
      return { ...result, accounts: [] }; // what a round reading just after the reset would merge
    });
    await sync.run();
    expect(await vault.status()).toMatchObject({ hasPassphrase: false, accountCount: 0 });
    expect(await sync.status()).toMatchObject({ enabled: false });
    const { openDB } = await import('idb');
    const db = await openDB('authenticator-vault');
    expect(await db.getAll('accounts')).toEqual([]);
    db.close();
  });

  it('a lock in the middle of a round is no failure: the status shows no error, and the round runs after the unlock', async () => {
    const [acme] = (await vault.list()).accounts;
    clock.advance(1000);
    await vault.rename(acme!.id, 'Acme renamed', acme!.account);
    const read = vault.localAccounts.bind(vault);
    vi.spyOn(vault, 'localAccounts').mockImplementationOnce(async () => {
      const result = await read();
      await vault.lock();
      return result;
    });
    await sync.run();
    expect(await sync.status()).toMatchObject({ enabled: true, error: null });
    expect(await vault.syncDirty()).toBe(true);
    await vault.unlock(PASSPHRASE);
    await sync.run();
    expect((await synced()).find((a) => a.id === acme!.id)?.names.value.issuer).toBe('Acme renamed');
  });
});
