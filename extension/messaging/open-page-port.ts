/**
 * The port an extension page holds open while it is open. The browser disconnects it when the
 * page closes; the worker (extension/background/open-pages.ts) then stops the long reads that
 * page asked for, so a closed popup's whole-list read does not hold up the next popup.
 */
import { browser } from 'wxt/browser';

/** The port's name: the worker tracks only ports of this name. */
export const OPEN_PAGE_PORT = 'open-page';

/** Called once by an extension page at start; the port lives as long as the page. */
export function holdOpenPagePort(): void {
  browser.runtime.connect({ name: OPEN_PAGE_PORT });
}
