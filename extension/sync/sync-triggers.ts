/**
 * What starts a sync round: a vault change (debounced, with an alarm behind the timer so a
 * worker Chrome stops meanwhile still syncs), another browser's write (`storage.onChanged`,
 * area `sync`), a retry after a quota error (an alarm), and the worker starting with a change
 * left unsynced. Install once, synchronously, when the background starts.
 */
import { browser } from 'wxt/browser';
import type { SyncSchedule, SyncService } from './sync-service';
import { isOwnChange, restrictSyncStorage } from './sync-storage';

export const SYNC_ALARM = 'sync-run';
/**
 * Changes closer together than this are written in one batch. A round writes at most twice
 * (set, remove): at most 80 writes a minute, under Chrome's 120 (MAX_WRITE_OPERATIONS_PER_MINUTE).
 */
const DEBOUNCE_MS = 1500;
/** The alarm behind the debounce timer, for a worker stopped before the timer fired. */
const SAFETY_MS = 60_000;

export function browserSyncSchedule(run: () => Promise<void>): SyncSchedule {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const runLogged = () => void run().catch((error: unknown) => console.error('[authenticator] sync round failed', error));
  return {
    soon() {
      clearTimeout(timer);
      timer = setTimeout(runLogged, DEBOUNCE_MS);
      void browser.alarms.create(SYNC_ALARM, { when: Date.now() + SAFETY_MS });
    },
    async at(when) {
      await browser.alarms.create(SYNC_ALARM, { when });
    },
    async clear() {
      await browser.alarms.clear(SYNC_ALARM);
    },
  };
}

export function installSyncTriggers(sync: SyncService): void {
  void restrictSyncStorage();
  const runLogged = () => void sync.run().catch((error: unknown) => console.error('[authenticator] sync round failed', error));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) runLogged();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync' && !isOwnChange(changes)) runLogged();
  });
  void sync.resume().catch((error: unknown) => console.error('[authenticator] sync could not resume', error));
}
