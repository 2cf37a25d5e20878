/**
 * Who sent a message, decided from what the browser says about the sender, never from the
 * message. Extension pages (popup, options, offscreen; also popup.html opened in a tab) are
 * trusted; a content script is bound to the page it runs in: its site comes from
 * `sender.origin` / `sender.url`, and a frame counts only when it is same-origin with its tab.
 */
import { browser, type Browser } from 'wxt/browser';
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import { siteOf, type SiteBinding } from '../../shared/site/site-of';

export type Caller =
  /** An extension page; `tabId` when it was opened in a tab; `documentId` where the browser gives one (Chrome). */
  | { kind: 'extension'; tabId: number | null; documentId?: string }
  /** A content script in `page`, frame `frameId` of tab `tabId`. */
  | { kind: 'content'; tabId: number; frameId: number; url: string; page: SiteBinding }
  /** `globalThis.authenticator` in the worker itself. */
  | { kind: 'automation' };

export function callerOf(sender: Browser.runtime.MessageSender): Caller {
  if (sender.id !== browser.runtime.id) throw forbidden('Messages from other extensions are not accepted.');
  // Compared as text: not every URL parser knows the origin of chrome-extension:// URLs.
  const extensionBase = browser.runtime.getURL('/');
  const url = sender.url ?? '';
  if (url.startsWith(extensionBase) && (sender.origin === undefined || sender.origin === extensionBase.slice(0, -1))) {
    const { documentId } = sender as { documentId?: string };
    return typeof documentId === 'string' ? { kind: 'extension', tabId: sender.tab?.id ?? null, documentId } : { kind: 'extension', tabId: sender.tab?.id ?? null };
  }
  const tabId = sender.tab?.id;
  if (tabId === undefined) throw forbidden('The sender is neither an extension page nor a page in a tab.');
  // Chrome gives `origin` (right for sandboxed and about:blank frames); Firefox only `url`.
  const origin = sender.origin ?? urlOrigin(url);
  const page = origin !== null && origin !== 'null' ? siteOf(origin) : null;
  if (!page || page.origin !== origin) throw forbidden('Codes are only offered to http(s) pages.');
  const frameId = sender.frameId ?? 0;
  if (frameId !== 0 && urlOrigin(sender.tab?.url ?? '') !== page.origin) {
    throw forbidden('Codes are only offered to the top frame and to frames of the same origin.');
  }
  return { kind: 'content', tabId, frameId, url, page };
}

function urlOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function forbidden(reason: string): AuthenticatorError {
  return new AuthenticatorError('forbidden', reason);
}
