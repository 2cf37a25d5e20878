/**
 * The toolbar button says whether the vault is locked: the grey padlock icon and a "locked"
 * title while it is, the blue clock otherwise. The state is recomputed from the vault at
 * start-up and whenever it may have changed: a lock, unlock or passphrase message, and any
 * change to storage.session (where the unlocked key lives, so auto-lock shows too).
 */
import { browser } from 'wxt/browser';
import type { Vault } from '../vault';
import type { Route } from './route-message';

const SIZES = [16, 32, 48, 96, 128] as const;
const iconSet = (prefix: string) => Object.fromEntries(SIZES.map((size) => [size, `/icons/${prefix}${size}.png`]));

export const TOOLBAR_TITLE = 'Phone-free Authenticator';
export const TOOLBAR_TITLE_LOCKED = 'Phone-free Authenticator (locked): click to unlock';

/** Messages after which the lock state may differ. */
const LOCK_MESSAGES = new Set(['vault.lock', 'vault.unlock', 'vault.setPassphrase', 'vault.reset']);

/** Shows the vault's lock state on the toolbar button now and after every change; returns `route`, refreshing after lock messages. */
export function showLockStateOnToolbar(vault: Vault, route: Route): Route {
  let shown: boolean | null = null;
  let queue = Promise.resolve();
  const refresh = () => {
    // One refresh at a time, so two quick changes cannot paint out of order.
    queue = queue.then(async () => {
      const { locked } = await vault.status();
      if (locked === shown) return;
      await Promise.all([
        browser.action.setIcon({ path: iconSet(locked ? 'locked-' : '') }),
        browser.action.setTitle({ title: locked ? TOOLBAR_TITLE_LOCKED : TOOLBAR_TITLE }),
      ]);
      shown = locked;
    }).catch((error: unknown) => console.error('[authenticator] could not update the toolbar button', error));
    return queue;
  };
  void refresh();
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'session') void refresh();
  });
  return async (name, data, caller) => {
    try {
      return await route(name, data, caller);
    } finally {
      if (LOCK_MESSAGES.has(name)) await refresh();
    }
  };
}
