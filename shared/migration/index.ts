/** Google Authenticator exports (otpauth-migration://). Pure: no DOM, no extension API, no node:. */
export { MigrationError, type MigrationErrorCode } from './migration-error';
export {
  decodeMigrationUri,
  decodeMigrationPayload,
  MAX_MIGRATION_URI_CHARS,
  type DecodedMigration,
  type MigrationAccount,
  type MigrationBatchInfo,
  type MigrationProblem,
} from './decode-migration';
export { encodeMigrationUris, DEFAULT_MAX_MIGRATION_URI_CHARS, type EncodeMigrationOptions, type MigrationExport } from './encode-migration';
export {
  addMigrationPart,
  migrationBatchProgress,
  describeMigrationProgress,
  migrationBatchContents,
  type MigrationBatchState,
  type MigrationBatchProgress,
} from './migration-batch';
export { checkWireTypes } from './check-wire-types';
