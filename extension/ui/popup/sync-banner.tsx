/**
 * The popup's one line about sync: a banner when the user has something to do (join the
 * synced vault, enter a passphrase changed elsewhere, a vault too big to sync, a failed sync),
 * each opening the options page's sync section; a quiet "Synced" line when all is well;
 * nothing when sync is off or this build has none. The status is read only after the first
 * codes are on screen: the popup's first paint comes first.
 */
import { afterFirstCode } from './after-first-code';
import { relativeTime } from '../sync/relative-time';
import { syncErrorText } from '../sync/sync-errors';
import { useSyncStatus } from '../sync/use-sync-status';

export function SyncBanner({ onOpenOptions }: { onOpenOptions: (section: string) => void }) {
  const { status, available, now } = useSyncStatus(afterFirstCode);
  if (!available || status === null) return null;

  const banner = (testId: string, lead: string, rest: string, action: string) => (
    <p class="notice sync-banner" role="status" data-testid={testId}>
      <strong>{lead}</strong> {rest}{' '}
      <button type="button" class="link" onClick={() => onOpenOptions('sync')}>
        {action}
      </button>
    </p>
  );

  if (status.passphraseChanged) return banner('sync-banner', 'Sync paused.', 'Your passphrase was changed on another browser.', 'Enter the new one');
  if (status.joinable && !status.enabled) return banner('sync-banner', 'Join your synced vault.', 'Another of your browsers syncs its accounts.', 'Join');
  if (status.tooBig) return banner('sync-banner', 'Sync stopped.', 'Your vault outgrew the browser\u2019s sync storage; nothing here was lost.', 'What to do');
  // Sync off with an error: turned off or replaced elsewhere, which stopped it rather than failed.
  if (status.error) return banner('sync-banner', status.enabled ? 'Sync failed.' : 'Sync stopped.', syncErrorText(status.error), 'Details');
  if (!status.enabled) return null;
  return (
    <p class="sync-line muted" role="status" data-testid="sync-line">
      Synced{status.lastSyncedAt === null ? '' : ` ${relativeTime(status.lastSyncedAt, now)}`}
    </p>
  );
}
