/**
 * The cryptography of backup files, on WebCrypto (crypto.subtle, so it runs in the extension's
 * service worker) and scrypt from @noble/hashes: AES-256-GCM, scrypt with bounded parameters,
 * PBKDF2-SHA256. A failed GCM authentication returns null: the caller knows whether that means
 * a wrong password or a damaged file.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { BackupError } from './backup-error';

export type ScryptParams = { n: number; r: number; p: number };

/** What our backups and the vault use: N=2^15, r=8, p=1. */
export const SCRYPT_DEFAULTS: ScryptParams = { n: 2 ** 15, r: 8, p: 1 };

/** Memory scrypt may take for a file's parameters (128 * N * r bytes); a hostile file asking for more is refused. */
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

/**
 * Checks scrypt parameters read from a file, so that a hostile file cannot make us spend
 * gigabytes or minutes. Accepts N from 2^10 to 2^20 (a power of two), r 1-32, p 1-16.
 */
export function checkScryptParams(params: { n?: unknown; r?: unknown; p?: unknown }, fileName: string): ScryptParams {
  const { n, r, p } = params;
  const ok =
    typeof n === 'number' &&
    typeof r === 'number' &&
    typeof p === 'number' &&
    Number.isInteger(n) &&
    Number.isInteger(r) &&
    Number.isInteger(p) &&
    n >= 2 ** 10 &&
    n <= 2 ** 20 &&
    (n & (n - 1)) === 0 &&
    r >= 1 &&
    r <= 32 &&
    p >= 1 &&
    p <= 16 &&
    128 * n * r <= MAX_SCRYPT_MEMORY &&
    n * r * p <= 2 ** 22;
  if (!ok) {
    throw new BackupError(
      'unsupported_encryption',
      `This ${fileName} uses key-derivation settings (scrypt N=${String(n)}, r=${String(r)}, p=${String(p)}) outside what this extension accepts.`,
    );
  }
  return { n, r, p };
}

/** A 256-bit key from `password` (its UTF-8 bytes) by scrypt. */
export async function scryptKey(password: string, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array<ArrayBuffer>> {
  // The password is used exactly as typed (UTF-8): Aegis and 2FAS do not normalise it either.
  const key = await scryptAsync(new TextEncoder().encode(password), salt, { N: params.n, r: params.r, p: params.p, dkLen: 32, maxmem: MAX_SCRYPT_MEMORY + 1024 * 1024 });
  return new Uint8Array(key);
}

/** A 256-bit key from `password` by PBKDF2-HMAC-SHA256 (2FAS). */
export async function pbkdf2Key(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array<ArrayBuffer>> {
  const base = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 256);
  return new Uint8Array(bits);
}

/** AES-256-GCM encryption; the 16-byte tag is appended to the ciphertext (WebCrypto's layout). */
export async function aesGcmEncrypt(
  key: Uint8Array<ArrayBuffer>,
  nonce: Uint8Array<ArrayBuffer>,
  plaintext: Uint8Array<ArrayBuffer>,
  additionalData?: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
  const params: AesGcmParams = additionalData ? { name: 'AES-GCM', iv: nonce, additionalData } : { name: 'AES-GCM', iv: nonce };
  return new Uint8Array(await crypto.subtle.encrypt(params, cryptoKey, plaintext));
}

/** AES-256-GCM decryption of ciphertext with its tag appended; null when authentication fails. */
export async function aesGcmDecrypt(
  key: Uint8Array<ArrayBuffer>,
  nonce: Uint8Array<ArrayBuffer>,
  ciphertextAndTag: Uint8Array<ArrayBuffer>,
  additionalData?: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (ciphertextAndTag.length < 16) return null;
  const cryptoKey = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
  const params: AesGcmParams = additionalData ? { name: 'AES-GCM', iv: nonce, additionalData } : { name: 'AES-GCM', iv: nonce };
  try {
    return new Uint8Array(await crypto.subtle.decrypt(params, cryptoKey, ciphertextAndTag));
  } catch {
    // OperationError: the tag does not match. Nothing else can fail once the key imported.
    return null;
  }
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}
