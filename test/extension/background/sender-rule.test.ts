/**
 * The sender rule: the background decides who is asking from what the browser says about the
 * sender. Content scripts get codes for their own page's site only, never a secret, never
 * another site's account, and cannot send any other message.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { callerOf } from '../../../extension/background/message-caller';
import { createRoute, routeFromSender, type Route } from '../../../extension/background/route-message';
import { createHandlers } from '../../../extension/background/handlers';
import { scanNotAvailable } from '../../../extension/background/not-available';
import { createBackupService } from '../../../extension/backup/backup-service';
import type { Vault } from '../../../extension/vault';
import { account, rejectionOf, resetWorld, testClock, vaultWith } from '../vault/vault-test-kit';

const EXTENSION = `chrome-extension://${fakeBrowser.runtime.id}`;

function contentScript(url: string, extra: Partial<Browser.runtime.MessageSender> = {}): Browser.runtime.MessageSender {
  return { id: fakeBrowser.runtime.id, url, origin: new URL(url).origin, frameId: 0, tab: { id: 7, url } as Browser.tabs.Tab, ...extra };
}

let vault: Vault;
let route: Route;
let fromSender: ReturnType<typeof routeFromSender>;
beforeEach(() => {
  resetWorld();
  vault = vaultWith(testClock(Date.now()));
  const clipboard = { scheduleClear: async () => undefined, done: async () => undefined };
  route = createRoute(createHandlers({ vault, clipboard, backup: createBackupService(vault), scan: scanNotAvailable }));
  fromSender = routeFromSender(route);
});

describe('who is calling', () => {
  it('trusts extension pages, also when popup.html is opened in a tab', () => {
    expect(callerOf({ id: fakeBrowser.runtime.id, url: `${EXTENSION}/popup.html`, origin: EXTENSION })).toEqual({ kind: 'extension', tabId: null });
    expect(callerOf({ id: fakeBrowser.runtime.id, url: `${EXTENSION}/popup.html?tab=3`, tab: { id: 9 } as Browser.tabs.Tab })).toEqual({
      kind: 'extension',
      tabId: 9,
    });
  });

  it('binds a content script to the page the browser says it runs in', () => {
    expect(callerOf(contentScript('https://login.example.com/signin?next=/'))).toMatchObject({
      kind: 'content',
      tabId: 7,
      page: { origin: 'https://login.example.com', site: 'example.com' },
    });
    // Firefox gives no sender.origin: the URL decides.
    expect(callerOf(contentScript('http://localhost:3000/', { origin: undefined }))).toMatchObject({ page: { origin: 'http://localhost:3000', site: 'localhost' } });
  });

  it('refuses other extensions, cross-origin frames, non-web pages and an origin that contradicts the URL', () => {
    const refusals = [
      { id: 'another-extension', url: `${EXTENSION}/popup.html` },
      contentScript('https://evil.test/frame', { frameId: 3, tab: { id: 7, url: 'https://example.com/' } as Browser.tabs.Tab }),
      contentScript('file:///home/me/page.html', { origin: 'null' }),
      { id: fakeBrowser.runtime.id, url: `${EXTENSION}/popup.html`, origin: 'https://evil.test' },
      { id: fakeBrowser.runtime.id, url: 'https://example.com/' },
    ];
    for (const sender of refusals) expect(() => callerOf(sender as Browser.runtime.MessageSender)).toThrow(/^\[forbidden\]/);
  });

  it('accepts a same-origin frame', () => {
    const sender = contentScript('https://example.com/frame', { frameId: 2, tab: { id: 7, url: 'https://example.com/top' } as Browser.tabs.Tab });
    expect(callerOf(sender)).toMatchObject({ kind: 'content', frameId: 2 });
  });
});

describe('what a content script may ask', () => {
  it('cannot ask for codes outside the fill rules: page.codes (no click, no step tracking) is refused', async () => {
    await vault.addAccount(account(), { origin: 'https://example.com', site: 'example.com' });
    for (const data of [{}, { nextStep: true }]) {
      const error = await rejectionOf(() => fromSender('page.codes' as never, data as never, contentScript('https://example.com/login')));
      expect(error.message).toBe('[forbidden] A web page may not send "page.codes".');
    }
    // Nor does any other context get an answer: the handler is gone.
    expect((await rejectionOf(() => route('page.codes', {}, { kind: 'extension', tabId: null }))).code).toBe('unknown_message');
  });

  it('cannot list accounts, read codes by id, add, remove or change anything', async () => {
    const { id } = (await vault.addAccount(account(), { origin: 'https://example.com', site: 'example.com' })).account;
    for (const [name, data] of [
      ['vault.list', undefined],
      ['vault.code', { id }],
      ['vault.codes', { ids: [id] }],
      ['vault.add', { uri: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP', pageUrl: 'https://example.com/' }],
      ['vault.remove', { id }],
      ['vault.setPassphrase', { current: null, next: 'a long passphrase' }],
      ['settings.update', { autoFill: false }],
      ['scan.run', {}],
      ['sync.status', undefined],
      ['sync.enable', undefined],
      ['sync.disable', { wipeRemote: true }],
      ['sync.join', { passphrase: 'a long passphrase' }],
    ] as const) {
      const error = await rejectionOf(() => fromSender(name, data, contentScript('https://example.com/')));
      expect(error.message).toBe(`[forbidden] A web page may not send "${name}".`);
    }
    expect((await vault.list()).accounts).toHaveLength(1);
  });

});

describe('routing', () => {
  it('refuses unknown messages and malformed data with named errors', async () => {
    expect((await rejectionOf(() => route('vault.steal', {}, { kind: 'extension', tabId: null }))).code).toBe('unknown_message');
    expect((await rejectionOf(() => route('toString', {}, { kind: 'extension', tabId: null }))).code).toBe('unknown_message');
    expect((await rejectionOf(() => route('vault.code', { id: 5 }, { kind: 'extension', tabId: null }))).message).toBe('[bad_request] "id" must be text.');
    expect((await rejectionOf(() => route('vault.add', { uri: 'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP', pageUrl: 'chrome://settings' }, { kind: 'extension', tabId: null }))).code).toBe(
      'bad_request',
    );
  });

  it('passes the key URI parser\'s code and message through', async () => {
    const error = await rejectionOf(() => route('vault.add', { uri: 'https://example.com/', pageUrl: null }, { kind: 'extension', tabId: null }));
    expect(error).toMatchObject({ code: 'not_otpauth', message: 'This holds a web address, not an authenticator code (otpauth://).' });
  });
});
