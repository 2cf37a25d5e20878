/**
 * Sync between real Chromium profiles: the transport the tests stand in for (copying one
 * profile's `chrome.storage.sync` into another's, so `storage.onChanged` fires there as after
 * a real sync), and the calls the sync tests make on a profile (automation surface, the
 * extension pages' protocol messages, waiting for a round).
 */
import { expect } from 'vitest';
import type { SyncStatus } from '../../../shared/protocol/automation';
import { generateSecret } from '../../../shared/otp';
import type { ExtensionBrowser } from './chromium';
import { inWorker } from './extension-worker';

export type SyncItems = Record<string, unknown>;

/** Everything in the profile's storage.sync. */
export function syncItems(browser: ExtensionBrowser): Promise<SyncItems> {
  return inWorker(browser.worker, () => chrome.storage.sync.get(null), undefined);
}

/** Replaces the profile's storage.sync with `items` (what a sync service would deliver). */
export async function putSyncItems(browser: ExtensionBrowser, items: SyncItems): Promise<void> {
  await inWorker(
    browser.worker,
    async (items) => {
      const stale = Object.keys(await chrome.storage.sync.get(null)).filter((key) => !(key in items));
      if (stale.length > 0) await chrome.storage.sync.remove(stale);
      if (Object.keys(items).length > 0) await chrome.storage.sync.set(items);
    },
    items,
  );
}

/** The transport: `to` gets what `from` holds in storage.sync, and loses what `from` removed. */
export async function copySync(from: ExtensionBrowser, to: ExtensionBrowser): Promise<void> {
  await putSyncItems(to, await syncItems(from));
}

/** `authenticator.sync(...)` in the profile; a rejection comes back as its message. */
export function sync(browser: ExtensionBrowser, action: 'status' | 'enable'): Promise<SyncStatus>;
export function sync(browser: ExtensionBrowser, action: 'join' | 'enable', passphrase: string): Promise<SyncStatus | string>;
export function sync(browser: ExtensionBrowser, action: 'disable', options: { wipeRemote: boolean }): Promise<SyncStatus>;
export function sync(browser: ExtensionBrowser, action: string, argument?: unknown): Promise<unknown> {
  return inWorker(
    browser.worker,
    async ({ action, argument }) => {
      try {
        return await (globalThis.authenticator!.sync as (action: string, argument?: unknown) => Promise<unknown>)(action, argument);
      } catch (error) {
        return (error as Error).message;
      }
    },
    { action, argument },
    60_000,
  );
}

/** The active accounts, as the automation surface lists them. */
export function accounts(browser: ExtensionBrowser) {
  return inWorker(browser.worker, () => globalThis.authenticator!.accounts(), undefined, 30_000);
}

/** The whole vault as the extension's pages see it (order, pins, deletions), without ids' order mattering. */
export async function vaultView(browser: ExtensionBrowser) {
  const list = await message<{ accounts: Array<Record<string, unknown>>; deleted: Array<Record<string, unknown>> }>(browser, 'vault.list');
  const strip = ({ id, issuer, account, origin, site, pinned, order, deletedAt }: Record<string, unknown>) => ({ id, issuer, account, origin, site, pinned, order, deletedAt });
  const byId = (x: { id?: unknown }, y: { id?: unknown }) => String(x.id).localeCompare(String(y.id));
  return { accounts: list.accounts.map(strip).sort(byId), deleted: list.deleted.map(strip).sort(byId) };
}

/** A protocol message from one of the extension's own pages (what the options page sends). */
export async function message<T>(browser: ExtensionBrowser, name: string, data?: unknown): Promise<T> {
  const page = browser.context.pages().find((p) => p.url().startsWith(`chrome-extension://${browser.extensionId}/`)) ?? (await openExtensionPage(browser));
  const reply = (await page.evaluate(([name, data]) => chrome.runtime.sendMessage({ channel: 'authenticator', name, data }), [name, data] as const)) as {
    result?: T;
    error?: { code: string; message: string };
  };
  if (reply.error) throw new Error(`[${reply.error.code}] ${reply.error.message}`);
  return reply.result as T;
}

async function openExtensionPage(browser: ExtensionBrowser) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  return page;
}

/** Imports `count` accounts through the import path (one transaction), each bound to its own site. */
export async function importAccounts(browser: ExtensionBrowser, from: number, count: number): Promise<void> {
  const uris = Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return `otpauth://totp/Service%20${n}:user${n}%40mail${n}.example?secret=${generateSecret(20)}&issuer=Service%20${n}`;
  });
  const preview = await message<{ id: string; toAdd: Array<{ where: string }> }>(browser, 'backup.preview', { text: uris.join('\n') });
  expect(preview.toAdd).toHaveLength(count);
  const sites = Object.fromEntries(preview.toAdd.map((entry, i) => [entry.where, `https://login.service${from + i}.example/`]));
  await message(browser, 'backup.commit', { id: preview.id, sites });
}

/** Waits until the browser's last round finished after `since` (its own write is done). */
export async function syncedAfter(browser: ExtensionBrowser, since: number): Promise<SyncStatus> {
  let status!: SyncStatus;
  await expect
    .poll(
      async () => {
        status = await sync(browser, 'status');
        return (status.lastSyncedAt ?? 0) > since || status.tooBig || status.error !== null;
      },
      { timeout: 30_000, interval: 200 },
    )
    .toBe(true);
  return status;
}
