/**
 * Secrets are sealed with the site's key (AES-256-GCM) before they reach the store: the SQLite
 * file holds no secret in any encoding, keys rotate through `previousEncryptionKeys`, and a
 * sealed secret moved to another user does not open.
 */
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from 'otpauth';
import { createTwoFactor, generateEncryptionKey, memoryStore, TwoFactorError } from '../../../widget/server';
import { createSecretBox } from '../../../widget/server/secret-box';
import { makeHarness, STORE_KIND, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

/** Every file SQLite may have written (the WAL holds recent pages until a checkpoint). */
function databaseBytes(path: string): Buffer {
  const files = ['', '-wal', '-shm'].map((suffix) => path + suffix).filter((file) => existsSync(file));
  return Buffer.concat(files.map((file) => readFileSync(file)));
}

function encodings(base32: string): string[] {
  const raw = Buffer.from(Secret.fromBase32(base32).bytes);
  return [base32, base32.toLowerCase(), raw.toString('hex'), raw.toString('base64'), raw.toString('base64url'), raw.toString('latin1')];
}

// The same for PostgreSQL's tables is in postgres-store.test.ts.
describe.runIf(STORE_KIND === 'sqlite')('the SQLite file', () => {
  it('holds no active secret, no pending secret and no recovery code, in any encoding', async () => {
    const { params, recoveryCodes } = await h.enable();
    const pending = await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
    const other = await h.enroll('bob');
    const bytes = databaseBytes(h.dbPath);
    expect(bytes.length).toBeGreaterThan(0);
    const text = bytes.toString('latin1');
    const needles = [
      ...encodings(params.secret),
      ...encodings(pending.body.secret),
      ...encodings(other.secret),
      ...recoveryCodes,
      ...recoveryCodes.map((c) => c.replace(/-/g, '')),
    ];
    for (const needle of needles) expect(text.includes(needle), `found ${needle.length}-char needle`).toBe(false);
    // ... and the raw secret bytes themselves.
    expect(bytes.includes(Buffer.from(Secret.fromBase32(params.secret).bytes))).toBe(false);
  });

  it('stores secrets sealed (v1.<key id>.<nonce>.<ciphertext>) and recovery codes as hashes', async () => {
    await h.enable();
    const db = new Database(h.dbPath, { readonly: true });
    try {
      const factor = db.prepare('SELECT sealed_secret FROM two_factor_factors').get() as { sealed_secret: string };
      expect(factor.sealed_secret).toMatch(/^v1\.[\w-]{8}\.[\w-]{16}\.[\w-]+$/);
      const hashes = db.prepare('SELECT hash FROM two_factor_recovery_codes').all() as Array<{ hash: string }>;
      expect(hashes).toHaveLength(10);
      for (const { hash } of hashes) expect(hash).toMatch(/^[\w-]{43}$/); // SHA-256, base64url
    } finally {
      db.close();
    }
  });

  it('seals the same secret differently each time (fresh nonce), and opens each', () => {
    const box = createSecretBox(h.encryptionKey);
    const a = box.seal('JBSWY3DPEHPK3PXP', 'alice');
    const b = box.seal('JBSWY3DPEHPK3PXP', 'alice');
    expect(a).not.toBe(b);
    expect(box.open(a, 'alice')).toEqual({ secret: 'JBSWY3DPEHPK3PXP', stale: false });
    expect(box.open(b, 'alice')).toEqual({ secret: 'JBSWY3DPEHPK3PXP', stale: false });
  });

  it("refuses to open a sealed secret copied onto another user's row", async () => {
    await h.enable('alice');
    const bob = await h.enable('bob');
    const db = new Database(h.dbPath);
    db.prepare("UPDATE two_factor_factors SET sealed_secret = (SELECT sealed_secret FROM two_factor_factors WHERE user_id = 'alice') WHERE user_id = 'bob'").run();
    db.close();
    await expect(h.tf.verifyLogin('bob', h.code(bob.params))).rejects.toMatchObject({ name: 'TwoFactorError', code: 'corrupt_secret' });
  });
});

describe('key rotation', () => {
  it('opens secrets sealed with a previous key, and re-seals them with the new one on use', async () => {
    const { params } = await h.enable();
    const oldKeyId = (await h.store.getFactor('alice'))!.sealedSecret.split('.')[1];
    await h.store.close();
    const newKey = generateEncryptionKey();
    const rotated = await makeHarness({ dbPath: h.dbPath, encryptionKey: newKey, previousEncryptionKeys: [h.encryptionKey], now: h.clock.now });
    expect(await rotated.tf.verifyLogin('alice', rotated.code(params))).toEqual({ ok: true });
    const newKeyId = (await rotated.store.getFactor('alice'))!.sealedSecret.split('.')[1];
    expect(newKeyId).not.toBe(oldKeyId);
    await rotated.store.close();

    // The old key can now be dropped.
    const newOnly = await makeHarness({ dbPath: h.dbPath, encryptionKey: newKey, now: h.clock.now + 30_000 });
    expect(await newOnly.tf.verifyLogin('alice', newOnly.code(params))).toEqual({ ok: true });
    await newOnly.close();
  });

  it('opens a pending enrolment sealed with a previous key', async () => {
    const e = await h.enroll();
    await h.store.close();
    const rotated = await makeHarness({ dbPath: h.dbPath, encryptionKey: generateEncryptionKey(), previousEncryptionKeys: [h.encryptionKey], now: h.clock.now });
    const confirm = await rotated.call('POST', `/enrollments/${e.id}/confirm`, { body: { code: rotated.code(e.params) } });
    expect(confirm.status).toBe(200);
    await rotated.close();
  });

  it('without the old key, says which option to set instead of accepting anything', async () => {
    const { params } = await h.enable();
    await h.store.close();
    const lost = await makeHarness({ dbPath: h.dbPath, encryptionKey: generateEncryptionKey(), now: h.clock.now });
    const error = await lost.tf.verifyLogin('alice', lost.code(params)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwoFactorError);
    expect(error).toMatchObject({ code: 'unknown_encryption_key', message: expect.stringContaining('previousEncryptionKeys') });
    lost.session('alice', { stage: 'password' });
    const http = await lost.call('POST', '/verify', { body: { code: lost.code(params) } });
    expect(http.status).toBe(500);
    expect(http.body.error.code).toBe('internal_error');
    await lost.close();
  });
});

describe('the key option', () => {
  it.each(['', 'short', Buffer.alloc(16).toString('base64'), Buffer.alloc(33).toString('base64'), 'not base64 at all!!'])(
    'refuses %j with TwoFactorError bad_encryption_key',
    (encryptionKey) => {
      const create = () =>
        createTwoFactor({ store: memoryStore(), issuer: 'X', encryptionKey, allowedOrigins: [], authenticate: async () => null });
      expect(create).toThrow(TwoFactorError);
      expect(create).toThrow(/32 random bytes/);
    },
  );

  it('refuses a bad previous key too, naming it', () => {
    expect(() =>
      createTwoFactor({
        store: memoryStore(),
        issuer: 'X',
        encryptionKey: generateEncryptionKey(),
        previousEncryptionKeys: ['nope'],
        allowedOrigins: [],
        authenticate: async () => null,
      }),
    ).toThrow(/previousEncryptionKeys\[0\]/);
  });
});
