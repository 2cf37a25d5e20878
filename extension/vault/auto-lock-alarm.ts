/**
 * The auto-lock alarm: `alarms` survive a stopped service worker, a timer would not. The
 * session key also records its own `lockAt`, so a late alarm can never keep a vault open.
 */
import { browser } from 'wxt/browser';

export const AUTO_LOCK_ALARM = 'vault-auto-lock';

export async function scheduleAutoLock(lockAt: number | null): Promise<void> {
  if (lockAt === null) await browser.alarms.clear(AUTO_LOCK_ALARM);
  else await browser.alarms.create(AUTO_LOCK_ALARM, { when: lockAt });
}

export async function cancelAutoLock(): Promise<void> {
  await browser.alarms.clear(AUTO_LOCK_ALARM);
}
