/** The options page's backup and import section (extension/ui/backup): last backup, exports, import. */
import { useEffect, useState } from 'preact/hooks';
import type { VaultStatus } from '../../../shared/protocol/extension-messages';
import { sendMessage } from '../../messaging';
import { ExportPanel } from '../backup/export-panel';
import { ImportPanel } from '../backup/import-panel';
import { UnboundAccounts } from '../backup/unbound-accounts';
import '../backup/backup.css';

export function BackupSection() {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  /** Bumped after each import, so the list of unbound accounts reloads. */
  const [version, setVersion] = useState(0);
  const refresh = () => {
    setVersion((v) => v + 1);
    void sendMessage('vault.status').then(setStatus, () => undefined);
  };
  useEffect(refresh, []);

  const last = status?.lastBackupAt ?? null;
  return (
    <section id="backup" class="backup" aria-labelledby="backup-title">
      <h2 id="backup-title">Backup and import</h2>
      <p data-testid="last-backup">
        {last === null ? (
          <strong>No backup made yet.</strong>
        ) : (
          <>
            Last backup: <time dateTime={new Date(last).toISOString()}>{new Date(last).toLocaleString()}</time>
          </>
        )}{' '}
        {status && `${status.accountCount} account${status.accountCount === 1 ? '' : 's'} in the vault.`}
      </p>
      <ExportPanel onBackedUp={refresh} />
      <h3>Import</h3>
      <ImportPanel onImported={refresh} />
      <UnboundAccounts version={version} />
    </section>
  );
}
