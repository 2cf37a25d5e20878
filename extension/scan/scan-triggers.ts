/**
 * The ways to start a scan besides the popup's button: the page's context menu and the
 * keyboard command declared in the manifest (wxt.config.ts). Both may ask the user to drag a
 * rectangle; errors are shown in the page by the scan itself.
 */
import { browser } from 'wxt/browser';
import type { ScanService } from './scan-service';

/** The manifest command and the context-menu item share this id. */
export const SCAN_TRIGGER_ID = 'scan-qr-code';
export const SCAN_TRIGGER_TITLE = 'Scan QR code on this page';

/** Registers the menu item (on install) and the listeners (call at the worker's top level). */
export function installScanTriggers(scanner: Pick<ScanService, 'scan'>): void {
  const start = (tabId: number | undefined) => {
    scanner.scan(tabId, { interactive: true }).catch(() => undefined);
  };
  browser.runtime.onInstalled.addListener(() => {
    void browser.contextMenus.removeAll().then(() =>
      browser.contextMenus.create({ id: SCAN_TRIGGER_ID, title: SCAN_TRIGGER_TITLE, contexts: ['page', 'image', 'frame', 'link', 'selection'] }),
    );
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === SCAN_TRIGGER_ID) start(tab?.id);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === SCAN_TRIGGER_ID) start(tab?.id);
  });
}
