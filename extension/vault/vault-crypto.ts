/**
 * The vault's cryptography (Aegis-style): a random 256-bit vault key encrypts each secret
 * with AES-256-GCM and a fresh 96-bit nonce; the account id is the additional data, so a
 * ciphertext cannot be moved to another record. An optional passphrase wraps the vault key
 * with a key derived by scrypt (N=2^15, r=8, p=1). Duplicate detection uses an HMAC of the
 * secret under a key derived from the vault key (HKDF), never the secret itself.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';

export const VAULT_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const SALT_BYTES = 32;
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;

/** AES-256-GCM output: `data` is ciphertext followed by the 16-byte tag. */
export type Sealed = { iv: Uint8Array; data: Uint8Array };

/** The vault key wrapped by a passphrase. */
export type WrappedVaultKey = {
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: Uint8Array };
  sealed: Sealed;
};

/**
 * The vault key, imported for its uses. Non-extractable. `local` seals the vault's own
 * bookkeeping (sync's state): derived (HKDF), so the secrets' key has one use.
 */
export type VaultKeys = { aes: CryptoKey; hmac: CryptoKey; local: CryptoKey };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(n));
}

export function generateVaultKey(): Uint8Array<ArrayBuffer> {
  return randomBytes(VAULT_KEY_BYTES);
}

export async function importVaultKey(raw: Uint8Array): Promise<VaultKeys> {
  if (!(raw instanceof Uint8Array) || raw.length !== VAULT_KEY_BYTES) {
    throw new AuthenticatorError('corrupted_vault', 'The vault key is damaged, so no account can be read. Restore your accounts from a backup.');
  }
  const bytes = copy(raw);
  const aes = await crypto.subtle.importKey('raw', bytes, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  const base = await crypto.subtle.importKey('raw', bytes, 'HKDF', false, ['deriveKey']);
  const hmac = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode('phone-free-authenticator secret fingerprint v1') },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
  const local = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encoder.encode('phone-free-authenticator local state v1') },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  return { aes, hmac, local };
}

/** Seals the vault's own bookkeeping (JSON) under `keys.local`; `label` names what it is, so one sealed value cannot stand for another. */
export async function sealLocal(keys: VaultKeys, label: string, value: unknown): Promise<Sealed> {
  return seal(keys.local, encoder.encode(JSON.stringify(value)), encoder.encode(label));
}

/**
 * Opens what `sealLocal` sealed with the same label.
 * @throws AuthenticatorError `corrupted_vault` when it does not open.
 */
export async function openLocal(keys: VaultKeys, label: string, sealed: Sealed): Promise<unknown> {
  try {
    return JSON.parse(decoder.decode(await open(keys.local, sealed, encoder.encode(label))));
  } catch (cause) {
    throw new AuthenticatorError('corrupted_vault', `The extension's stored ${label} is damaged; turn sync off and on again.`, { cause });
  }
}

/** Encrypts a base32 secret for the account `accountId`. */
export async function sealSecret(keys: VaultKeys, accountId: string, secret: string): Promise<Sealed> {
  return seal(keys.aes, encoder.encode(secret), encoder.encode(accountId));
}

/**
 * Decrypts the secret of `accountId`.
 * @throws AuthenticatorError `corrupted_record` when the ciphertext, its nonce or its id do not match.
 */
export async function openSecret(keys: VaultKeys, accountId: string, sealed: Sealed, label: string): Promise<string> {
  try {
    return decoder.decode(await open(keys.aes, sealed, encoder.encode(accountId)));
  } catch (cause) {
    throw new AuthenticatorError(
      'corrupted_record',
      `The secret of "${label}" cannot be decrypted: its stored data is damaged. Your other accounts are unaffected; delete this one and set it up again (or restore it from a backup).`,
      { cause },
    );
  }
}

/** A stable, keyed fingerprint of a secret (base64url HMAC-SHA-256): equal secrets, equal fingerprints. */
export async function fingerprintSecret(keys: VaultKeys, secret: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', keys.hmac, encoder.encode(secret)));
  return toBase64Url(mac);
}

/** Wraps the raw vault key with a key derived from `passphrase`. */
export async function wrapVaultKey(raw: Uint8Array, passphrase: string): Promise<WrappedVaultKey> {
  const salt = randomBytes(SALT_BYTES);
  const kek = await deriveKek(passphrase, { ...SCRYPT_PARAMS, salt });
  return { kdf: { name: 'scrypt', ...SCRYPT_PARAMS, salt }, sealed: await seal(kek, raw, encoder.encode('vault key')) };
}

/**
 * Unwraps the vault key.
 * @throws AuthenticatorError `wrong_passphrase` when the passphrase does not open it.
 */
export async function unwrapVaultKey(wrapped: WrappedVaultKey, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
  if (wrapped?.kdf?.name !== 'scrypt' || !(wrapped.kdf.salt instanceof Uint8Array)) {
    throw new AuthenticatorError('corrupted_vault', 'The stored vault key is damaged, so the vault cannot be unlocked. Restore your accounts from a backup.');
  }
  const kek = await deriveKek(passphrase, wrapped.kdf);
  try {
    return await open(kek, wrapped.sealed, encoder.encode('vault key'));
  } catch (cause) {
    throw new AuthenticatorError('wrong_passphrase', 'That passphrase is not the one that locks this vault. Check it and try again.', { cause });
  }
}

async function deriveKek(passphrase: string, kdf: { N: number; r: number; p: number; salt: Uint8Array }): Promise<CryptoKey> {
  // NFC so the same passphrase typed on another keyboard layout or OS derives the same key.
  const derived = await scryptAsync(encoder.encode(passphrase.normalize('NFC')), kdf.salt, { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: 32 });
  try {
    return await crypto.subtle.importKey('raw', copy(derived), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
  } finally {
    derived.fill(0);
  }
}

async function seal(key: CryptoKey, plain: Uint8Array, additionalData: Uint8Array): Promise<Sealed> {
  const iv = randomBytes(NONCE_BYTES);
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: copy(additionalData) }, key, copy(plain));
  return { iv, data: new Uint8Array(data) };
}

async function open(key: CryptoKey, sealed: Sealed, additionalData: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  if (!(sealed?.iv instanceof Uint8Array) || !(sealed.data instanceof Uint8Array)) throw new TypeError('not a sealed value');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: copy(sealed.iv), additionalData: copy(additionalData) },
    key,
    copy(sealed.data),
  );
  return new Uint8Array(plain);
}

/** A copy backed by a plain ArrayBuffer, as WebCrypto's types want. */
function copy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  out.set(bytes);
  return out;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
