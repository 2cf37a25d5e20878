/**
 * The background's services, created once per worker start and handed to the handler map.
 * Scan and fill plug in here when their modules land.
 */
import type { FillResult, ScanResult } from '../../shared/protocol/automation';
import { Vault } from '../vault';
import { createBackupService, type BackupService } from '../backup/backup-service';
import { createClipboardService, type ClipboardService } from './clipboard-service';
import { fillNotAvailable, scanNotAvailable } from './not-available';

export type Services = {
  vault: Vault;
  clipboard: ClipboardService;
  /** Backup, import and export (created from `vault` when omitted). */
  backup?: BackupService;
  /** Scan the tab (`undefined`: the active tab of the last focused window). */
  scan: (tabId: number | undefined) => Promise<ScanResult>;
  /** Fill the code into the tab (`undefined`: the active tab of the last focused window). */
  fill: (tabId: number | undefined) => Promise<FillResult>;
};

export function createServices(): Services {
  const vault = new Vault();
  return {
    vault,
    clipboard: createClipboardService(),
    backup: createBackupService(vault),
    scan: scanNotAvailable,
    fill: fillNotAvailable,
  };
}
