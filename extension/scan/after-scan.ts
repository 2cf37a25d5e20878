/**
 * The one place where "after a scan" happens: every successful scan (page capture, chooser
 * answer after a worker restart, image file) ends by calling `runAfterScan` once. Other
 * features plug in here from the background's wiring, e.g. filling the confirmation code into
 * the page the QR came from (extension/fill).
 */
import type { AccountView } from '../../shared/protocol/extension-messages';

export type AfterScanContext = {
  /** The tab the code was scanned in, or the tab the popup acted on for an image file. */
  tabId: number | null;
  /** The page the accounts were bound to. */
  pageUrl: string;
  /** The accounts the scan saved, as the vault returned them (no hook needs to look them up). */
  saved: readonly AccountView[];
};

/** Returns whether it filled a code into the page. A throw is logged and ignored: the account is saved. */
export type AfterScanHook = (context: AfterScanContext) => Promise<{ filled: boolean } | void> | { filled: boolean } | void;

const hooks: AfterScanHook[] = [];

/** Registers `hook` (call it at the background's top level, so it is there after a restart). */
export function onScanSaved(hook: AfterScanHook): () => void {
  hooks.push(hook);
  return () => {
    const index = hooks.indexOf(hook);
    if (index >= 0) hooks.splice(index, 1);
  };
}

/** Runs every hook in order; resolves with whether any of them filled a code. */
export async function runAfterScan(context: AfterScanContext): Promise<boolean> {
  let filled = false;
  for (const hook of hooks) {
    try {
      const result = await hook(context);
      filled ||= !!result?.filled;
    } catch (error) {
      // Never the accounts or codes: only that a hook failed and why.
      console.warn('A step after the scan failed; the account is saved.', (error as Error)?.name, (error as Error)?.message);
    }
  }
  return filled;
}
