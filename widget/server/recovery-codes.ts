/**
 * Recovery codes: 80 random bits each, written for people in Crockford's base32 (no I, L, O or
 * U, so nothing reads as another character), lower case, in four groups of four:
 * `7k2m-9xqd-4hr8-wz3c`. Stored only as hashes; a used code is deleted.
 */
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CODE_BYTES = 10; // 80 bits
const CODE_CHARS = 16; // 80 / 5

/** `count` fresh codes, formatted for display. */
export function generateRecoveryCodes(count: number): string[] {
  return Array.from({ length: count }, () => format(encode(randomBytes(CODE_BYTES))));
}

/**
 * The canonical form of what a person typed (case, spaces and hyphens ignored; i/l read as 1,
 * o as 0), or null when it cannot be a recovery code.
 */
export function normalizeRecoveryCode(input: string): string | null {
  const text = input
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/[il]/g, '1')
    .replace(/o/g, '0');
  if (text.length !== CODE_CHARS) return null;
  for (const char of text) if (!ALPHABET.includes(char)) return null;
  return text;
}

/**
 * The stored form of a normalised code. A fast hash is enough here: a slow, salted hash defends
 * guessable secrets such as passwords, but each code carries 80 random bits, so even with the
 * database in hand, finding a code from its SHA-256 takes about 2^80 hashes.
 */
export function hashRecoveryCode(normalized: string): string {
  return createHash('sha256').update(`two-factor-recovery:${normalized}`).digest('base64url');
}

function encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

function format(code: string): string {
  return code.match(/.{4}/g)!.join('-');
}
