/**
 * The extension's tab id of a Playwright `Page`, found from the page itself, never from
 * "whichever tab is active": tests open several pages, and a page must never be able to pass
 * itself off as another.
 *
 * How: the service worker writes each tab's own id into that tab's top frame, in the
 * extension's isolated world (`scripting.executeScript`); then a CDP session on the given page
 * reads it back from the same world. A page's scripts cannot see or change the extension's
 * isolated world, and CDP reads the world of exactly the page it is attached to, so the answer
 * is right even when another page is in front or a hostile page copies anything it can see.
 */
import type { CDPSession, Page, Worker } from 'playwright-core';
import { AuthenticatorError } from '../../../shared/protocol/authenticator-error.js';

/** The global in the extension's isolated world that holds the tab's id. */
const LABEL = '__phoneFreeAuthenticatorTabId';
/** A page mid-navigation may have no extension world yet: a few tries, each after the page settles. */
const ATTEMPTS = 3;

type ExecutionContext = { id: number; origin: string; auxData?: { frameId?: string } };

export type TabFinder = (page: Page) => Promise<number>;

/** Finds tab ids for pages of the browser whose extension worker is `worker()`; remembers each page's. */
export function createTabFinder(worker: () => Promise<Worker>, extensionId: string): TabFinder {
  const known = new WeakMap<Page, number>();
  return async (page) => {
    const remembered = known.get(page);
    if (remembered !== undefined) return remembered;
    if (page.isClosed()) throw new AuthenticatorError('no_tab', 'This page is closed: it has no tab any more.');
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      await labelTabs(await worker());
      const tabId = await readLabel(page, extensionId);
      if (tabId !== null) {
        known.set(page, tabId);
        return tabId;
      }
      await page.waitForLoadState('domcontentloaded').catch(() => undefined);
    }
    throw new AuthenticatorError(
      'no_tab',
      `The extension cannot reach this page (${page.url()}): it works on http and https pages only. Navigate the page to the site first.`,
    );
  };
}

/** Every tab the extension may script gets its own id in the extension's world of its top frame. */
async function labelTabs(worker: Worker): Promise<void> {
  await worker.evaluate(async (label) => {
    const tabs = await chrome.tabs.query({});
    await Promise.all(
      tabs.map((tab) =>
        tab.id === undefined
          ? undefined
          : chrome.scripting
              .executeScript({
                target: { tabId: tab.id, frameIds: [0] },
                func: (key: string, id: number) => {
                  (globalThis as Record<string, unknown>)[key] = id;
                },
                args: [label, tab.id],
              })
              // Pages the extension may not script (chrome://, about:blank, the Web Store) keep no label.
              .catch(() => undefined),
      ),
    );
  }, LABEL);
}

/** The label in the extension's world of the page's top frame, read over CDP; null when absent. */
async function readLabel(page: Page, extensionId: string): Promise<number | null> {
  let session: CDPSession;
  try {
    session = await page.context().newCDPSession(page);
  } catch (cause) {
    throw new AuthenticatorError('not_chromium', 'Finding a page\'s tab needs a Chromium page (a CDP session); this browser has none.', { cause });
  }
  try {
    const contexts: ExecutionContext[] = [];
    session.on('Runtime.executionContextCreated', (event: { context: ExecutionContext }) => contexts.push(event.context));
    const { frameTree } = (await session.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    // Enabling reports every live context before it answers.
    await session.send('Runtime.enable');
    const world = contexts.findLast((c) => c.origin === `chrome-extension://${extensionId}` && c.auxData?.frameId === frameTree.frame.id);
    if (!world) return null;
    const { result } = (await session.send('Runtime.evaluate', { contextId: world.id, expression: `globalThis.${LABEL}`, returnByValue: true })) as {
      result: { value?: unknown };
    };
    return typeof result.value === 'number' && Number.isSafeInteger(result.value) ? result.value : null;
  } finally {
    await session.detach().catch(() => undefined);
  }
}
