/**
 * A hostile Aegis file cannot keep the worker busy deriving keys: at most 4 password slots,
 * their scrypt work summed under a cap, and every slot checked before any key is derived.
 * scrypt is watched (and refuses anything large), so a regression fails fast instead of
 * running seconds of scrypt.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BackupError, readImport } from '../../../extension/backup';
import { aegisEncryptedFile } from './support/fixtures';
import { KNOWN_ACCOUNTS } from './support/known-accounts';

const derivations = vi.hoisted(() => [] as Array<{ n: number; r: number; p: number }>);

vi.mock('../../../extension/backup/backup-crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../extension/backup/backup-crypto')>();
  return {
    ...real,
    scryptKey: async (password: string, salt: Uint8Array, params: { n: number; r: number; p: number }) => {
      derivations.push(params);
      if (params.n * params.r * params.p > 2 ** 14) throw new Error(`test: a large scrypt was started (${JSON.stringify(params)})`);
      return real.scryptKey(password, salt, params);
    },
  };
});

const PASSWORD = 'hunter2hunter2';

/** A password slot that opens nothing (valid fields, random key), with the given scrypt parameters. */
function decoySlot(n: number, r = 8, p = 1) {
  const hex = (bytes: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('hex');
  return { type: 1, uuid: crypto.randomUUID(), key: hex(32), key_params: { nonce: hex(12), tag: hex(16) }, n, r, p, salt: hex(32), repaired: true, is_backup: false };
}

async function errorOf(promise: Promise<unknown>): Promise<BackupError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a BackupError');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BackupError);
  return error as BackupError;
}

beforeEach(() => {
  derivations.length = 0;
});

describe('Aegis password slots', () => {
  it('a file with many password slots is refused before any key is derived', async () => {
    const file = aegisEncryptedFile(KNOWN_ACCOUNTS, PASSWORD, { extraSlots: Array.from({ length: 40 }, () => decoySlot(2 ** 10)) });
    const error = await errorOf(readImport(file, { password: PASSWORD }));
    expect(error.code).toBe('unsupported_encryption');
    expect(error.message).toBe(
      'This Aegis export has 41 password slots; this extension tries at most 4. In Aegis, keep one password (Settings > Security), then export again.',
    );
    expect(derivations).toEqual([]);
  });

  it('slots that are each allowed but together ask for too much scrypt work are refused before any derivation', async () => {
    // N=2^17, r=8, p=4: 2^22 each, the per-slot limit; three of them exceed the 2^23 total.
    const file = aegisEncryptedFile(KNOWN_ACCOUNTS, PASSWORD, { extraSlots: [decoySlot(2 ** 17, 8, 4), decoySlot(2 ** 17, 8, 4), decoySlot(2 ** 17, 8, 4)] });
    const error = await errorOf(readImport(file, { password: PASSWORD }));
    expect(error.code).toBe('unsupported_encryption');
    expect(error.message).toMatch(/^This Aegis export's 4 password slots together ask for more key-derivation work \(scrypt N\*r\*p = \d+\) than this extension allows \(8388608\)\./);
    expect(derivations).toEqual([]);
  });

  it('checks every slot\'s parameters before deriving the first one', async () => {
    const file = aegisEncryptedFile(KNOWN_ACCOUNTS, PASSWORD, { extraSlots: [decoySlot(2 ** 10), decoySlot(3)] });
    const error = await errorOf(readImport(file, { password: PASSWORD }));
    expect(error).toMatchObject({ code: 'unsupported_encryption', message: expect.stringContaining('scrypt N=3') });
    expect(derivations).toEqual([]);
  });

  it('still opens a file whose right slot comes after a decoy, within the limits', async () => {
    const file = aegisEncryptedFile(KNOWN_ACCOUNTS, PASSWORD, { extraSlots: [decoySlot(2 ** 10), decoySlot(2 ** 10)] });
    const parsed = await readImport(file, { password: PASSWORD });
    expect(parsed.candidates).toHaveLength(KNOWN_ACCOUNTS.length);
    expect(derivations).toHaveLength(3);
  });
});
