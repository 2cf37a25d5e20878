/**
 * Reads our own backup file (docs/backup-format.md), encrypted or plain, into import
 * candidates that keep every account's metadata, plus the settings it carried.
 */
import { BackupError } from './backup-error';
import { aesGcmDecrypt, checkScryptParams, scryptKey } from './backup-crypto';
import { BACKUP_FORMAT, BACKUP_VERSION, CONTENT_AAD, KEY_AAD } from './backup-format';
import { decodeBase64Field, utf8Bytes, parseJsonBytes } from './encoding';
import type { AccountMeta, ImportCandidate, ImportProblem, ParsedImport } from './import-types';
import { isRecord } from './is-record';
import { labelOf, problem, toCandidate } from './to-candidate';

const FILE = 'backup';
const MAX_ID_LENGTH = 200;
const MAX_SITE_LENGTH = 253;

export function looksLikeOwnBackup(value: Record<string, unknown>): boolean {
  return value.format === BACKUP_FORMAT;
}

export function isOwnBackupEncrypted(value: Record<string, unknown>): boolean {
  return value.encryption !== null;
}

export async function parseOwnBackup(file: Record<string, unknown>, password: string | undefined): Promise<ParsedImport> {
  if (file.version !== BACKUP_VERSION) {
    const newer = typeof file.version === 'number' && file.version > BACKUP_VERSION;
    throw new BackupError(
      newer ? 'unsupported_version' : 'corrupted',
      newer
        ? `This backup was made by a newer version of the extension (format ${file.version}); update the extension to restore it.`
        : `This ${FILE} is damaged: its format version is missing or wrong.`,
    );
  }
  const encrypted = isOwnBackupEncrypted(file);
  const content = encrypted ? await decryptContent(file, password) : file.content;
  if (!isRecord(content) || !Array.isArray(content.accounts)) {
    throw new BackupError('corrupted', `This ${FILE} is damaged: it has no list of accounts.`);
  }
  const candidates: ImportCandidate[] = [];
  const invalid: ImportProblem[] = [];
  const notes: string[] = [];
  content.accounts.forEach((entry: unknown, i: number) => {
    const where = `account ${i + 1}`;
    if (!isRecord(entry)) {
      invalid.push(problem(where, 'unnamed account', 'bad_entry', 'This entry is not an account record.').problem);
      return;
    }
    const { meta, dropped } = readMeta(entry, i);
    if (dropped.length > 0) notes.push(`${where} (${labelOf(entry.issuer, entry.account)}): its ${dropped.join(' and ')} could not be read and ${dropped.length > 1 ? 'were' : 'was'} left out.`);
    const result = toCandidate(where, entry as Parameters<typeof toCandidate>[1], meta);
    if ('candidate' in result) candidates.push(result.candidate);
    else invalid.push(result.problem);
  });
  const settings = isRecord(content.settings) ? content.settings : {};
  return { format: 'phone-free-backup', encrypted, candidates, invalid, notes, settings };
}

/** Metadata is checked field by field; a field that cannot be read is dropped and said, never guessed. */
function readMeta(entry: Record<string, unknown>, index: number): { meta: AccountMeta; dropped: string[] } {
  const dropped: string[] = [];
  const text = (value: unknown, max: number, what: string): string | null => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' && value.length > 0 && value.length <= max) return value;
    dropped.push(what);
    return null;
  };
  let origin = text(entry.origin, 2048, 'site binding');
  if (origin !== null && !isOrigin(origin)) {
    dropped.push('site binding');
    origin = null;
  }
  const site = origin === null ? null : text(entry.site, MAX_SITE_LENGTH, 'site binding');
  const time = (value: unknown, what: string): string | null => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
    dropped.push(what);
    return null;
  };
  const order = typeof entry.order === 'number' && Number.isSafeInteger(entry.order) ? entry.order : index;
  return {
    meta: {
      id: text(entry.id, MAX_ID_LENGTH, 'id'),
      origin,
      site: origin === null ? null : site,
      pinned: entry.pinned === true,
      previous: entry.previous === true,
      order,
      createdAt: time(entry.createdAt, 'creation time'),
      updatedAt: time(entry.updatedAt, 'change time'),
    },
    dropped: [...new Set(dropped)],
  };
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

async function decryptContent(file: Record<string, unknown>, password: string | undefined): Promise<unknown> {
  const encryption = file.encryption;
  if (!isRecord(encryption) || encryption.cipher !== 'AES-256-GCM' || !isRecord(encryption.kdf) || encryption.kdf.name !== 'scrypt') {
    throw new BackupError('corrupted', `This ${FILE} is damaged: its encryption header is not one this format defines.`);
  }
  const params = checkScryptParams(encryption.kdf, FILE);
  const salt = decodeBase64Field(encryption.kdf.salt, 'encryption.kdf.salt', FILE);
  if (salt.length < 16) throw new BackupError('corrupted', `This ${FILE} is damaged: its salt is too short.`);
  const keyNonce = decodeBase64Field(encryption.keyNonce, 'encryption.keyNonce', FILE, 12);
  const wrappedKey = decodeBase64Field(encryption.wrappedKey, 'encryption.wrappedKey', FILE, 48);
  const nonce = decodeBase64Field(file.nonce, 'nonce', FILE, 12);
  const ciphertext = decodeBase64Field(file.ciphertext, 'ciphertext', FILE);
  if (password === undefined || password === '') {
    throw new BackupError('password_required', 'This backup is encrypted: enter the backup password you chose when you made it.');
  }
  const wrappingKey = await scryptKey(password, salt, params);
  const contentKey = await aesGcmDecrypt(wrappingKey, keyNonce, wrappedKey, utf8Bytes(KEY_AAD));
  if (contentKey === null) {
    throw new BackupError('wrong_password', 'The password does not open this backup. Use the backup password you chose when you made it (not the vault passphrase, unless they are the same).');
  }
  const plaintext = await aesGcmDecrypt(contentKey, nonce, ciphertext, utf8Bytes(CONTENT_AAD));
  if (plaintext === null) {
    throw new BackupError('corrupted', 'The password is right, but this backup is damaged: its content fails its integrity check. Use another copy of the backup.');
  }
  return parseJsonBytes(plaintext, FILE);
}
