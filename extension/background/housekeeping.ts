/**
 * Background upkeep: keep storage.session to trusted contexts, lock when the auto-lock alarm
 * fires or the browser restarts, and purge accounts deleted more than 30 days ago.
 */
import { browser } from 'wxt/browser';
import { AUTO_LOCK_ALARM, restrictSessionStorage, type Vault } from '../vault';

export const PURGE_ALARM = 'vault-purge-deleted';

export function startHousekeeping(vault: Vault): void {
  void restrictSessionStorage().catch((error: unknown) => console.error('[authenticator] could not restrict storage.session', error));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === AUTO_LOCK_ALARM) void vault.autoLock().catch((error: unknown) => console.error('[authenticator] auto-lock failed', error));
    if (alarm.name === PURGE_ALARM) void vault.purgeDeleted().catch((error: unknown) => console.error('[authenticator] purge failed', error));
  });
  browser.runtime.onStartup.addListener(() => {
    // storage.session is already empty after a browser restart; lock explicitly anyway.
    void vault.autoLock(true).catch(() => undefined);
  });
  void browser.alarms.create(PURGE_ALARM, { delayInMinutes: 1, periodInMinutes: 24 * 60 });
}
