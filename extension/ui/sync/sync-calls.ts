/**
 * The extension pages' calls to the worker's sync service (`sync.*` messages), and which
 * failures mean "this build has no sync" (the section then hides instead of breaking the page).
 */
import type { SyncStatus } from '../../../shared/protocol/automation';
import { sendMessage } from '../../messaging';
import { errorCode } from '../error-text';

// The `sync.*` entries are not in ProtocolMap yet (the worker's sync service adds them): until
// then the names go through an untyped view of the same channel.
const send = sendMessage as unknown as (name: string, data?: unknown) => Promise<unknown>;

export const syncCalls = {
  status: () => send('sync.status') as Promise<SyncStatus>,
  enable: () => send('sync.enable') as Promise<SyncStatus>,
  disable: (wipeRemote: boolean) => send('sync.disable', { wipeRemote }) as Promise<SyncStatus>,
  join: (passphrase: string) => send('sync.join', { passphrase }) as Promise<SyncStatus>,
};

/** The worker does not know the sync messages (an older worker, a build without sync). */
export function isSyncMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'unknown_message' || code === 'not_available';
}

/** `SyncStatus.error` is `[code] message`: a person reads the message. */
export function syncErrorText(error: string): string {
  return error.replace(/^\[[a-z0-9_]+\]\s*/, '');
}
