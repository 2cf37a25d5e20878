/**
 * A closed popup's whole-list read stops: the popup holds an `open-page` port while open, and
 * when the browser disconnects it the worker aborts the reads that page (by documentId) asked
 * for. The real route, handlers, services and vault; WXT's fake browser; a port stand-in.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { createHandlers } from '../../../extension/background/handlers';
import { createOpenPages, type OpenPagePort } from '../../../extension/background/open-pages';
import { callerOf } from '../../../extension/background/message-caller';
import { createRoute } from '../../../extension/background/route-message';
import { createServices } from '../../../extension/background/services';
import { OPEN_PAGE_PORT } from '../../../extension/messaging/open-page-port';
import { account, resetWorld } from '../vault/vault-test-kit';

// After resetWorld(): the fake browser's extension id comes back with its reset.
const extension = () => fakeBrowser.runtime.getURL('/').slice(0, -1);

function popupSender(documentId: string, url = `${extension()}/popup.html`): Browser.runtime.MessageSender {
  return { id: fakeBrowser.runtime.id, url, origin: extension(), documentId } as Browser.runtime.MessageSender;
}

function port(sender: Browser.runtime.MessageSender, name = OPEN_PAGE_PORT): OpenPagePort & { disconnect(): void } {
  const listeners: Array<() => void> = [];
  return {
    name,
    sender,
    onDisconnect: { addListener: (listener) => void listeners.push(listener) },
    disconnect: () => listeners.forEach((listener) => listener()),
  };
}

async function world() {
  const services = createServices();
  await services.vault.addAccounts([account({ issuer: 'Acme' }), account({ issuer: 'Beta' })].map((params) => ({ params, binding: null })));
  const openPages = createOpenPages();
  const route = createRoute(createHandlers(services), openPages.signalFor);
  return { openPages, route };
}

beforeEach(() => resetWorld());

describe('a whole-list read of a page that closes', () => {
  it('stops with page_closed once the popup that asked has closed', async () => {
    const { openPages, route } = await world();
    const popup = port(popupSender('doc-1'));
    openPages.connected(popup);
    const read = route('vault.list', undefined, callerOf(popupSender('doc-1')));
    popup.disconnect(); // the popup closes while its read runs
    await expect(read).rejects.toMatchObject({ code: 'page_closed' });
  });

  it('the twin: an open popup, and another page after one closed, get the whole list', async () => {
    const { openPages, route } = await world();
    const closed = port(popupSender('doc-1'));
    const open = port(popupSender('doc-2'));
    openPages.connected(closed);
    openPages.connected(open);
    closed.disconnect();
    const list = (await route('vault.list', undefined, callerOf(popupSender('doc-2')))) as { accounts: Array<{ issuer: string }> };
    expect(list.accounts.map((a) => a.issuer).sort()).toEqual(['Acme', 'Beta']);
    // A page that never held a port (the options page): no signal, the read runs as before.
    expect(openPages.signalFor(callerOf(popupSender('doc-3', `${extension()}/options.html`)))).toBeUndefined();
  });

  it("a web page's port of that name cancels nothing", async () => {
    const { openPages, route } = await world();
    const url = 'https://evil.test/';
    const page = port({ id: fakeBrowser.runtime.id, url, origin: 'https://evil.test', frameId: 0, tab: { id: 7, url } as Browser.tabs.Tab, documentId: 'doc-1' } as Browser.runtime.MessageSender);
    const popup = port(popupSender('doc-1'));
    openPages.connected(popup);
    openPages.connected(page);
    page.disconnect();
    const list = (await route('vault.list', undefined, callerOf(popupSender('doc-1')))) as { accounts: unknown[] };
    expect(list.accounts).toHaveLength(2);
  });
});
