/** New shared secrets (RFC 4226 s.4: at least 128 bits, 160 recommended) from a CSPRNG. */
import { Secret } from 'otpauth';

/**
 * A base32 secret of `bytes` random bytes. Uses the platform CSPRNG
 * (`crypto.getRandomValues`) unless `random` is given, which keeps this module pure.
 */
export function generateSecret(bytes = 20, random?: (n: number) => Uint8Array): string {
  if (!Number.isInteger(bytes) || bytes < 10 || bytes > 128) {
    throw new RangeError(`generateSecret: bytes must be a whole number from 10 to 128, got ${bytes}`);
  }
  const buffer = random ? random(bytes) : globalThis.crypto.getRandomValues(new Uint8Array(bytes));
  if (!(buffer instanceof Uint8Array) || buffer.length !== bytes) {
    throw new TypeError(`generateSecret: random(${bytes}) must return a Uint8Array of ${bytes} bytes`);
  }
  return new Secret({ buffer: buffer.slice().buffer }).base32.replace(/=+$/, '');
}
