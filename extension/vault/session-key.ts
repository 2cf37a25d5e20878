/**
 * Where an unlocked vault key lives: `storage.session`, which is memory only, cleared when
 * the browser restarts, and (with TRUSTED_CONTEXTS access) out of content scripts' reach. A
 * service worker that Chrome stopped and restarted therefore stays unlocked until auto-lock.
 */
import { browser } from 'wxt/browser';
import { fromBase64Url, toBase64Url } from './vault-crypto';

const SESSION_ITEM = 'vault.unlockedKey';

export type SessionKey = {
  key: Uint8Array<ArrayBuffer>;
  /** ms since the epoch after which the key must not be used; null: until the browser restarts. */
  lockAt: number | null;
};

type Stored = { key: string; lockAt: number | null };

/** Keeps storage.session away from content scripts (Chrome's default, said out loud). */
export async function restrictSessionStorage(): Promise<void> {
  const session = browser.storage.session as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  // Firefox has no setAccessLevel: there storage.session is never exposed to content scripts.
  await session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}

export async function readSessionKey(): Promise<SessionKey | null> {
  const stored = (await browser.storage.session.get(SESSION_ITEM))[SESSION_ITEM] as Stored | undefined;
  if (!stored || typeof stored.key !== 'string') return null;
  return { key: fromBase64Url(stored.key), lockAt: typeof stored.lockAt === 'number' ? stored.lockAt : null };
}

export async function writeSessionKey(value: SessionKey): Promise<void> {
  const stored: Stored = { key: toBase64Url(value.key), lockAt: value.lockAt };
  await browser.storage.session.set({ [SESSION_ITEM]: stored });
}

export async function clearSessionKey(): Promise<void> {
  await browser.storage.session.remove(SESSION_ITEM);
}
