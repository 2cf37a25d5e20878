/**
 * The fill service wired to the browser: codes go to content scripts over the content
 * channel, tabs come from `tabs`, filled steps live in `storage.session`, and waits for a
 * code a step ahead keep the service worker awake.
 */
import { browser } from 'wxt/browser';
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import { sendToContent } from '../messaging';
import { createFillService, type FillService, type FillVault } from './fill-service';
import { sessionStepStore } from './last-filled-steps';
import { sessionUnlockWaiters } from './unlock-waiters';

/** The unlock window's size when the toolbar popup cannot be opened (no user gesture, no toolbar). */
const UNLOCK_WINDOW = { width: 380, height: 520 };

/** Chrome stops an idle worker after 30 s; an extension API call resets that clock. */
const KEEP_ALIVE_MS = 20_000;

export function createBrowserFillService(vault: FillVault): FillService {
  const service = createFillService({
    vault,
    steps: sessionStepStore(),
    async push(tabId, frameId, code, submit, origin) {
      // `origin` is the one the policy was checked against (never the tab's address read now):
      // the content script fills only if it is still on that origin.
      return (await sendToContent(tabId, { frameId }, 'page.fill', { code, submit, origin })).filled;
    },
    async tab(tabId) {
      const tab =
        tabId === undefined ? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0] : await browser.tabs.get(tabId).catch(() => undefined);
      if (tab?.id === undefined) throw new AuthenticatorError('no_tab', tabId === undefined ? 'There is no active tab to fill.' : `Tab ${tabId} does not exist (any more).`);
      return { id: tab.id, url: tab.url ?? null };
    },
    sleep: keepAliveSleep,
    waiters: sessionUnlockWaiters(),
    async openUnlockView() {
      // The toolbar popup where there is a toolbar to show it in (Chrome 127+ opens it from the
      // background; it refuses without a focused window). Headless Chromium has no toolbar: it
      // would open the popup where no one, and no test, can reach it.
      if (!/HeadlessChrome/.test(navigator.userAgent)) {
        try {
          await browser.action.openPopup();
          return;
        } catch {
          // Refused (no focused window, another popup open): the window below instead.
        }
      }
      // A small window with the same view; it closes itself once unlocked.
      await browser.windows.create({ url: browser.runtime.getURL('/popup.html?unlock=1'), type: 'popup', focused: true, ...UNLOCK_WINDOW });
    },
    async notifyUnlocked({ tabId, frameId, origin }) {
      await sendToContent(tabId, { frameId }, 'page.unlocked', { origin });
    },
  });
  browser.tabs.onRemoved.addListener((tabId) => service.forgetTab(tabId));
  return service;
}

async function keepAliveSleep(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(KEEP_ALIVE_MS, until - Date.now())));
    await browser.runtime.getPlatformInfo().catch(() => undefined);
  }
}
