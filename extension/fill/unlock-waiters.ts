/**
 * Page frames waiting for the vault to unlock: their user clicked "Unlock to fill" on a code
 * field. After the next unlock (popup, unlock window or `authenticator.unlock`) each is told
 * to fill again. Kept in `storage.session` so a worker stopped while the user types the
 * passphrase still knows; a handful at most, the newest kept.
 */
import { browser } from 'wxt/browser';

export type UnlockWaiter = { tabId: number; frameId: number; origin: string };

export type UnlockWaiters = {
  add(waiter: UnlockWaiter): Promise<void>;
  /** Every waiter, removed from the store. */
  take(): Promise<UnlockWaiter[]>;
};

const KEY = 'fill.unlockWaiters';
const LIMIT = 20;

const same = (a: UnlockWaiter, b: UnlockWaiter) => a.tabId === b.tabId && a.frameId === b.frameId;

export function sessionUnlockWaiters(): UnlockWaiters {
  const read = async (): Promise<UnlockWaiter[]> => {
    const stored = (await browser.storage.session.get(KEY))[KEY];
    return Array.isArray(stored) ? (stored as UnlockWaiter[]) : [];
  };
  return {
    async add(waiter) {
      const list = [...(await read()).filter((w) => !same(w, waiter)), waiter].slice(-LIMIT);
      await browser.storage.session.set({ [KEY]: list });
    },
    async take() {
      const list = await read();
      if (list.length > 0) await browser.storage.session.remove(KEY);
      return list;
    },
  };
}

/** For tests. */
export function memoryUnlockWaiters(): UnlockWaiters {
  let list: UnlockWaiter[] = [];
  return {
    add: async (waiter) => void (list = [...list.filter((w) => !same(w, waiter)), waiter].slice(-LIMIT)),
    take: async () => {
      const taken = list;
      list = [];
      return taken;
    },
  };
}
