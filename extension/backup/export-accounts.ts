/**
 * The exports besides our backup file: a list of otpauth:// addresses (any authenticator reads
 * it) and Google Authenticator export QR codes for moving accounts to a phone.
 */
import { formatKeyUri, type OtpParams } from '../../shared/otp';
import { encodeMigrationUris, type MigrationExport } from '../../shared/migration';

/** One otpauth:// address per line, after a comment saying what the file is. */
export function exportUriList(accounts: readonly OtpParams[], now: number): string {
  const header = [
    `# Phone-free Authenticator: ${accounts.length} account${accounts.length === 1 ? '' : 's'} exported ${new Date(now).toISOString()}.`,
    '# Anyone who has this file can generate your codes: keep it safe and delete it after use.',
  ];
  return [...header, ...accounts.map((a) => formatKeyUri(a)), ''].join('\n');
}

/** Google Authenticator export addresses, one per QR code, with a random batch id. */
export function exportMigrationCodes(accounts: readonly OtpParams[], options: { maxUriChars?: number } = {}): MigrationExport {
  const batchId = crypto.getRandomValues(new Int32Array(1))[0] ?? 0;
  return encodeMigrationUris(accounts, { batchId, ...options });
}
