/**
 * Fixture files for every import format, generated from known accounts with each format's
 * published structure, and encrypted with node:crypto (an implementation independent of the
 * WebCrypto and noble code under test). No real user's file is ever used.
 *
 * - Aegis: docs/vault.md in beemdevelopment/Aegis (slots, scrypt, AES-256-GCM, hex fields).
 * - 2FAS: the 2FAS Android BackupContent (services, schemaVersion 4) and its encryption
 *   (PBKDF2-HMAC-SHA256, 10,000 iterations, 256-byte salt, 12-byte IV, "data:salt:iv").
 * - Authenticator extension: its storage records keyed by hash, defaults left out.
 * - Bitwarden: its JSON export (`encrypted`, `folders`, `items` with `login.totp`) and CSV export
 *   (folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp).
 * - Proton Authenticator: `{version: 1, entries: [{id, content: {uri, entry_type, name}, note}]}`.
 * - andOTP: its plain backup, a list of `{secret, issuer, label, digits, type, algorithm, ...}`.
 * - Ente Auth: its plain text export, otpauth:// lines in Ente's parameter order (lower-case
 *   algorithm, padded secret) with its `codeDisplay` JSON parameter.
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

/** A Bitwarden login item: the name is the site, `login.totp` an otpauth:// address unless `totp` says otherwise. */
export function bitwardenItem(p: OtpParams, i: number, totp: string = formatKeyUri(p)) {
  return {
    passwordHistory: null,
    revisionDate: '2026-01-15T10:00:00.000Z',
    creationDate: '2026-01-15T10:00:00.000Z',
    deletedDate: null,
    id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
    organizationId: null,
    folderId: null,
    type: 1,
    reprompt: 0,
    name: p.issuer || p.account,
    notes: i === 0 ? 'recovery codes are in the safe, "second" drawer,\nline two' : null,
    favorite: i === 1,
    login: { fido2Credentials: [], uris: [{ match: null, uri: 'https://example.com/login' }], username: p.account, password: 'not-a-real-password', totp },
    collectionIds: null,
  };
}

export function bitwardenJsonFile(accounts: readonly OtpParams[], extraItems: unknown[] = []): string {
  const note = { id: randomUUID(), organizationId: null, folderId: null, type: 2, reprompt: 0, name: 'A note', notes: 'text', favorite: false, secureNote: { type: 0 }, collectionIds: null };
  const passwordOnly = { ...bitwardenItem(KNOWN_ACCOUNTS_FOR_NOISE, 99), name: 'Password only', login: { uris: [], username: 'x', password: 'y', totp: null } };
  return JSON.stringify({ encrypted: false, folders: [], items: [...accounts.map((p, i) => bitwardenItem(p, i)), note, passwordOnly, ...extraItems] }, null, 2);
}

const KNOWN_ACCOUNTS_FOR_NOISE: OtpParams = { type: 'totp', secret: 'AAAAAAAAAAAAAAAA', algorithm: 'SHA1', digits: 6, period: 30, counter: 0, issuer: 'Noise', account: 'noise' };

/** RFC 4180 quoting, as Bitwarden's exporter (papaparse unparse) writes it. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const BITWARDEN_CSV_HEADER = 'folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp';

export function bitwardenCsvRow(p: OtpParams, i: number, totp: string = formatKeyUri(p)): string {
  const item = bitwardenItem(p, i, totp);
  return ['', item.favorite ? '1' : '', 'login', item.name, item.notes ?? '', '', '0', 'https://example.com/login', p.account, 'not-a-real-password', totp].map(csvField).join(',');
}

export function bitwardenCsvFile(accounts: readonly OtpParams[], extraRows: string[] = []): string {
  const noTotp = ['Work', '', 'login', 'Password only', '', '', '0', 'https://example.org', 'x', 'y', ''].join(',');
  return [BITWARDEN_CSV_HEADER, ...accounts.map((p, i) => bitwardenCsvRow(p, i)), noTotp, ...extraRows, ''].join('\n');
}

export function protonEntry(p: OtpParams, i: number, entryType = 'Totp', uri = formatKeyUri(p)) {
  return { id: `01J${String(i).padStart(23, '0')}`, content: { uri, entry_type: entryType, name: p.account }, note: i === 0 ? 'first' : null };
}

export function protonFile(accounts: readonly OtpParams[], extraEntries: unknown[] = []): string {
  return JSON.stringify({ version: 1, entries: [...accounts.map((p, i) => protonEntry(p, i)), ...extraEntries] }, null, 2);
}

export function andOtpEntry(p: OtpParams) {
  return {
    secret: p.secret,
    issuer: p.issuer,
    label: p.account,
    digits: p.digits,
    type: p.type.toUpperCase(),
    algorithm: p.algorithm,
    thumbnail: 'Default',
    last_used: 1736935200000,
    used_frequency: 3,
    ...(p.type === 'totp' ? { period: p.period } : { counter: p.counter }),
    tags: ['work'],
  };
}

export function andOtpFile(accounts: readonly OtpParams[], extraEntries: unknown[] = []): string {
  return JSON.stringify([...accounts.map(andOtpEntry), ...extraEntries]);
}

/** Base32 padded to a multiple of 8 characters, as Ente writes secrets. */
function padded(secret: string): string {
  return secret + '='.repeat((8 - (secret.length % 8)) % 8);
}

export function enteLine(p: OtpParams, i: number, display: { pinned?: boolean; trashed?: boolean } = {}): string {
  const codeDisplay = { pinned: display.pinned ?? false, trashed: display.trashed ?? false, lastUsedAt: 0, tapCount: i, tags: [], note: i === 0 ? 'a note, with "quotes"' : '', position: i, iconSrc: '', iconID: '' };
  const query = [
    `algorithm=${p.algorithm.toLowerCase()}`,
    `digits=${p.digits}`,
    `issuer=${encodeURIComponent(p.issuer)}`,
    ...(p.type === 'totp' ? [`period=${p.period}`] : [`counter=${p.counter}`]),
    `secret=${encodeURIComponent(padded(p.secret))}`,
    `codeDisplay=${encodeURIComponent(JSON.stringify(codeDisplay))}`,
  ];
  const label = p.issuer ? `${encodeURIComponent(p.issuer)}:${encodeURIComponent(p.account)}` : encodeURIComponent(p.account);
  return `otpauth://${p.type}/${label}?${query.join('&')}`;
}

export function enteTextFile(accounts: readonly OtpParams[], extraLines: string[] = []): string {
  return [...accounts.map((p, i) => enteLine(p, i)), ...extraLines, ''].join('\n');
}
