/**
 * The content script's fill feature: in the top frame or a same-origin frame of an http(s)
 * page, watch for code fields and talk to the background about this page only. A failure
 * here never breaks the page: every error ends in silence.
 */
import { AuthenticatorError } from '../../../shared/protocol/authenticator-error';
import { listenInContent, sendMessage } from '../../messaging';
import { startPageFill, type PageFill } from './fill-in-page';
import { isTopOrSameOriginFrame } from './frame-gate';

export function startContentFill(view: Window = window): PageFill | null {
  if (!/^https?:$/.test(view.location.protocol) || !isTopOrSameOriginFrame(view)) return null;
  const page = startPageFill(view.document, {
    plan: ({ withCode }) => sendMessage('fill.page', { withCode }),
    code: (accountId, byUser) => sendMessage('fill.code', { accountId, byUser }),
    unlock: () => sendMessage('fill.unlock'),
  });
  listenInContent(async (name, data) => {
    if (name === 'page.unlocked') {
      // Only the page the user clicked "Unlock to fill" on; the plan is asked for again, so the usual rules apply.
      if ((data as { origin?: unknown } | null)?.origin === view.location.origin) await page.resume();
      return undefined;
    }
    if (name !== 'page.fill') throw new AuthenticatorError('unknown_message', `The page cannot do "${name.slice(0, 40)}".`);
    const { code, submit, origin } = data as { code: unknown; submit: unknown; origin: unknown };
    if (typeof code !== 'string' || !/^\d{6,10}$/.test(code) || typeof submit !== 'boolean') {
      throw new AuthenticatorError('bad_request', 'A fill needs a 6-10 digit code.');
    }
    // The tab may have navigated since the background looked at it: fill only the page it checked.
    if (origin !== view.location.origin) return { filled: false };
    return { filled: await page.fillNow(code, { submit }) };
  });
  return page;
}
