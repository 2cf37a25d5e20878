/**
 * Imports waiting for the user's yes, and a Google Authenticator export being scanned code
 * by code, in storage.session: memory only, closed to content scripts, and still there when
 * a stopped service worker wakes up. The accounts (secrets included) stay here, in the
 * background; pages see only `previewView`.
 */
import { browser } from 'wxt/browser';
import type { MigrationBatchState } from '../../shared/migration';
import type { ImportPreviewView } from '../../shared/protocol/backup';
import type { ImportPreview } from './build-preview';

export type PendingImport = { id: string; source: ImportPreviewView['source']; createdAt: number; preview: ImportPreview };

/** An import not committed within this time is dropped. */
export const PENDING_TTL_MS = 30 * 60 * 1000;
/** A half-scanned export is forgotten after this long. */
export const BATCH_TTL_MS = 10 * 60 * 1000;

const PREFIX = 'backup.import.';
const BATCH_KEY = 'backup.migrationBatch';

export async function savePending(pending: PendingImport): Promise<void> {
  await browser.storage.session.set({ [PREFIX + pending.id]: pending });
}

export async function loadPending(id: string, now: number): Promise<PendingImport | null> {
  const key = PREFIX + id;
  const pending = (await browser.storage.session.get(key))[key] as PendingImport | undefined;
  if (!pending) return null;
  if (now - pending.createdAt > PENDING_TTL_MS) {
    await removePending(id);
    return null;
  }
  return pending;
}

export async function removePending(id: string): Promise<void> {
  await browser.storage.session.remove(PREFIX + id);
}

/** Every import still waiting, oldest first; expired ones are removed on the way. */
export async function listPending(now: number): Promise<PendingImport[]> {
  const all = await browser.storage.session.get(null);
  const live: PendingImport[] = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(PREFIX)) continue;
    const pending = value as PendingImport;
    if (now - pending.createdAt > PENDING_TTL_MS) await browser.storage.session.remove(key);
    else live.push(pending);
  }
  return live.sort((a, b) => a.createdAt - b.createdAt);
}

type StoredBatch = { state: MigrationBatchState; startedAt: number };

export async function loadBatch(now: number): Promise<MigrationBatchState | null> {
  const stored = (await browser.storage.session.get(BATCH_KEY))[BATCH_KEY] as StoredBatch | undefined;
  if (!stored || now - stored.startedAt > BATCH_TTL_MS) return null;
  return stored.state;
}

export async function saveBatch(state: MigrationBatchState, startedAt: number): Promise<void> {
  await browser.storage.session.set({ [BATCH_KEY]: { state, startedAt } satisfies StoredBatch });
}

export async function clearBatch(): Promise<void> {
  await browser.storage.session.remove(BATCH_KEY);
}

/** Drops every waiting import and the half-scanned export (the vault locked: their secrets go with the key). */
export async function clearAllPending(): Promise<void> {
  const keys = Object.keys(await browser.storage.session.get(null)).filter((key) => key.startsWith(PREFIX) || key === BATCH_KEY);
  if (keys.length > 0) await browser.storage.session.remove(keys);
}
