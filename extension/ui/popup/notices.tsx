/** The popup's standing notices: no passphrase (not encrypted at rest) and the backup reminder. */
import type { VaultStatus } from '../../../shared/protocol/extension-messages';

export function Notices({ status, onOpenOptions }: { status: VaultStatus; onOpenOptions: (section: string) => void }) {
  return (
    <div class="popup-notices">
      {!status.hasPassphrase && (
        <p class="notice" data-testid="no-passphrase-notice">
          <strong>Not encrypted at rest.</strong> Without a passphrase, anyone who can read this browser profile's files can read your secrets.{' '}
          <button type="button" class="link" onClick={() => onOpenOptions('passphrase')}>
            Set a passphrase
          </button>
        </p>
      )}
      {status.accountCount > 0 && status.lastBackupAt === null && (
        <p class="notice" data-testid="backup-reminder">
          <strong>No backup yet.</strong> If this browser profile is lost, so are your codes.{' '}
          <button type="button" class="link" onClick={() => onOpenOptions('backup')}>
            Make a backup
          </button>
        </p>
      )}
    </div>
  );
}
