/** Backup, import and export: the public surface the background and the options page use. */
export { BackupError, type BackupErrorCode } from './backup-error';
export { MAX_IMPORT_BYTES } from '../../shared/protocol/backup';
export {
  FORMAT_NAMES,
  NO_META,
  type ImportFormat,
  type AccountMeta,
  type ImportCandidate,
  type ImportProblem,
  type ParsedImport,
} from './import-types';
export { detectFormat, describeDetected, type DetectedFormat } from './detect-format';
export { readImport, type ReadImportOptions } from './read-import';
export {
  buildPreview,
  previewView,
  secretKey,
  type ExistingAccount,
  type ImportPreview,
  type PreviewEntry,
  type PreviewDuplicate,
} from './build-preview';
export { suggestSite } from '../../shared/site/suggest-site';
export { BACKUP_FORMAT, BACKUP_VERSION, MIN_BACKUP_PASSWORD_LENGTH, type BackupAccount, type BackupContent } from './backup-format';
export { writeEncryptedBackup, writePlainBackup, type WriteBackupOptions } from './write-backup';
export { exportUriList, exportMigrationCodes } from './export-accounts';
export { SCRYPT_DEFAULTS, type ScryptParams } from './backup-crypto';
