/**
 * How the extension pages read sync failures: which ones mean "this build has no sync" (the
 * sync section and the popup line then hide instead of breaking the page), and the words of a
 * status's last error.
 */
import { errorCode } from '../error-text';

/** The worker does not know the sync messages (an older worker) or runs without the sync service. */
export function isSyncMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'unknown_message' || code === 'not_available';
}

/** `SyncStatus.error` is `[code] message`: a person reads the message. */
export function syncErrorText(error: string): string {
  return error.replace(/^\[[a-z0-9_]+\]\s*/, '');
}
