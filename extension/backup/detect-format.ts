/**
 * Says which format a file or pasted text is, before any password is asked for: size first
 * (over 10 MB is refused unread), then text, then JSON shape or otpauth lines. Anything else
 * gets a message saying what it looks like instead.
 */
import { BackupError } from './backup-error';
import { MAX_IMPORT_BYTES } from '../../shared/protocol/backup';
import { FORMAT_NAMES, type ImportFormat } from './import-types';
import { isRecord } from './is-record';
import { isAegisEncrypted, looksLikeAegis } from './parse-aegis';
import { looksLikeAuthenticatorExtension } from './parse-authenticator-extension';
import { ANDOTP_PLAIN_BACKUP, looksLikeAndOtp, looksLikeAndOtpEncrypted } from './parse-andotp';
import { isBitwardenEncrypted, looksLikeBitwardenCsv, looksLikeBitwardenJson } from './parse-bitwarden';
import { looksLikeEnteAuthEncrypted, looksLikeEnteAuthText } from './parse-ente-auth';
import { isProtonEncrypted, looksLikeProtonAuthenticator } from './parse-proton-authenticator';
import { isTwoFasEncrypted, looksLikeTwoFas } from './parse-two-fas';
import { isOwnBackupEncrypted, looksLikeOwnBackup } from './read-backup';

type TextFormat = 'otpauth-list' | 'google-migration' | 'ente-auth' | 'bitwarden-csv';

export type DetectedFormat =
  | { format: TextFormat; encrypted: false; text: string }
  | { format: 'andotp'; encrypted: false; list: unknown[] }
  /** `ente-auth` here is its encrypted JSON export, which is refused. */
  | { format: Exclude<ImportFormat, TextFormat | 'andotp'> | 'ente-auth'; encrypted: boolean; json: Record<string, unknown> };

const SUPPORTED =
  'Supported: our own backups, Aegis exports (.json), 2FAS backups (.2fas), Authenticator extension backups (.json), Bitwarden exports (.json, .csv), Proton Authenticator exports (.json), andOTP plain backups (.json), Ente Auth plain text exports, Google Authenticator export links (otpauth-migration://) and lists of otpauth:// addresses.';

const MAGIC: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'This is a PNG image, not a backup. To import a QR code, show it on screen and use "Scan QR code on this page".'],
  [[0xff, 0xd8, 0xff], 'This is a JPEG image, not a backup. To import a QR code, show it on screen and use "Scan QR code on this page".'],
  [[0x50, 0x4b, 0x03, 0x04], 'This is a ZIP archive. Unpack it and import the backup file inside.'],
  [[0x25, 0x50, 0x44, 0x46], 'This is a PDF document, not a backup file.'],
];

/** Size of `input` in bytes, without encoding megabytes of text just to measure them. */
function byteSize(input: Uint8Array | string): number {
  if (typeof input !== 'string') return input.length;
  if (input.length > MAX_IMPORT_BYTES) return input.length;
  return new TextEncoder().encode(input).length;
}

function toText(input: Uint8Array | string): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  for (const [magic, message] of MAGIC) {
    if (magic.every((b, i) => input[i] === b)) throw new BackupError('unknown_format', message);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch (cause) {
    if (looksLikeAndOtpEncrypted(input)) throw new BackupError('unsupported_encryption', ANDOTP_PLAIN_BACKUP, { cause });
    throw new BackupError('unknown_format', `This file is not text, so it is not a backup we can read. ${SUPPORTED}`, { cause });
  }
}

/**
 * Detects the format of `input` (file bytes or pasted text).
 * @throws BackupError `too_large`, `empty`, `corrupted` (JSON cut short) or `unknown_format`.
 */
export function detectFormat(input: Uint8Array | string): DetectedFormat {
  const size = byteSize(input);
  if (size > MAX_IMPORT_BYTES) {
    const mb = (size / 1024 / 1024).toFixed(1);
    throw new BackupError(
      'too_large',
      `This is ${mb} MB; a backup of authenticator accounts is far smaller, so it is not read (the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB). Check that you chose the right file.`,
    );
  }
  const text = toText(input);
  const trimmed = text.trim();
  if (trimmed === '') throw new BackupError('empty', 'There is nothing to import: the file or text is empty.');

  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return detectJson(trimmed);

  const lines = trimmed.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const migration = lines.filter((l) => /^otpauth-migration:\/\//i.test(l)).length;
  const otpauth = lines.filter((l) => /^otpauth:\/\//i.test(l)).length;
  if (migration > 0 && otpauth === 0) return { format: 'google-migration', encrypted: false, text };
  if (migration === 0 && looksLikeEnteAuthText(lines)) return { format: 'ente-auth', encrypted: false, text };
  if (migration + otpauth > 0) return { format: 'otpauth-list', encrypted: false, text };
  if (looksLikeBitwardenCsv(trimmed)) return { format: 'bitwarden-csv', encrypted: false, text: trimmed };
  if (lines.every((l) => /^https?:\/\//i.test(l))) {
    throw new BackupError('unknown_format', `This holds web addresses, not authenticator accounts. ${SUPPORTED}`);
  }
  throw new BackupError('unknown_format', `This text holds no otpauth:// or otpauth-migration:// addresses, and it is not a backup file we know. ${SUPPORTED}`);
}

function detectJson(text: string): DetectedFormat {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new BackupError('corrupted', 'This file looks like a JSON backup but is damaged or cut short: it is not valid JSON. Use another copy, or export it again.', {
      cause,
    });
  }
  if (Array.isArray(value) && looksLikeAndOtp(value)) return { format: 'andotp', encrypted: false, list: value };
  if (!isRecord(value)) {
    throw new BackupError('unknown_format', `This JSON file is a list, not a backup format we know. ${SUPPORTED}`);
  }
  if (looksLikeOwnBackup(value)) return { format: 'phone-free-backup', encrypted: isOwnBackupEncrypted(value), json: value };
  if (looksLikeAegis(value)) return { format: 'aegis', encrypted: isAegisEncrypted(value), json: value };
  if (looksLikeTwoFas(value)) return { format: '2fas', encrypted: isTwoFasEncrypted(value), json: value };
  if (looksLikeBitwardenJson(value)) return { format: 'bitwarden-json', encrypted: isBitwardenEncrypted(value), json: value };
  if (looksLikeEnteAuthEncrypted(value)) return { format: 'ente-auth', encrypted: true, json: value };
  if (looksLikeProtonAuthenticator(value)) return { format: 'proton-authenticator', encrypted: isProtonEncrypted(value), json: value };
  if (looksLikeAuthenticatorExtension(value)) return { format: 'authenticator-extension', encrypted: false, json: value };
  throw new BackupError('unknown_format', `This JSON file is not a backup format we know. ${SUPPORTED}`);
}

/** "Aegis vault export (encrypted)" */
export function describeDetected(detected: { format: ImportFormat; encrypted: boolean }): string {
  return FORMAT_NAMES[detected.format] + (detected.encrypted ? ' (encrypted)' : '');
}
