/**
 * Our own backup file, version 1 (specified in docs/backup-format.md): the whole vault as
 * JSON, encrypted with a random content key that a scrypt-derived key wraps, or plain behind
 * an explicit warning. This module holds the types, the constants and the strict reader of
 * the decrypted content; write-backup.ts and read-backup.ts do the cryptography.
 */
import type { OtpParams } from '../../shared/otp';
import type { AccountMeta } from './import-types';

export const BACKUP_FORMAT = 'phone-free-authenticator-backup';
export const BACKUP_VERSION = 1;
/** Passwords shorter than this do not protect a file that can be attacked offline. */
export const MIN_BACKUP_PASSWORD_LENGTH = 8;
/** Additional authenticated data: ties each ciphertext to the format, version and role. */
export const KEY_AAD = `${BACKUP_FORMAT}/${BACKUP_VERSION}/key`;
export const CONTENT_AAD = `${BACKUP_FORMAT}/${BACKUP_VERSION}/content`;

/** One vault account in a backup: its OTP parameters (secret in clear inside the content) and its place in the vault. */
export type BackupAccount = OtpParams & AccountMeta & { id: string };

/** What a backup carries. */
export type BackupContent = {
  accounts: BackupAccount[];
  /** The extension's settings as the vault stores them; restored only for keys the reader knows. */
  settings: Record<string, unknown>;
};

export type EncryptedBackupFile = {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  encryption: {
    cipher: 'AES-256-GCM';
    kdf: { name: 'scrypt'; n: number; r: number; p: number; salt: string };
    /** Base64: the 12-byte nonce the content key was wrapped with. */
    keyNonce: string;
    /** Base64: the 32-byte content key, AES-256-GCM under the scrypt key, tag appended (48 bytes). */
    wrappedKey: string;
  };
  /** Base64: the 12-byte nonce of the content. */
  nonce: string;
  /** Base64: the UTF-8 JSON `BackupContent`, AES-256-GCM under the content key, tag appended. */
  ciphertext: string;
};

export type PlainBackupFile = {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  createdAt: string;
  encryption: null;
  content: BackupContent;
};

/** Field order of an account in the file: stable, so two backups of one vault diff cleanly. */
export function accountToJson(a: BackupAccount): BackupAccount {
  return {
    id: a.id,
    type: a.type,
    secret: a.secret,
    algorithm: a.algorithm,
    digits: a.digits,
    period: a.period,
    counter: a.counter,
    issuer: a.issuer,
    account: a.account,
    origin: a.origin,
    site: a.site,
    pinned: a.pinned,
    previous: a.previous,
    order: a.order,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
