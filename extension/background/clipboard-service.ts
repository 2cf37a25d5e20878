/**
 * Clears a copied code from the clipboard 30 s later, only if the clipboard still holds it.
 * Chrome's service worker has no clipboard, so an offscreen document does the work; Firefox's
 * background is a page and does it itself, woken by an alarm (clear-clipboard-by-alarm.ts).
 */
import { browser } from 'wxt/browser';
import { sendToOffscreen } from '../messaging';
import { clearClipboardByAlarm, listenForClipboardAlarm } from './clear-clipboard-by-alarm';

export const CLIPBOARD_CLEAR_DELAY_MS = 30_000;
const OFFSCREEN_PATH = '/offscreen.html';

export type ClipboardService = {
  /** `text` was just copied: clear it in 30 s unless something else was copied since. */
  scheduleClear(text: string): Promise<void>;
  /** The offscreen document finished: close it. */
  done(): Promise<void>;
};

export function createClipboardService(): ClipboardService {
  const offscreen = typeof chrome !== 'undefined' ? chrome.offscreen : undefined;
  if (!offscreen) {
    listenForClipboardAlarm();
    return {
      scheduleClear: (text) => clearClipboardByAlarm(text, CLIPBOARD_CLEAR_DELAY_MS),
      async done() {},
    };
  }
  let creating: Promise<void> | null = null;
  async function ensureDocument(): Promise<void> {
    const url = browser.runtime.getURL(OFFSCREEN_PATH);
    // String literals, not chrome.runtime.ContextType / chrome.offscreen.Reason: the same
    // bundle is linted for Firefox, which has neither.
    const existing = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType], documentUrls: [url] });
    if (existing.length > 0) return;
    creating ??= offscreen!
      .createDocument({ url: OFFSCREEN_PATH, reasons: ['CLIPBOARD' as chrome.offscreen.Reason], justification: 'Clear a copied one-time code from the clipboard after 30 seconds.' })
      .finally(() => {
        creating = null;
      });
    await creating;
  }
  return {
    async scheduleClear(text) {
      await ensureDocument();
      await sendToOffscreen('offscreen.clearClipboardLater', { text, delayMs: CLIPBOARD_CLEAR_DELAY_MS });
    },
    async done() {
      await offscreen.closeDocument().catch(() => undefined); // Already closed: nothing to do.
    },
  };
}
