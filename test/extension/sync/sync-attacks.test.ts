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
import { deriveChunkKey, openHeader, packVault, unpackVault, type SyncHeader } from '../../../extension/sync/sync-format';
import type { SyncAccount } from '../../../extension/sync/sync-account';
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
