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
