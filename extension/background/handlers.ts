/**
 * The background's one handler map: every message of the protocol
 * (shared/protocol/extension-messages.ts) and what answers it. Handlers parse their data,
 * throw named errors, and never trust a site named in a message: a content script's page is
 * `caller.page`, taken from the sender.
 */
import { parseKeyUri } from '../../shared/otp';
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import { siteOf } from '../../shared/site/site-of';
import { flag, objectData, optionalFlag, optionalTabId, optionalTime, text, textList, textOrNull } from './check-data';
import type { Handlers } from './handler-types';
import type { Services } from './services';
import { createBackupHandlers } from '../backup/backup-handlers';
import { createScanHandlers } from '../scan/scan-handlers';
import { createSyncHandlers } from '../sync/sync-handlers';

function tabIdOf(value: unknown): number {
  const tabId = optionalTabId(value, 'tabId');
  if (tabId === undefined) throw new AuthenticatorError('bad_request', '"tabId" is required: the tab to fill.');
  return tabId;
}

export function createHandlers({ vault, clipboard, backup, scan, fill, sync }: Services): Handlers {
  const fillPages = () => {
    if (!fill) throw new AuthenticatorError('not_available', 'Filling codes into pages is not part of this build yet. Copy the code from the popup instead.');
    return fill;
  };
  return {
    'vault.status': () => vault.status(),
    // The popup's whole-list reads stop once it has closed (context.signal): see open-pages.ts.
    'vault.list': (_data, { signal }) => vault.list({}, signal),
    'vault.head': (data) => {
      const limit = objectData(data, 'vault.head').limit;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 200) {
        throw new AuthenticatorError('bad_request', '"limit" must be a whole number from 1 to 200.');
      }
      return vault.head(limit);
    },
    'vault.codes': (data) => {
      const d = objectData(data, 'vault.codes');
      return vault.codes(textList(d.ids, 'ids', 500), optionalTime(d.timestampMs, 'timestampMs'));
    },
    'vault.code': (data) => {
      const d = objectData(data, 'vault.code');
      return vault.code(text(d.id, 'id'), optionalTime(d.timestampMs, 'timestampMs'));
    },
    'vault.add': (data) => {
      const d = objectData(data, 'vault.add');
      const pageUrl = textOrNull(d.pageUrl, 'pageUrl');
      const binding = pageUrl === null ? null : siteOf(pageUrl);
      if (pageUrl !== null && binding === null) {
        throw new AuthenticatorError('bad_request', `"${pageUrl.slice(0, 80)}" is not a web page address (http or https): accounts are bound to the site they belong to.`);
      }
      return vault.addAccount(parseKeyUri(text(d.uri, 'uri')), binding);
    },
    'vault.remove': (data) => vault.remove(text(objectData(data, 'vault.remove').id, 'id')),
    'vault.restore': (data) => vault.restore(text(objectData(data, 'vault.restore').id, 'id')),
    'vault.rename': (data) => {
      const d = objectData(data, 'vault.rename');
      return vault.rename(text(d.id, 'id'), text(d.issuer, 'issuer'), text(d.account, 'account'));
    },
    'vault.reorder': (data) => vault.reorder(textList(objectData(data, 'vault.reorder').ids, 'ids')),
    'vault.pin': (data) => {
      const d = objectData(data, 'vault.pin');
      return vault.pin(text(d.id, 'id'), flag(d.pinned, 'pinned'));
    },
    'vault.lock': () => vault.lock(),
    'vault.unlock': (data) => vault.unlock(text(objectData(data, 'vault.unlock').passphrase, 'passphrase')),
    'vault.setPassphrase': (data) => {
      const d = objectData(data, 'vault.setPassphrase');
      return vault.setPassphrase(textOrNull(d.current, 'current'), textOrNull(d.next, 'next'));
    },
    'vault.reset': () => vault.reset(),
    'settings.get': () => vault.settings(),
    'settings.update': (data) => vault.updateSettings(objectData(data, 'settings.update')),
    'clipboard.copied': (data) => clipboard.scheduleClear(text(objectData(data, 'clipboard.copied').text, 'text')),
    'clipboard.done': () => clipboard.done(),
    ...createScanHandlers(scan),
    'fill.run': (data) => fillPages().run(optionalTabId(objectData(data, 'fill.run').tabId, 'tabId')),
    'fill.page': (data, { caller }) => {
      if (caller.kind !== 'content') throw new AuthenticatorError('forbidden', '"fill.page" answers content scripts only: it serves the page they run in.');
      const withCode = optionalFlag(objectData(data, 'fill.page').withCode, 'withCode') ?? false;
      return fillPages().pagePlan(caller.page, { tabId: caller.tabId, frameId: caller.frameId }, withCode);
    },
    'fill.code': (data, { caller }) => {
      if (caller.kind !== 'content') throw new AuthenticatorError('forbidden', '"fill.code" answers content scripts only: it serves the page they run in.');
      const d = objectData(data, 'fill.code');
      return fillPages().pageCode(caller.page, text(d.accountId, 'accountId'), optionalFlag(d.byUser, 'byUser') ?? false);
    },
    'fill.unlock': (_data, { caller }) => {
      if (caller.kind !== 'content') throw new AuthenticatorError('forbidden', '"fill.unlock" answers content scripts only: it serves the page they run in.');
      return fillPages().unlockToFill(caller.page, { tabId: caller.tabId, frameId: caller.frameId });
    },
    'fill.options': (data, { signal }) => fillPages().options(tabIdOf(objectData(data, 'fill.options').tabId), signal),
    'fill.account': (data) => {
      const d = objectData(data, 'fill.account');
      return fillPages().fillAccount(tabIdOf(d.tabId), text(d.accountId, 'accountId'), flag(d.otherSite, 'otherSite'));
    },
    'fill.next': (data) => fillPages().nextCode(text(objectData(data, 'fill.next').accountId, 'accountId')),
    ...createBackupHandlers(backup),
    ...createSyncHandlers(sync),
  };
}
