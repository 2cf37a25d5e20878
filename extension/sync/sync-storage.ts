/**
 * The browser's `storage.sync` as sync uses it: read everything, write only what changed
 * (one `set` for the changed items, one `remove` for stale chunks), count the bytes, and
 * tell sync's own writes apart from another browser's. Everything written here is already
 * ciphertext or the passphrase-wrapped key (sync-format.ts): the provider stores it, and by
 * default Chrome lets the extension's content scripts read it too (restrictSyncStorage).
 */
import { browser } from 'wxt/browser';
import { HEADER_KEY, isChunkKey, itemBytes } from './sync-format';

export type SyncItems = Record<string, unknown>;

/** Everything in storage.sync. */
export async function readSyncItems(): Promise<SyncItems> {
  return (await browser.storage.sync.get(null)) as SyncItems;
}

/**
 * A value as comparable text, whatever the order of its objects' keys: Chrome hands storage
 * values back with their keys sorted, so `k` read back never has the order it was written in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((key) => [key, (v as Record<string, unknown>)[key]]))
      : v,
  );
}

/** What a write must change to turn `current` into `next` (sync's keys only). */
export function diffItems(current: SyncItems, next: SyncItems): { set: SyncItems; remove: string[] } {
  const set: SyncItems = {};
  for (const [key, value] of Object.entries(next)) {
    if (canonicalJson(current[key]) !== canonicalJson(value)) set[key] = value;
  }
  const remove = Object.keys(current).filter((key) => isSyncKey(key) && !(key in next));
  return { set, remove };
}

/** The keys sync owns in storage.sync. */
export function isSyncKey(key: string): boolean {
  return key === HEADER_KEY || isChunkKey(key);
}

/** Remembers sync's own last write, so the change event it causes here is not taken for another browser's. */
const ownWrites = new Map<string, string | null>();

/** Writes the difference; the set first, so a reader in between sees at worst extra (older) chunks, which merge harmlessly. */
export async function writeSyncItems(diff: { set: SyncItems; remove: string[] }): Promise<void> {
  for (const [key, value] of Object.entries(diff.set)) ownWrites.set(key, canonicalJson(value));
  for (const key of diff.remove) ownWrites.set(key, null);
  if (Object.keys(diff.set).length > 0) await browser.storage.sync.set(diff.set);
  if (diff.remove.length > 0) await browser.storage.sync.remove(diff.remove);
}

/** Removes every item sync owns (turning sync off with `wipeRemote`). */
export async function wipeSyncItems(): Promise<void> {
  const keys = Object.keys(await readSyncItems()).filter(isSyncKey);
  for (const key of keys) ownWrites.set(key, null);
  if (keys.length > 0) await browser.storage.sync.remove(keys);
}

type Change = { newValue?: unknown };

/** Whether a storage.sync change event is only sync's own last write here. */
export function isOwnChange(changes: Record<string, Change>): boolean {
  return Object.entries(changes).every(([key, change]) => {
    if (!isSyncKey(key)) return true;
    if (!ownWrites.has(key)) return false;
    const expected = ownWrites.get(key);
    return change.newValue === undefined ? expected === null : expected === canonicalJson(change.newValue);
  });
}

/** Bytes sync's items take, as the browser counts its quota (getBytesInUse where there is one). */
export async function syncBytesInUse(items?: SyncItems): Promise<number> {
  const area = browser.storage.sync as { getBytesInUse?: (keys: string[] | null) => Promise<number> };
  const all = items ?? (await readSyncItems());
  const keys = Object.keys(all).filter(isSyncKey);
  if (typeof area.getBytesInUse === 'function') {
    try {
      return await area.getBytesInUse(keys);
    } catch {
      // Not implemented here (some test browsers): count as the quota does.
    }
  }
  return keys.reduce((sum, key) => sum + itemBytes(key, all[key]), 0);
}

/**
 * Keeps storage.sync away from content scripts (Chrome lets them read it by default; checked
 * on Chromium 150). Defence in depth: everything there is ciphertext anyway. Browsers without
 * `setAccessLevel` for this area (Firefox) refuse or lack it: nothing to do there.
 */
export async function restrictSyncStorage(): Promise<void> {
  const area = browser.storage.sync as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  try {
    await area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch {
    // Not supported for this area here.
  }
}
