/**
 * Normalises and checks base32 secrets. Decoding itself is otpauth's; this module only
 * decides what we accept, so that every part of the product agrees on it.
 */
import { KeyUriError } from './key-uri-error';

const BASE32 = /^[A-Z2-7]+$/;
/** Lengths (mod 8) that a whole number of bytes can produce in unpadded base32. */
const VALID_REMAINDERS = new Set([0, 2, 4, 5, 7]);
/** 8 characters = 40 bits; anything shorter cannot be a real shared secret. */
export const MIN_SECRET_CHARS = 8;
/** 1024 bits is far beyond any real service; longer input is a mistake or an attack. */
export const MAX_SECRET_CHARS = 205;

/**
 * Returns the secret upper-case, without spaces, hyphens or padding, or throws
 * `KeyUriError` (`missing_secret` / `bad_secret`).
 */
export function normalizeSecret(raw: string): string {
  const secret = raw.replace(/[\s-]+/g, '').replace(/=+$/, '').toUpperCase();
  if (secret === '') {
    throw new KeyUriError('missing_secret', 'The code has no secret key. Ask the site for a new QR code or setup key.');
  }
  if (!BASE32.test(secret)) {
    throw new KeyUriError(
      'bad_secret',
      'The secret key is not valid base32: it may only hold the letters A-Z and the digits 2-7. Check for a mistyped 0, 1, 8 or 9.',
    );
  }
  if (!VALID_REMAINDERS.has(secret.length % 8) || secret.length < MIN_SECRET_CHARS) {
    throw new KeyUriError(
      'bad_secret',
      `The secret key is ${secret.length} characters long, which cannot be a complete key. Check that it was copied whole.`,
    );
  }
  if (secret.length > MAX_SECRET_CHARS) {
    throw new KeyUriError('bad_secret', `The secret key is too long (${secret.length} characters; at most ${MAX_SECRET_CHARS}).`);
  }
  return secret;
}
