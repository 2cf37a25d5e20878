/**
 * Firefox's clipboard clearing. Its background is an event page that may be stopped when
 * idle, well before 30 s are up, and a stopped page's timer never fires. An alarm survives
 * the stop and wakes the page; the copied code waits for it in storage.session (memory only,
 * trusted contexts only), so the page that wakes knows what to compare.
 */
import { browser } from 'wxt/browser';
import { clearIfUnchanged } from '../offscreen/clear-clipboard-later';

export const CLIPBOARD_CLEAR_ALARM = 'clipboard-clear';
const PENDING_KEY = 'clipboardClearPending';

/** Clears `text` from the clipboard after `delayMs` unless it changed; a newer copy replaces an older one. */
export async function clearClipboardByAlarm(text: string, delayMs: number): Promise<void> {
  await browser.storage.session.set({ [PENDING_KEY]: text });
  await browser.alarms.create(CLIPBOARD_CLEAR_ALARM, { when: Date.now() + delayMs });
}

/** Listens for the alarm; call once, synchronously, when the background starts (so the alarm wakes it). */
export function listenForClipboardAlarm(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== CLIPBOARD_CLEAR_ALARM) return;
    void clearPending().catch((error: unknown) => console.error('[authenticator] clearing the clipboard failed', error));
  });
}

async function clearPending(): Promise<void> {
  const { [PENDING_KEY]: text } = await browser.storage.session.get(PENDING_KEY);
  await browser.storage.session.remove(PENDING_KEY);
  if (typeof text === 'string') await clearIfUnchanged(text);
}
