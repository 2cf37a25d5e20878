// @vitest-environment happy-dom
/**
 * The popup against a real background (vault on fake-indexeddb, the real handler map) through
 * WXT's fake runtime: what a user sees and can do, and that only visible rows are decrypted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { generateCode } from '../../../shared/otp';
import { createHandlers } from '../../../extension/background/handlers';
import { scanNotAvailable } from '../../../extension/background/not-available';
import { createBackupService } from '../../../extension/backup/backup-service';
import { createRoute } from '../../../extension/background/route-message';
import { listenForMessages } from '../../../extension/messaging';
import { PopupApp } from '../../../extension/ui/popup/popup-app';
import { Vault } from '../../../extension/vault';
import { EXAMPLE, account, resetWorld } from '../vault/vault-test-kit';
import { button, text, type, until } from './ui-test-kit';

let vault: Vault;
let root: HTMLElement;
let requestedCodeIds: string[];

beforeEach(() => {
  resetWorld();
  vault = new Vault();
  requestedCodeIds = [];
  const clipboard = { scheduleClear: async () => undefined, done: async () => undefined };
  const route = createRoute(createHandlers({ vault, clipboard, backup: createBackupService(vault), scan: scanNotAvailable }));
  listenForMessages(async (name, data) => {
    if (name === 'vault.codes') requestedCodeIds.push(...(data as { ids: string[] }).ids);
    return route(name, data, { kind: 'extension', tabId: null });
  });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

async function mount(): Promise<void> {
  await act(() => render(<PopupApp />, root));
  await until(() => !text().includes('Opening the vault'), 'the popup to load');
}

describe('the popup', () => {
  it('explains how to enrol when empty and says the vault is not encrypted at rest', async () => {
    await mount();
    await until(() => text().includes('No accounts yet'), 'the empty state');
    expect(text()).toContain('Scan QR code on this page');
    expect(text()).toContain('Not encrypted at rest.');
    expect(text()).not.toContain('No backup yet');
  });

  it('shows each account with its code in groups, and previous tokens apart', async () => {
    const params = account({ issuer: 'GitHub', account: 'octo' });
    await vault.addAccount(params, { origin: 'https://github.com', site: 'github.com' });
    await vault.addAccount(account({ issuer: 'GitHub', account: 'octo' }), { origin: 'https://github.com', site: 'github.com' });
    await mount();
    const codes = await until(() => {
      const found = [...document.querySelectorAll('[data-testid="code"]')].map((c) => c.textContent);
      return found.length === 2 ? found : null;
    }, 'two codes');
    expect(codes.every((c) => /^\d{3} \d{3}$/.test(c!))).toBe(true);
    expect(text()).toContain('Previous tokens');
    const previousRow = [...document.querySelectorAll('.account-row.previous')];
    expect(previousRow).toHaveLength(1);
    const shown = previousRow[0]!.querySelector('[data-testid="code"]')!.textContent!.replace(' ', '');
    const now = Date.now();
    expect([generateCode(params, now), generateCode(params, now - 1000)]).toContain(shown);
    expect(text()).toContain('No backup yet');
  });

  it('decrypts only what is on screen', async () => {
    await vault.addAccounts(Array.from({ length: 300 }, (_, i) => ({ params: account({ account: `user${i}` }), binding: EXAMPLE })));
    await mount();
    await until(() => document.querySelector('[data-testid="code"]'), 'a code');
    expect(document.querySelectorAll('.account-row').length).toBeLessThan(30);
    expect(new Set(requestedCodeIds).size).toBeLessThan(30);
  });

  it('filters as you type, and / focuses the search', async () => {
    await vault.addAccount(account({ issuer: 'GitHub', account: 'octo' }), EXAMPLE);
    await vault.addAccount(account({ issuer: 'Mastodon', account: 'me' }), EXAMPLE);
    await mount();
    const search = await until(() => document.querySelector<HTMLInputElement>('input[type="search"]'), 'the search box');
    await act(() => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true }));
    });
    expect(document.activeElement).toBe(search);
    await act(() => type(search, 'masto'));
    await until(() => document.querySelectorAll('.account-row').length === 1, 'one match');
    expect(text()).toContain('Mastodon');
    expect(text()).not.toContain('GitHub');
  });

  it('adds a setup key by hand, with the parser\'s message for a bad one', async () => {
    await mount();
    await act(() => button('Add manually')!.click());
    const field = (name: string) => document.querySelector<HTMLInputElement>(`.sheet input[name="${name}"]`)!;
    await act(() => {
      type(field('issuer'), 'Example');
      type(field('account'), 'alice');
      type(field('secret'), 'abc 189');
    });
    await act(() => document.querySelector<HTMLFormElement>('.sheet form')!.requestSubmit());
    await until(() => document.querySelector('#add-error'), 'the error');
    expect(document.querySelector('#add-error')!.textContent).toMatch(/not valid base32/);
    await act(() => type(field('secret'), 'jbsw y3dp ehpk 3pxp'));
    await act(() => document.querySelector<HTMLFormElement>('.sheet form')!.requestSubmit());
    await until(() => text().includes('Added Example (alice).'), 'the confirmation');
    expect((await vault.summaries()).map((s) => [s.issuer, s.account, s.site])).toEqual([['Example', 'alice', null]]);
  });

  it('deletes with undo', async () => {
    await vault.addAccount(account({ issuer: 'Example', account: 'alice' }), EXAMPLE);
    await mount();
    await until(() => button('More actions for Example (alice)'), 'the menu button');
    await act(() => button('More actions for Example (alice)')!.click());
    await act(() => button('Delete')!.click());
    await until(() => text().includes('Deleted Example (alice).'), 'the undo toast');
    expect(await vault.summaries()).toEqual([]);
    expect(text()).toContain('Recently deleted');
    await act(() => button('Undo')!.click());
    await until(async () => (await vault.summaries()).length === 1, 'the restore');
    await until(() => !text().includes('Recently deleted'), 'the list to refresh');
  });

  it('shows the lock screen when locked, and says so for a wrong passphrase', async () => {
    await vault.addAccount(account({ issuer: 'Example', account: 'alice' }), EXAMPLE);
    await vault.setPassphrase(null, 'correct horse battery staple');
    await vault.lock();
    await mount();
    await until(() => text().includes('The vault is locked'), 'the lock screen');
    expect(text()).not.toContain('alice');
    const input = document.querySelector<HTMLInputElement>('input[type="password"]')!;
    await act(() => type(input, 'wrong passphrase'));
    await act(() => document.querySelector<HTMLFormElement>('form.lock-screen')!.requestSubmit());
    await until(() => text().includes('That passphrase is not the one'), 'the error', 5000);
    await act(() => type(input, 'correct horse battery staple'));
    await act(() => document.querySelector<HTMLFormElement>('form.lock-screen')!.requestSubmit());
    await until(() => document.querySelector('[data-testid="code"]'), 'the codes', 5000);
    expect(button('Lock')).toBeDefined();
  });

  it('shows why scanning failed', async () => {
    await mount();
    await act(() => button('Scan QR code on this page')!.click());
    await until(() => document.querySelector('.popup-status .error'), 'the message');
    expect(document.querySelector('.popup-status .error')!.textContent).toMatch(/^Scanning QR codes is not part of this build\b.*Add manually/);
  });
});
