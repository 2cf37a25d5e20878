/**
 * Fixture files for every import format, generated from known accounts with each format's
 * published structure, and encrypted with node:crypto (an implementation independent of the
 * WebCrypto and noble code under test). No real user's file is ever used.
 *
 * - Aegis: docs/vault.md in beemdevelopment/Aegis (slots, scrypt, AES-256-GCM, hex fields).
 * - 2FAS: the 2FAS Android BackupContent (services, schemaVersion 4) and its encryption
 *   (PBKDF2-HMAC-SHA256, 10,000 iterations, 256-byte salt, 12-byte IV, "data:salt:iv").
 * - Authenticator extension: its storage records keyed by hash, defaults left out.
 */
import { createCipheriv, pbkdf2Sync, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { formatKeyUri, type OtpParams } from '../../../../shared/otp';

function gcm(key: Buffer, nonce: Buffer, plaintext: Buffer): { ciphertext: Buffer; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

export function uriListFile(accounts: readonly OtpParams[]): string {
  return ['# exported for a test', '', ...accounts.map(formatKeyUri), ''].join('\n');
}

function aegisEntry(p: OtpParams, i: number) {
  return {
    type: p.type,
    uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: p.account,
    issuer: p.issuer,
    note: '',
    favorite: i === 0,
    icon: null,
    info: p.type === 'hotp' ? { secret: p.secret, algo: p.algorithm, digits: p.digits, counter: p.counter } : { secret: p.secret, algo: p.algorithm, digits: p.digits, period: p.period },
    groups: [],
  };
}

export function aegisDb(accounts: readonly OtpParams[], extraEntries: unknown[] = []) {
  return { version: 3, entries: [...accounts.map(aegisEntry), ...extraEntries], groups: [] };
}

export function aegisPlainFile(accounts: readonly OtpParams[], extraEntries: unknown[] = []): string {
  return JSON.stringify({ version: 1, header: { slots: null, params: null }, db: aegisDb(accounts, extraEntries) }, null, 4);
}

export type AegisOptions = { n?: number; extraSlots?: unknown[]; db?: unknown };

/** An encrypted Aegis export: one password slot (plus `extraSlots`), scrypt N default 2^10 for speed. */
export function aegisEncryptedFile(accounts: readonly OtpParams[], password: string, options: AegisOptions = {}): string {
  const n = options.n ?? 2 ** 10;
  const masterKey = randomBytes(32);
  const salt = randomBytes(32);
  const slotNonce = randomBytes(12);
  const derived = scryptSync(Buffer.from(password, 'utf8'), salt, 32, { N: n, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
  const wrapped = gcm(derived, slotNonce, masterKey);
  const nonce = randomBytes(12);
  const db = gcm(masterKey, nonce, Buffer.from(JSON.stringify(options.db ?? aegisDb(accounts)), 'utf8'));
  return JSON.stringify(
    {
      version: 1,
      header: {
        slots: [
          ...(options.extraSlots ?? []),
          {
            type: 1,
            uuid: randomUUID(),
            key: wrapped.ciphertext.toString('hex'),
            key_params: { nonce: slotNonce.toString('hex'), tag: wrapped.tag.toString('hex') },
            n,
            r: 8,
            p: 1,
            salt: salt.toString('hex'),
            repaired: true,
            is_backup: false,
          },
        ],
        params: { nonce: nonce.toString('hex'), tag: db.tag.toString('hex') },
      },
      db: db.ciphertext.toString('base64'),
    },
    null,
    4,
  );
}

function twoFasService(p: OtpParams, i: number) {
  return {
    name: p.issuer || p.account,
    secret: p.secret,
    updatedAt: 1708958115316 + i,
    otp: {
      label: p.account,
      account: p.account,
      issuer: p.issuer,
      digits: p.digits,
      ...(p.type === 'totp' ? { period: p.period } : { counter: p.counter }),
      algorithm: p.algorithm,
      tokenType: p.type.toUpperCase(),
      source: 'Link',
    },
    order: { position: i },
    icon: { selected: 'Label', label: { text: (p.issuer || p.account).slice(0, 2).toUpperCase(), backgroundColor: 'Orange' } },
  };
}

export function twoFasServices(accounts: readonly OtpParams[]) {
  return accounts.map(twoFasService);
}

const twoFasEnvelope = { groups: [], updatedAt: 1708958781890, schemaVersion: 4, appVersionCode: 5000017, appVersionName: '5.3.5', appOrigin: 'android' };

export function twoFasPlainFile(accounts: readonly OtpParams[], extraServices: unknown[] = []): string {
  return JSON.stringify({ services: [...twoFasServices(accounts), ...extraServices], ...twoFasEnvelope });
}

/** The fixed text 2FAS encrypts as `reference` (any text serves: only its decryption is checked). */
const REFERENCE_TEXT = 'tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6m';

export function twoFasEncryptedFile(accounts: readonly OtpParams[], password: string, options: { services?: unknown; withReference?: boolean } = {}): string {
  const salt = randomBytes(256);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 10_000, 32, 'sha256');
  const seal = (plaintext: string) => {
    const iv = randomBytes(12);
    const { ciphertext, tag } = gcm(key, iv, Buffer.from(plaintext, 'utf8'));
    return `${Buffer.concat([ciphertext, tag]).toString('base64')}:${salt.toString('base64')}:${iv.toString('base64')}`;
  };
  return JSON.stringify({
    services: [],
    ...twoFasEnvelope,
    servicesEncrypted: seal(JSON.stringify(options.services ?? twoFasServices(accounts))),
    ...(options.withReference === false ? {} : { reference: seal(REFERENCE_TEXT) }),
  });
}

/** The Authenticator extension's plain backup: records keyed by hash, default values left out. */
export function authenticatorExtensionFile(accounts: readonly OtpParams[], extra: Record<string, unknown> = {}): string {
  const data: Record<string, unknown> = {};
  accounts.forEach((p, index) => {
    const hash = randomUUID();
    const record: Record<string, unknown> = { encrypted: false, hash, index, type: p.type, secret: p.secret };
    if (index === 1) record.pinned = true;
    if (p.type === 'hotp') record.counter = p.counter;
    if (p.period !== 30) record.period = p.period;
    if (p.issuer) record.issuer = p.issuer;
    if (p.account) record.account = p.account;
    if (p.digits !== 6) record.digits = p.digits;
    if (p.algorithm !== 'SHA1') record.algorithm = p.algorithm;
    record.dataType = 'OTPStorage';
    data[hash] = record;
  });
  return JSON.stringify({ ...data, ...extra }, null, 2);
}
