/**
 * The scan feature as the background sees it: the scanner wired to the vault (save, bound to
 * the captured page's site) and to the backup feature (Google Authenticator exports), plus
 * the protocol handlers for `scan.run`, `scan.answer` and `scan.image`. Created once per
 * worker start.
 */
import { browser } from 'wxt/browser';
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import type { ScanResult } from '../../shared/protocol/automation';
import type { MigrationScanResult } from '../../shared/protocol/backup';
import type { ScanAnswer } from '../../shared/protocol/scan';
import type { Vault } from '../vault';
import { createScanner, type ScanOptions } from './scan-tab';

export type ScanService = {
  /** Scans `tabId` (the active tab of the last focused window when omitted). */
  scan(tabId: number | undefined, options?: ScanOptions): Promise<ScanResult>;
  /** The in-page UI's answer, from a content script in tab `tabId`. */
  answer(tabId: number, flowId: string, answer: ScanAnswer): Promise<void>;
  /** An image file or pasted image (data: URL), bound to the page in `tabId` when it is a web page. */
  image(dataUrl: string, tabId: number | undefined, options?: { acceptIssuer?: boolean }): Promise<ScanResult>;
};

export function createScanService(deps: {
  vault: Pick<Vault, 'addAccount'>;
  backup?: { scannedMigration(uri: string): Promise<MigrationScanResult> };
}): ScanService {
  const scanner = createScanner({
    addAccount: (params, page) => deps.vault.addAccount(params, page),
    importMigration: deps.backup ? (uri) => deps.backup!.scannedMigration(uri) : undefined,
  });
  return {
    async scan(tabId, options) {
      return scanner.scanTab(tabId ?? (await activeTabId()), options);
    },
    answer: (tabId, flowId, answer) => scanner.answer(tabId, flowId, answer),
    async image(dataUrl, tabId, options) {
      // Bound to the page the popup acts on when that is a web page (the scanner decides).
      const url = tabId === undefined ? null : ((await browser.tabs.get(tabId).catch(() => null))?.url ?? null);
      return scanner.scanImage(dataUrl, { tabId: tabId ?? null, url }, options);
    },
  };
}

async function activeTabId(): Promise<number> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id === undefined) throw new AuthenticatorError('no_tab', 'There is no tab to scan: open the page that shows the QR code first.');
  return tab.id;
}
