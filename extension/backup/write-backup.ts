/**
 * Writes our backup file (docs/backup-format.md): encrypted by default; plain only when the
 * caller asks for it, which the UI does only after an explicit warning.
 */
import { BackupError } from './backup-error';
import { aesGcmEncrypt, randomBytes, SCRYPT_DEFAULTS, scryptKey, type ScryptParams } from './backup-crypto';
import {
  accountToJson,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  CONTENT_AAD,
  KEY_AAD,
  MIN_BACKUP_PASSWORD_LENGTH,
  type BackupContent,
  type EncryptedBackupFile,
  type PlainBackupFile,
} from './backup-format';
import { encodeBase64, utf8Bytes } from './encoding';

export type WriteBackupOptions = {
  password: string;
  /** The moment written as `createdAt`. */
  now: number;
  /** scrypt cost; the default (N=2^15, r=8, p=1) is what the format specifies. Tests may lower it. */
  scrypt?: ScryptParams;
};

function normalizeContent(content: BackupContent): BackupContent {
  const accounts = [...content.accounts].map(accountToJson);
  return { accounts, settings: { ...content.settings } };
}

/**
 * The encrypted backup as JSON text.
 * @throws BackupError('weak_password') for a password under 8 characters.
 */
export async function writeEncryptedBackup(content: BackupContent, options: WriteBackupOptions): Promise<string> {
  if (typeof options.password !== 'string' || [...options.password].length < MIN_BACKUP_PASSWORD_LENGTH) {
    throw new BackupError('weak_password', `Choose a backup password of at least ${MIN_BACKUP_PASSWORD_LENGTH} characters: anyone who gets the file can try passwords at leisure.`);
  }
  const scrypt = options.scrypt ?? SCRYPT_DEFAULTS;
  const salt = randomBytes(32);
  const contentKey = randomBytes(32);
  const keyNonce = randomBytes(12);
  const nonce = randomBytes(12);
  const wrappingKey = await scryptKey(options.password, salt, scrypt);
  const wrappedKey = await aesGcmEncrypt(wrappingKey, keyNonce, contentKey, utf8Bytes(KEY_AAD));
  const ciphertext = await aesGcmEncrypt(contentKey, nonce, utf8Bytes(JSON.stringify(normalizeContent(content))), utf8Bytes(CONTENT_AAD));
  const file: EncryptedBackupFile = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: new Date(options.now).toISOString(),
    encryption: {
      cipher: 'AES-256-GCM',
      kdf: { name: 'scrypt', n: scrypt.n, r: scrypt.r, p: scrypt.p, salt: encodeBase64(salt) },
      keyNonce: encodeBase64(keyNonce),
      wrappedKey: encodeBase64(wrappedKey),
    },
    nonce: encodeBase64(nonce),
    ciphertext: encodeBase64(ciphertext),
  };
  return JSON.stringify(file, null, 2) + '\n';
}

/** The unencrypted backup as JSON text: every secret readable. Only behind an explicit warning. */
export function writePlainBackup(content: BackupContent, options: { now: number }): string {
  const file: PlainBackupFile = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: new Date(options.now).toISOString(),
    encryption: null,
    content: normalizeContent(content),
  };
  return JSON.stringify(file, null, 2) + '\n';
}
