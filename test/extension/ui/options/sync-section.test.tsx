// @vitest-environment happy-dom
/**
 * The options page's "Sync between your browsers" section, on the whole options page against
 * the real background (vault on fake-indexeddb, the real handler map) through WXT's fake
 * runtime; the `sync.*` messages are answered by a stand-in service with the real one's rules
 * (sync-stand-in.ts), so every state the worker can report is shown.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { browser } from 'wxt/browser';
import { OptionsApp } from '../../../../extension/ui/options/options-app';
import { Vault } from '../../../../extension/vault';
import { EXAMPLE, account, resetWorld } from '../../vault/vault-test-kit';
import { OFF, answerWithSyncStandIn, syncStandIn, type SyncStandIn } from '../sync/sync-stand-in';
import { button, text, type, until } from '../ui-test-kit';

const PASSPHRASE = 'correct horse battery staple';

let vault: Vault;
let sync: SyncStandIn;
let root: HTMLElement;

beforeEach(() => {
  resetWorld();
  vault = new Vault();
  sync = syncStandIn(vault);
  answerWithSyncStandIn(vault, sync);
  // The page's footer names the version; WXT's fake browser has no manifest to read it from.
  vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Phone-free Authenticator', version: '0.0.0-test' });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const section = () => document.querySelector<HTMLElement>('#sync');
const syncText = () => text(section() ?? document.createElement('div'));
const syncError = () => document.querySelector('[data-testid="sync-error"]')?.textContent ?? '';
const syncCalls = () => sync.calls.filter((c) => c.name !== 'sync.status');
/** The passphrase field beside "Turn on sync". */
const enableField = () => section()!.querySelector<HTMLInputElement>('input[type="password"]')!;

async function mount(): Promise<HTMLElement> {
  await act(() => render(<OptionsApp />, root));
  await until(() => document.querySelector('#passphrase'), 'the options page');
  return until(() => section() && !syncText().includes('Checking sync') && section(), 'the sync section');
}

async function twoAccounts(): Promise<void> {
  await vault.addAccount(account({ issuer: 'GitHub', account: 'octo' }), EXAMPLE);
  await vault.addAccount(account({ issuer: 'Mastodon', account: 'me' }), EXAMPLE);
}

