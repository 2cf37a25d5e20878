/**
 * `globalThis.authenticator` (shared/protocol/automation.ts): the automation surface for
 * test engineers, reached with Playwright's `serviceWorker.evaluate`. Each method goes
 * through the same route and handlers as the popup's buttons; only the caller differs.
 * Rejections are AuthenticatorErrors whose message starts with `[code]`.
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import type { Authenticator } from '../../shared/protocol/automation';
import type { MessageName, MessageResult } from '../../shared/protocol/extension-messages';
import { toSummary } from '../vault';
import type { Route } from './route-message';

export function createAutomation(route: Route): Authenticator {
  const call = async <K extends MessageName>(name: K, data?: unknown): Promise<Awaited<MessageResult<K>>> => {
    try {
      return (await route(name, data, { kind: 'automation' })) as Awaited<MessageResult<K>>;
    } catch (error) {
      throw AuthenticatorError.from(error);
    }
  };
  return {
    scan: (tabId) => call('scan.run', { tabId }),
    fill: (tabId) => call('fill.run', { tabId }),
    accounts: async () => (await call('vault.list')).accounts.map(toSummary),
    add: async (uri, pageUrl) => {
      if (typeof pageUrl !== 'string') {
        throw new AuthenticatorError('bad_request', 'add(uri, pageUrl): pageUrl is the address of the page the account belongs to.');
      }
      return toSummary((await call('vault.add', { uri, pageUrl })).account);
    },
    remove: (id) => call('vault.remove', { id }),
    code: (id, timestampMs) => call('vault.code', { id, timestampMs }),
    nextCode: (id) => call('fill.next', { accountId: id }),
    unlock: (passphrase) => call('vault.unlock', { passphrase }),
    lock: () => call('vault.lock'),
    setPassphrase: async (current, next) => {
      await call('vault.setPassphrase', { current, next });
    },
    settings: (patch) => (patch === undefined ? call('settings.get') : call('settings.update', patch)),
    reset: () => call('vault.reset'),
    sync: ((action: string, argument?: unknown) => {
      switch (action) {
        case 'status':
          return call('sync.status');
        case 'enable':
          return call('sync.enable', argument === undefined ? {} : { passphrase: argument });
        case 'disable':
          return call('sync.disable', { wipeRemote: (argument as { wipeRemote?: unknown } | undefined)?.wipeRemote });
        case 'join':
          return call('sync.join', { passphrase: argument });
        default:
          return Promise.reject(
            new AuthenticatorError('bad_request', `sync(action): action is 'status', 'enable', 'disable' or 'join', not "${String(action).slice(0, 40)}".`),
          );
      }
    }) as Authenticator['sync'],
  };
}

declare global {
  // eslint-disable-next-line no-var -- a global the worker defines for automation
  var authenticator: Authenticator | undefined;
}

export function installAutomation(route: Route): void {
  globalThis.authenticator = createAutomation(route);
}
