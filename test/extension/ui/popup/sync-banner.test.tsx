// @vitest-environment happy-dom
/**
 * The popup's sync line against the real background (vault on fake-indexeddb, the real
 * handler map) through WXT's fake runtime, with the `sync.*` messages answered by a stand-in
 * service (sync-stand-in.ts): a banner only when the user has something to do, the sync status
 * asked for only after the first codes are painted.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { browser } from 'wxt/browser';
import { AuthenticatorError } from '../../../../shared/protocol/authenticator-error';
import { PopupApp } from '../../../../extension/ui/popup/popup-app';
import { Vault } from '../../../../extension/vault';
import { EXAMPLE, account, resetWorld } from '../../vault/vault-test-kit';
import { OFF, answerWithSyncStandIn, syncStandIn, type SyncStandIn } from '../sync/sync-stand-in';
import { button, text, until } from '../ui-test-kit';

let vault: Vault;
let sync: SyncStandIn;
let root: HTMLElement;
/** Whether a code was on screen when each `sync.status` arrived. */
let codeShownAtStatus: boolean[];

beforeEach(async () => {
  resetWorld();
  // The first-paint mark is per page; each test is a fresh popup.
  performance.clearMarks();
  vault = new Vault();
  sync = syncStandIn(vault);
  codeShownAtStatus = [];
  answerWithSyncStandIn(vault, sync, (name) => {
    if (name === 'sync.status') codeShownAtStatus.push(document.querySelector('[data-testid="code"]') !== null);
  });
  await vault.addAccount(account({ issuer: 'GitHub', account: 'octo' }), EXAMPLE);
  await vault.setPassphrase(null, 'correct horse battery staple');
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

const banner = () => document.querySelector('[data-testid="sync-banner"]');

async function mount(): Promise<void> {
  await act(() => render(<PopupApp />, root));
  await until(() => document.querySelector('[data-testid="code"]'), 'the first code');
  await until(() => sync.calls.length > 0, 'the sync status request');
  await act(() => new Promise((r) => setTimeout(r, 20)));
}

describe('the popup sync line', () => {
  it('offers "Join your synced vault", asking for the sync status only after the first code is painted', async () => {
    sync.status = { ...OFF, joinable: true };
    const opened = vi.spyOn(browser.tabs, 'create').mockResolvedValue({} as never);
    await mount();
    expect(codeShownAtStatus).toEqual([true]);
    expect(banner()!.textContent).toContain('Join your synced vault.');
    expect(banner()!.getAttribute('role')).toBe('status');
    await act(() => button('Join', banner()!)!.click());
    expect(opened).toHaveBeenCalledWith({ url: browser.runtime.getURL('/options.html#sync') });
  });

  it.each([
    ['tooBig', { tooBig: true, enabled: true }, /^Sync stopped\. Your vault outgrew the browser’s sync storage; nothing here was lost\. What to do$/],
    ['passphraseChanged', { passphraseChanged: true, enabled: true }, /^Sync paused\. Your passphrase was changed on another browser\. Enter the new one$/],
    ['error', { enabled: true, error: '[sync_damaged] The synced copy cannot be read.' }, /^Sync failed\. The synced copy cannot be read\. Details$/],
    // Turned off elsewhere: nothing failed, it stopped (the worker's words say what to do).
    [
      'stopped by another browser',
      { enabled: false, error: '[sync_removed] Sync was turned off in another browser and the synced copy removed.' },
      /^Sync stopped\. Sync was turned off in another browser and the synced copy removed\. Details$/,
    ],
  ] as const)('shows a one-line banner linking to the options page when %s', async (_, state, expected) => {
    sync.status = { ...OFF, lastSyncedAt: Date.now(), ...state };
    const opened = vi.spyOn(browser.tabs, 'create').mockResolvedValue({} as never);
    await mount();
    expect(banner()!.textContent).toMatch(expected);
    await act(() => banner()!.querySelector('button')!.click());
    expect(opened).toHaveBeenCalledWith({ url: browser.runtime.getURL('/options.html#sync') });
  });

  it('says no more than "Synced" when all is well, and nothing when sync is off', async () => {
    sync.status = { ...OFF, enabled: true, accounts: 1, lastSyncedAt: Date.now() - 120_000, bytes: 500 };
    await mount();
    expect(banner()).toBeNull();
    expect(document.querySelector('[data-testid="sync-line"]')!.textContent).toBe('Synced 2 minutes ago');

    render(null, root);
    sync.status = { ...OFF };
    sync.calls = [];
    await mount();
    expect(banner()).toBeNull();
    expect(document.querySelector('[data-testid="sync-line"]')).toBeNull();
    expect(text()).not.toMatch(/sync/i);
  });

  it('shows the banner when another browser\'s vault arrives while the popup is open', async () => {
    await mount();
    expect(banner()).toBeNull();
    sync.status = { ...OFF, joinable: true };
    await browser.storage.sync.set({ k: 'wrapped key' });
    await until(() => banner(), 'the join banner');
    expect(banner()!.textContent).toContain('Join your synced vault.');
  });

  it('shows nothing, and the popup works, when the worker has no sync', async () => {
    sync.answer = async (name) => {
      throw new AuthenticatorError('unknown_message', `"${name}" is not a message this extension understands.`);
    };
    await act(() => render(<PopupApp />, root));
    await until(() => document.querySelector('[data-testid="code"]'), 'the first code');
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(banner()).toBeNull();
    expect(document.querySelector('.popup-status .error')).toBeNull();
  });
});
