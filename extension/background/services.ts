/**
 * The background's services, created once per worker start and handed to the handler map.
 * Scan is extension/scan; fill is extension/fill.
 */
import { Vault } from '../vault';
import { createBackupService, type BackupService } from '../backup/backup-service';
import { createClipboardService, type ClipboardService } from './clipboard-service';
import { createBrowserFillService } from '../fill/browser-fill-service';
import type { FillService } from '../fill/fill-service';
import { createScanService, type ScanService } from '../scan/scan-service';
import { clearAllFlows } from '../scan/scan-flow-store';
import { clearAllPending } from '../backup/pending-imports';
import { createSyncService, type SyncService } from '../sync/sync-service';
import { browserSyncSchedule } from '../sync/sync-triggers';

export type Services = {
  vault: Vault;
  clipboard: ClipboardService;
  /** Backup, import and export: the one instance (the scan service shares it). */
  backup: BackupService;
  /** Scanning QR codes: page captures, the page's answers, image files (extension/scan). */
  scan: ScanService;
  /** Filling codes into pages, from the popup, automation and after a scan (extension/fill); its messages answer `not_available` when omitted. */
  fill?: FillService;
  /** Sync through storage.sync (extension/sync); its messages answer `not_available` when omitted. */
  sync?: SyncService;
};

export function createServices(): Services {
  // Locking drops what scans and imports hold for the user in storage.session (secrets).
  const vault: Vault = new Vault({
    onLock: () => Promise.all([clearAllFlows(), clearAllPending()]).then(() => undefined),
    // A page whose user clicked "Unlock to fill" fills now, without a reload; sync catches up
    // with what changed while the vault was locked (without holding the unlock up).
    onUnlock: () => {
      void sync.run().catch(() => undefined);
      return fill.resumeAfterUnlock();
    },
    onChange: () => void sync.changed(),
    passphraseHooks: { before: (next) => sync.passphraseHooks.before(next), after: (next) => sync.passphraseHooks.after(next) },
  });
  const sync = createSyncService({ vault, schedule: browserSyncSchedule });
  const fill = createBrowserFillService(vault);
  const backup = createBackupService(vault);
  return {
    vault,
    clipboard: createClipboardService(),
    backup,
    scan: createScanService({ vault, backup }),
    fill,
    sync,
  };
}
