/**
 * Encryption at rest for TOTP secrets: AES-256-GCM with the site's key, a fresh 96-bit nonce per
 * seal, and the user id as additional authenticated data (a secret copied onto another user's
 * row fails to open). Sealed form: `v1.<key id>.<nonce>.<ciphertext+tag>`, base64url parts; the
 * key id (a hash prefix of the key) picks the key, so old keys can be kept for rotation.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { TwoFactorError } from './two-factor-error';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

type Key = { id: string; bytes: Buffer };

export type OpenedSecret = {
  secret: string;
  /** True when it was sealed with one of the previous keys: re-seal it with the current one. */
  stale: boolean;
};

export type SecretBox = {
  seal(secret: string, userId: string): string;
  open(sealed: string, userId: string): OpenedSecret;
};

/**
 * @param encryptionKey base64 (or base64url) of exactly 32 random bytes: seals and opens.
 * @param previousEncryptionKeys older keys: open only.
 * @throws TwoFactorError `bad_encryption_key` for a key that is not 32 bytes of base64.
 */
export function createSecretBox(encryptionKey: string, previousEncryptionKeys: readonly string[] = []): SecretBox {
  const current = parseKey(encryptionKey, 'encryptionKey');
  const keys = new Map<string, Key>([[current.id, current]]);
  previousEncryptionKeys.forEach((k, i) => {
    const key = parseKey(k, `previousEncryptionKeys[${i}]`);
    if (!keys.has(key.id)) keys.set(key.id, key);
  });

  return {
    seal(secret, userId) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.bytes, nonce);
      cipher.setAAD(aad(userId));
      const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [VERSION, current.id, nonce.toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed, userId) {
      const [version, keyId, nonce, body] = sealed.split('.');
      if (version !== VERSION || keyId === undefined || nonce === undefined || body === undefined) {
        throw new TwoFactorError('corrupt_secret', 'A stored two-factor secret is not in a format this library wrote.');
      }
      const key = keys.get(keyId);
      if (!key) {
        throw new TwoFactorError(
          'unknown_encryption_key',
          'A stored two-factor secret was sealed with a key that is neither encryptionKey nor one of previousEncryptionKeys. Add the old key to previousEncryptionKeys.',
        );
      }
      const bytes = Buffer.from(body, 'base64url');
      try {
        // Shorter than a whole tag would make the slices below pass a short tag over an empty text.
        if (bytes.length < TAG_BYTES) throw new RangeError('sealed body shorter than the GCM tag');
        // authTagLength pins the tag: otherwise Node accepts 4 to 16 bytes, and a 4-byte tag is forged in 2^32 tries.
        const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(nonce, 'base64url'), { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(userId));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        const secret = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
        return { secret, stale: key !== current };
      } catch (cause) {
        throw new TwoFactorError('corrupt_secret', 'A stored two-factor secret failed its integrity check (altered, or moved to another user).', {
          cause,
        });
      }
    },
  };
}

/** A new random key in the form `encryptionKey` expects. */
export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

function parseKey(text: string, name: string): Key {
  const bytes = typeof text === 'string' && /^[A-Za-z0-9+/_-]+={0,2}$/.test(text.trim()) ? Buffer.from(text.trim(), 'base64') : Buffer.alloc(0);
  if (bytes.length !== 32) {
    throw new TwoFactorError(
      'bad_encryption_key',
      `${name} must be 32 random bytes in base64 (44 characters); generate one with: node -e "console.log(crypto.randomBytes(32).toString('base64'))"`,
    );
  }
  return { id: createHash('sha256').update(bytes).digest('base64url').slice(0, 8), bytes };
}

function aad(userId: string): Buffer {
  return Buffer.from(`two-factor-secret:${userId}`, 'utf8');
}
