/**
 * Opening a sealed secret accepts only the full 16-byte GCM tag. Node's decipher takes any tag
 * from 4 to 16 bytes unless told the length, so a body of a few bytes used to open as an empty
 * secret under a truncated tag: 2^32 tries forge it, with no key, for anyone who can write the
 * store (and an empty TOTP key makes codes anyone can compute).
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateEncryptionKey, TwoFactorError } from '../../../widget/server';
import { createSecretBox } from '../../../widget/server/secret-box';

const key = generateEncryptionKey();
const keyBytes = Buffer.from(key, 'base64');
const keyId = createHash('sha256').update(keyBytes).digest('base64url').slice(0, 8);

/** Seals `plaintext` for `userId` as the library does, but keeps only `tagBytes` of the tag. */
function sealWithTag(plaintext: string, userId: string, tagBytes: number): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes, nonce);
  cipher.setAAD(Buffer.from(`two-factor-secret:${userId}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag().subarray(0, tagBytes)]);
  return ['v1', keyId, nonce.toString('base64url'), body.toString('base64url')].join('.');
}

describe('createSecretBox().open', () => {
  it.each([4, 8, 12, 15])('refuses a %i-byte tag as corrupt, even a correct one over an empty secret', (tagBytes) => {
    const box = createSecretBox(key);
    const forged = sealWithTag('', 'alice', tagBytes);
    expect(() => box.open(forged, 'alice')).toThrow(TwoFactorError);
    try {
      box.open(forged, 'alice');
    } catch (error) {
      expect((error as TwoFactorError).code).toBe('corrupt_secret');
    }
  });

  it('refuses a truncated tag on a real secret', () => {
    const box = createSecretBox(key);
    expect(() => box.open(sealWithTag('JBSWY3DPEHPK3PXP', 'alice', 12), 'alice')).toThrow(/integrity check/);
  });

  it('the legitimate twin: a full 16-byte tag opens, ours and one sealed the same way by hand', () => {
    const box = createSecretBox(key);
    expect(box.open(box.seal('JBSWY3DPEHPK3PXP', 'alice'), 'alice')).toEqual({ secret: 'JBSWY3DPEHPK3PXP', stale: false });
    expect(box.open(sealWithTag('JBSWY3DPEHPK3PXP', 'alice', 16), 'alice').secret).toBe('JBSWY3DPEHPK3PXP');
  });
});