describe('the options page sync section', () => {
  it('without a passphrase, says sync needs one and takes the user to the passphrase form; once set, offers to turn sync on', async () => {
    await mount();
    expect(syncText()).toContain('Sync between your browsers');
    expect(syncText()).toMatch(/encrypted end to end with your vault passphrase, so it needs one/);
    expect(button('Turn on sync')).toBeUndefined();
    const link = [...section()!.querySelectorAll('a')].find((a) => a.textContent === 'Set a passphrase first')!;
    expect(link.getAttribute('href')).toBe('#passphrase');
    await act(() => link.click());
    expect(document.activeElement).toBe(document.querySelector('#passphrase input'));

    const form = document.querySelector<HTMLFormElement>('#passphrase form')!;
    await act(() => {
      type(form.querySelector('input[name="next"]')!, PASSPHRASE);
      type(form.querySelector('input[name="repeat"]')!, PASSPHRASE);
    });
    await act(() => form.requestSubmit());
    await until(() => button('Turn on sync'), 'the "Turn on sync" button');
    expect(syncText()).toMatch(/the sync provider sees only opaque records, how many there are and their size/);
    expect(syncCalls()).toEqual([]);
  });

  it('turns sync on with the vault passphrase (Enter submits), shows progress, then what was synced and the storage it takes', async () => {
    await twoAccounts();
    await vault.setPassphrase(null, PASSPHRASE);
    await mount();
    expect(enableField().labels?.[0]?.textContent).toContain('Your vault passphrase');
    // Nothing to send without the passphrase: it always goes with the request (a fresh sync key).
    expect(button('Turn on sync')!.disabled).toBe(true);
    let release!: () => void;
    sync.hold = new Promise((r) => (release = r));
    await act(() => type(enableField(), PASSPHRASE));
    await act(() => enableField().form!.requestSubmit());
    const progress = await until(() => button('Turning on…'), 'the progress state');
    expect(progress.disabled).toBe(true);
    release();
    await until(() => syncText().includes('Synced 2 accounts, last synced just now.'), 'the synced summary');
    expect(section()!.querySelector('[role="status"]')!.textContent).toContain('Synced 2 accounts');
    expect(syncText()).toContain('0.5 KB of 100 KB of your browser\'s sync storage used');
    expect(section()!.querySelector('meter')!.getAttribute('value')).toBe(String(300 + 2 * 121));
    expect(syncCalls()).toEqual([{ name: 'sync.enable', data: { passphrase: PASSPHRASE } }]);
    expect(syncError()).toBe('');
  });

  it('a wrong passphrase: shows the worker\'s message, keeps the field and focuses it', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    await mount();
    await act(() => type(enableField(), 'not the passphrase'));
    await act(() => button('Turn on sync')!.click());
    await until(() => syncError() !== '', 'the error');
    expect(syncError()).toBe('That passphrase is not the one that locks this vault. Check it and try again.');
    expect(enableField().value).toBe('not the passphrase');
    expect(document.activeElement).toBe(enableField());
    expect(sync.status.enabled).toBe(false);
  });

  it('shows the worker\'s own message when enabling is refused', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    await mount();
    sync.status = { ...OFF };
    // The other browser's vault arrived after the page was opened.
    sync.status.joinable = true;
    await act(() => type(enableField(), PASSPHRASE));
    await act(() => button('Turn on sync')!.click());
    await until(() => syncError() !== '', 'the error');
    expect(syncError()).toBe('Another browser already syncs a vault here: join it with its passphrase instead.');
    // The status is read again: the join form replaces the button.
    await until(() => syncText().includes('Join your synced vault'), 'the join form');
  });

  it('updates "last synced" as time passes and when another browser\'s changes arrive', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(Date.UTC(2026, 11, 3, 12, 0, 0));
    await vault.setPassphrase(null, PASSPHRASE);
    sync.status = { ...OFF, enabled: true, accounts: 3, lastSyncedAt: Date.now() - 10_000, bytes: 2048 };
    await mount();
    expect(syncText()).toContain('Synced 3 accounts, last synced just now.');
    await act(() => {
      vi.advanceTimersByTime(150_000);
    });
    await until(() => syncText().includes('last synced 3 minutes ago'), 'the relative time to move on');

    // Another browser wrote: storage.sync changed, the worker merged (a new status).
    sync.status = { ...sync.status, accounts: 4, lastSyncedAt: Date.now() };
    await browser.storage.sync.set({ c0: 'sealed' });
    await until(() => syncText().includes('Synced 4 accounts, last synced just now.'), 'the status after a remote change');
  });

  it('joins the synced vault with its passphrase: a wrong one says so, keeps the field and changes nothing', async () => {
    await twoAccounts();
    sync.status = { ...OFF, joinable: true };
    await mount();
    expect(syncText()).toContain('Join your synced vault');
    expect(syncText()).toContain('After joining, this browser\u2019s vault is encrypted with that passphrase too.');
    const field = section()!.querySelector<HTMLInputElement>('input[type="password"]')!;
    expect(field.labels?.[0]?.textContent).toContain('Passphrase of your synced vault');
    const before = await vault.status();

    await act(() => type(field, 'not the passphrase'));
    await act(() => field.form!.requestSubmit()); // what Enter does
    await until(() => syncError() !== '', 'the wrong-passphrase message');
    expect(syncError()).toBe('That passphrase does not open the synced vault: use the passphrase of the browser that turned sync on.');
    expect(field.value).toBe('not the passphrase');
    expect(document.activeElement).toBe(field);
    expect(await vault.status()).toEqual(before);
    expect(syncText()).toContain('Join your synced vault');

    await act(() => type(field, sync.remotePassphrase));
    await act(() => field.form!.requestSubmit());
    await until(() => syncText().includes('Synced 5 accounts'), 'the joined state');
    expect(syncError()).toBe('');
    // Joining made the other browser's passphrase this vault's: the page says so at once.
    await until(() => button('Change passphrase'), 'the passphrase section to know');
    expect((await vault.status()).hasPassphrase).toBe(true);
  });

  it('before joining with a passphrase of its own, says the synced vault\'s passphrase replaces it', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    sync.status = { ...OFF, joinable: true };
    await mount();
    expect(syncText()).toContain("After joining, that passphrase is this browser's vault passphrase too: it replaces the one you use here.");
    let release!: () => void;
    sync.hold = new Promise((r) => (release = r));
    const field = section()!.querySelector<HTMLInputElement>('input[type="password"]')!;
    await act(() => type(field, sync.remotePassphrase));
    await act(() => field.form!.requestSubmit());
    expect((await until(() => button('Joining…'), 'the progress state')).disabled).toBe(true);
    release();
    await until(() => syncText().includes('Synced 5 accounts'), 'the joined state');
  });

  it('turns sync off after a confirmation, wiping the synced copy only when asked', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    sync.status = { ...OFF, enabled: true, accounts: 3, lastSyncedAt: Date.now(), bytes: 900 };
    await mount();
    await act(() => button('Turn off sync')!.click());
    expect(syncText()).toContain('Turn off sync on this browser? Every account stays here, and the synced copy stays in your browser account.');
    expect(document.activeElement).toBe(button('Yes, turn off sync'));
    await act(() => button('Cancel')!.click());
    expect(button('Yes, turn off sync')).toBeUndefined();
    expect(document.activeElement).toBe(button('Turn off sync'));
    expect(syncCalls()).toEqual([]);

    const wipe = section()!.querySelector<HTMLInputElement>('input[name="wipeRemote"]')!;
    expect(wipe.closest('label')!.textContent).toContain('Also remove the synced copy from your browser account');
    await act(() => wipe.click());
    await act(() => button('Turn off sync')!.click());
    expect(syncText()).toContain('Turn off sync and remove the synced copy? Every account stays on this browser.');
    await act(() => button('Yes, turn off sync')!.click());
    await until(() => button('Turn on sync'), 'sync to be off');
    expect(syncCalls()).toEqual([{ name: 'sync.disable', data: { wipeRemote: true } }]);
  });

  it('says plainly when the vault outgrew the sync storage, that nothing was lost, and what to do', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    sync.status = { ...OFF, enabled: true, tooBig: true, accounts: 790, lastSyncedAt: Date.now() - 86_400_000, bytes: 99_000 };
    await mount();
    const warning = section()!.querySelector('[data-testid="sync-too-big"]')!.textContent!;
    expect(warning).toContain("Your vault outgrew your browser's sync storage");
    expect(warning).toContain('about 800 accounts');
    expect(warning).toContain('sync stopped');
    expect(warning).toContain('Nothing on this browser was lost');
    expect(warning).toMatch(/delete accounts you no longer use.*encrypted backup/s);
    expect(button('Turn off sync')).toBeDefined();
  });

  it('asks once for a passphrase changed on another browser, and sends it as a join', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    sync.status = { ...OFF, enabled: true, passphraseChanged: true, accounts: 3, lastSyncedAt: Date.now(), bytes: 900 };
    await mount();
    expect(syncText()).toContain('Your passphrase was changed on another browser.');
    const field = section()!.querySelector<HTMLInputElement>('input[type="password"]')!;
    expect(field.labels?.[0]?.textContent).toContain('New passphrase');
    // Someone who does not know the new passphrase is not stuck with a paused sync.
    expect(button('Turn off sync')).toBeDefined();
    await act(() => type(field, sync.remotePassphrase));
    await act(() => button('Use the new passphrase')!.click());
    await until(() => syncText().includes('Synced 5 accounts'), 'the state after the new passphrase');
    expect(syncCalls()).toEqual([{ name: 'sync.join', data: { passphrase: sync.remotePassphrase } }]);
  });

  it('sync stopped by another browser: says so, and offers to turn it on again or to keep it off (the popup then stops saying so)', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    sync.status = { ...OFF, error: '[sync_removed] Sync was turned off in another browser and the synced copy removed.' };
    await mount();
    expect(syncError()).toBe('Sync was turned off in another browser and the synced copy removed.');
    expect(button('Turn on sync')).toBeDefined();
    await act(() => button('Keep sync off')!.click());
    await until(() => syncError() === '', 'the error to go');
    expect(syncCalls()).toEqual([{ name: 'sync.disable', data: { wipeRemote: false } }]);
    expect(button('Keep sync off')).toBeUndefined();
  });

  it('shows the last sync error in the worker\'s words, without its code', async () => {
    await vault.setPassphrase(null, PASSPHRASE);
    sync.status = { ...OFF, enabled: true, accounts: 3, lastSyncedAt: Date.now(), bytes: 900, error: '[sync_quota] The browser refused more sync writes for now; it retries in a minute.' };
    await mount();
    expect(syncError()).toBe('The browser refused more sync writes for now; it retries in a minute.');
    expect(document.querySelector('[data-testid="sync-error"]')!.getAttribute('role')).toBe('alert');
  });

  it('hides itself, leaving the rest of the page working, when the worker has no sync', async () => {
    sync.answer = async (name) => {
      throw new (await import('../../../../shared/protocol/authenticator-error')).AuthenticatorError('unknown_message', `"${name}" is not a message this extension understands.`);
    };
    await act(() => render(<OptionsApp />, root));
    await until(() => document.querySelector('#backup'), 'the options page');
    await until(() => section() === null, 'the sync section to hide');
    expect(text()).not.toContain('Sync between your browsers');
    expect(document.querySelector('#passphrase')).not.toBeNull();
    expect(document.querySelector('.options > p.error')).toBeNull();
  });
});
