/**
 * The background's services, created once per worker start and handed to the handler map.
 * Scan plugs in here when its module lands; fill is extension/fill.
 */
import type { FillResult, ScanResult } from '../../shared/protocol/automation';
import { Vault } from '../vault';
import { createBackupService, type BackupService } from '../backup/backup-service';
import { createClipboardService, type ClipboardService } from './clipboard-service';
import { scanNotAvailable } from './not-available';
import { createBrowserFillService } from '../fill/browser-fill-service';
import type { FillService } from '../fill/fill-service';

export type Services = {
  vault: Vault;
  clipboard: ClipboardService;
  /** Backup, import and export (created from `vault` when omitted). */
  backup?: BackupService;
  /** Scan the tab (`undefined`: the active tab of the last focused window). */
  scan: (tabId: number | undefined) => Promise<ScanResult>;
  /** Fill the code into the tab (`undefined`: the active tab of the last focused window). */
  fill: (tabId: number | undefined) => Promise<FillResult>;
  /** Page and popup filling (extension/fill); its messages answer `not_available` when omitted. */
  filling?: FillService;
};

export function createServices(): Services {
  const vault = new Vault();
  const filling = createBrowserFillService(vault);
  return {
    vault,
    clipboard: createClipboardService(),
    backup: createBackupService(vault),
    scan: scanNotAvailable,
    fill: (tabId) => filling.run(tabId),
    filling,
  };
}
