/**
 * The `sync.*` entries of the background's handler map. Only the extension's own pages and
 * automation reach them (the route refuses them from content scripts: a web page never
 * turns sync on or off, or learns whether it is on).
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import { objectData, optionalFlag, text } from '../background/check-data';
import type { Handlers } from '../background/handler-types';
import type { SyncService } from './sync-service';

type SyncMessages = 'sync.status' | 'sync.enable' | 'sync.disable' | 'sync.join';

export function createSyncHandlers(sync: SyncService | undefined): Pick<Handlers, SyncMessages> {
  const service = (): SyncService => {
    if (!sync) throw new AuthenticatorError('not_available', 'Sync is not part of this build.');
    return sync;
  };
  return {
    'sync.status': () => service().status(),
    'sync.enable': (data) => {
      // No passphrase (automation): the vault key is the root. With one: a fresh random root.
      const given = objectData(data, 'sync.enable').passphrase;
      if (given === undefined) return service().enable();
      const passphrase = text(given, 'passphrase');
      if (passphrase === '') throw new AuthenticatorError('bad_request', 'Enter the vault passphrase to turn sync on.');
      return service().enable(passphrase);
    },
    'sync.disable': (data) => {
      const wipeRemote = optionalFlag(objectData(data, 'sync.disable').wipeRemote, 'wipeRemote') ?? false;
      return service().disable({ wipeRemote });
    },
    'sync.join': (data) => {
      const passphrase = text(objectData(data, 'sync.join').passphrase, 'passphrase');
      if (passphrase === '') throw new AuthenticatorError('bad_request', 'Enter the passphrase of the synced vault.');
      return service().join(passphrase);
    },
  };
}
