/**
 * The `backup.*` entries of the background's handler map: each parses its data at the
 * boundary and calls the backup service. Only the extension's own pages reach them (the
 * route refuses them from content scripts).
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import type { ExportKind } from '../../shared/protocol/backup';
import { objectData, optionalFlag, text, textList } from '../background/check-data';
import type { Handlers } from '../background/handler-types';
import type { BackupService } from './backup-service';

const EXPORT_KINDS: readonly ExportKind[] = ['encrypted', 'plain', 'uris', 'migration'];

function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : text(value, field);
}

function siteMap(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const map = objectData(value, 'sites');
  for (const [key, site] of Object.entries(map)) text(site, `sites["${key.slice(0, 40)}"]`);
  return map as Record<string, string>;
}

type BackupMessages = 'backup.preview' | 'backup.pending' | 'backup.commit' | 'backup.discard' | 'backup.export' | 'backup.assignSite';

export function createBackupHandlers(backup: BackupService): Pick<Handlers, BackupMessages> {
  return {
    'backup.preview': (data) => {
      const d = objectData(data, 'backup.preview');
      const input = { text: optionalText(d.text, 'text'), base64: optionalText(d.base64, 'base64'), password: optionalText(d.password, 'password') };
      return backup.preview(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    },
    'backup.pending': () => backup.pending(),
    'backup.commit': (data) => {
      const d = objectData(data, 'backup.commit');
      const include = d.include === undefined || d.include === null ? undefined : textList(d.include, 'include');
      const sites = siteMap(d.sites);
      return backup.commit({
        id: text(d.id, 'id'),
        ...(include ? { include } : {}),
        ...(sites ? { sites } : {}),
        restoreSettings: optionalFlag(d.restoreSettings, 'restoreSettings') ?? false,
      });
    },
    'backup.assignSite': (data) => {
      const d = objectData(data, 'backup.assignSite');
      return backup.assignSite(text(d.id, 'id'), text(d.site, 'site'));
    },
    'backup.discard': (data) => backup.discard(text(objectData(data, 'backup.discard').id, 'id')),
    'backup.export': (data) => {
      const d = objectData(data, 'backup.export');
      const kind = d.kind as ExportKind;
      if (!EXPORT_KINDS.includes(kind)) throw new AuthenticatorError('bad_request', `"kind" must be one of ${EXPORT_KINDS.join(', ')}.`);
      const password = optionalText(d.password, 'password');
      return backup.export({ kind, ...(password !== undefined ? { password } : {}), confirmUnencrypted: optionalFlag(d.confirmUnencrypted, 'confirmUnencrypted') ?? false });
    },
  };
}
