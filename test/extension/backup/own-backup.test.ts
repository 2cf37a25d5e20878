/**
 * Our own backup format (docs/backup-format.md): round trips keep every secret byte for byte
 * and all metadata; an independent decryption with node:crypto follows the spec alone; wrong
 * passwords and edited files fail with their own codes.
 */
import { describe, expect, it } from 'vitest';
import { createDecipheriv, scryptSync } from 'node:crypto';
import {
  BACKUP_FORMAT,
  readImport,
  writeEncryptedBackup,
  writePlainBackup,
  type BackupAccount,
  type BackupContent,
} from '../../../extension/backup';
import { KNOWN_ACCOUNTS, RICH_ACCOUNTS } from './support/known-accounts';

const FAST = { n: 2 ** 10, r: 8, p: 1 };
const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);
const PASSWORD = 'backup password ✓ 2026';

const accounts: BackupAccount[] = [...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS].map((p, i) => ({
  ...p,
  id: `acc-${i}`,
  origin: i % 3 === 0 ? null : `https://${i === 1 ? 'bank.example' : 'login.example.com'}`,
  site: i % 3 === 0 ? null : i === 1 ? 'bank.example' : 'example.com',
  pinned: i === 2,
  previous: i === 4,
  order: i * 10,
  createdAt: new Date(NOW - i * 86_400_000).toISOString(),
  updatedAt: new Date(NOW - i * 3_600_000).toISOString(),
}));
const content: BackupContent = { accounts, settings: { autoFill: true, autoLockMinutes: 15, confirmImports: true } };

function toBackupAccounts(parsed: Awaited<ReturnType<typeof readImport>>): BackupAccount[] {
  return parsed.candidates.map((c) => ({ ...c.params, ...c.meta }) as BackupAccount);
}

describe('our backup format', () => {
  it('round-trips the whole vault through the encrypted file: secrets, metadata, order, settings', async () => {
    const file = await writeEncryptedBackup(content, { password: PASSWORD, now: NOW, scrypt: FAST });
    expect(file).not.toContain(KNOWN_ACCOUNTS[0]!.secret);
    const parsed = await readImport(new TextEncoder().encode(file), { password: PASSWORD });
    expect(parsed).toMatchObject({ format: 'phone-free-backup', encrypted: true, invalid: [], notes: [] });
    expect(toBackupAccounts(parsed)).toEqual(accounts);
    expect(parsed.settings).toEqual(content.settings);
  });

  it('round-trips through the plain file, which names itself unencrypted', async () => {
    const file = writePlainBackup(content, { now: NOW });
    const json = JSON.parse(file) as Record<string, unknown>;
    expect(json).toMatchObject({ format: BACKUP_FORMAT, version: 1, createdAt: '2026-03-01T12:00:00.000Z', encryption: null });
    const parsed = await readImport(file);
    expect(parsed.encrypted).toBe(false);
    expect(toBackupAccounts(parsed)).toEqual(accounts);
  });

  it('follows its spec: node:crypto alone (scrypt, AES-256-GCM with the documented AAD) opens it', async () => {
    const file = JSON.parse(await writeEncryptedBackup(content, { password: PASSWORD, now: NOW, scrypt: FAST })) as {
      encryption: { kdf: { n: number; r: number; p: number; salt: string }; keyNonce: string; wrappedKey: string };
      nonce: string;
      ciphertext: string;
    };
    const open = (key: Buffer, nonce: string, sealed: string, aad: string) => {
      const bytes = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
    };
    const { kdf } = file.encryption;
    const kek = scryptSync(Buffer.from(PASSWORD, 'utf8'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.n, r: kdf.r, p: kdf.p });
    const contentKey = open(kek, file.encryption.keyNonce, file.encryption.wrappedKey, 'phone-free-authenticator-backup/1/key');
    expect(contentKey).toHaveLength(32);
    const plain = JSON.parse(open(contentKey, file.nonce, file.ciphertext, 'phone-free-authenticator-backup/1/content').toString('utf8')) as BackupContent;
    expect(plain.accounts).toEqual(accounts);
    expect(plain.settings).toEqual(content.settings);
  });

  it('uses scrypt N=2^15, r=8, p=1 by default and fresh randomness every time', async () => {
    const a = JSON.parse(await writeEncryptedBackup(content, { password: PASSWORD, now: NOW })) as { encryption: { kdf: unknown; wrappedKey: string }; ciphertext: string };
    const b = JSON.parse(await writeEncryptedBackup(content, { password: PASSWORD, now: NOW, scrypt: FAST })) as typeof a;
    expect(a.encryption.kdf).toMatchObject({ name: 'scrypt', n: 32768, r: 8, p: 1 });
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.encryption.wrappedKey).not.toBe(b.encryption.wrappedKey);
  });

  it('refuses a password under 8 characters when writing', async () => {
    await expect(writeEncryptedBackup(content, { password: 'short', now: NOW })).rejects.toMatchObject({ code: 'weak_password' });
  });

  it('asks for the password, then tells a wrong one from a damaged file', async () => {
    const file = await writeEncryptedBackup(content, { password: PASSWORD, now: NOW, scrypt: FAST });
    await expect(readImport(file)).rejects.toMatchObject({ code: 'password_required' });
    await expect(readImport(file, { password: 'not the password' })).rejects.toMatchObject({ code: 'wrong_password', message: expect.stringContaining('does not open') });

    const json = JSON.parse(file) as { ciphertext: string; version: number; encryption: { kdf: { n: number } } };
    const bytes = Buffer.from(json.ciphertext, 'base64');
    bytes[10] = bytes[10]! ^ 1;
    const flipped = JSON.stringify({ ...json, ciphertext: bytes.toString('base64') });
    await expect(readImport(flipped, { password: PASSWORD })).rejects.toMatchObject({ code: 'corrupted', message: expect.stringContaining('password is right') });

    const newer = JSON.stringify({ ...json, version: 2 });
    await expect(readImport(newer, { password: PASSWORD })).rejects.toMatchObject({ code: 'unsupported_version' });

    const cut = file.slice(0, Math.floor(file.length / 2));
    await expect(readImport(cut, { password: PASSWORD })).rejects.toMatchObject({ code: 'corrupted' });

    const hostile = JSON.stringify({ ...json, encryption: { ...json.encryption, kdf: { ...json.encryption.kdf, n: 2 ** 24 } } });
    await expect(readImport(hostile, { password: PASSWORD })).rejects.toMatchObject({ code: 'unsupported_encryption' });
  });

  it('keeps an account whose site binding is unreadable, unbound, and says so', async () => {
    const broken = { ...content, accounts: [{ ...accounts[1]!, origin: 'javascript:alert(1)' }] };
    const parsed = await readImport(writePlainBackup(broken, { now: NOW }));
    expect(parsed.candidates[0]?.meta).toMatchObject({ origin: null, site: null });
    expect(parsed.notes).toEqual([expect.stringContaining('site binding could not be read')]);
  });
});
