/**
 * Export to Google Authenticator and back: round trips over random accounts, QR-sized chunks,
 * "2 of 3 scanned" batch state, and codes checked against oathtool.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMigrationPart,
  decodeMigrationUri,
  describeMigrationProgress,
  encodeMigrationUris,
  migrationBatchContents,
  migrationBatchProgress,
  MigrationError,
  type MigrationBatchState,
} from '../../../shared/migration';
import { generateCode, generateSecret, type OtpParams } from '../../../shared/otp';
import { CHECK_TIME_MS, KNOWN_ACCOUNTS, RICH_ACCOUNTS } from '../../extension/backup/support/known-accounts';
import { oathtoolCode, oathtoolMissing } from '../../support/oathtool';

const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && !s.includes(':'));
const representable: fc.Arbitrary<OtpParams> = fc
  .record({
    type: fc.constantFrom('totp' as const, 'hotp' as const),
    bytes: fc.uint8Array({ minLength: 10, maxLength: 64 }),
    algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
    digits: fc.constantFrom(6, 8),
    counter: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    issuer: fc.oneof(fc.constant(''), name),
    account: name,
  })
  .map((r) => ({
    type: r.type,
    secret: generateSecret(r.bytes.length, () => r.bytes),
    algorithm: r.algorithm,
    digits: r.digits,
    period: 30,
    counter: r.type === 'hotp' ? r.counter : 0,
    issuer: r.issuer,
    account: r.account,
  }));

function collect(uris: string[]): MigrationBatchState {
  let state: MigrationBatchState | null = null;
  for (const uri of uris) state = addMigrationPart(state, decodeMigrationUri(uri));
  if (state === null) throw new Error('no codes');
  return state;
}

describe('encodeMigrationUris', () => {
  it('round-trips random accounts exactly, in order, over as many codes as needed', () => {
    fc.assert(
      fc.property(fc.array(representable, { minLength: 1, maxLength: 40 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (accounts, batchId) => {
        const { uris, skipped } = encodeMigrationUris(accounts, { batchId, maxUriChars: 600 });
        expect(skipped).toEqual([]);
        const state = collect(uris);
        expect(migrationBatchProgress(state)).toMatchObject({ complete: true, total: uris.length });
        expect(migrationBatchContents(state).accounts).toEqual(accounts);
      }),
      { numRuns: 60, seed: 8 },
    );
  });

  it('keeps every address within the QR budget unless one account alone is longer', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ...KNOWN_ACCOUNTS[i % KNOWN_ACCOUNTS.length]!, account: `user${i}@example.com` }));
    const { uris } = encodeMigrationUris(many, { batchId: 7 });
    expect(uris.length).toBeGreaterThan(3);
    for (const uri of uris) expect(uri.length).toBeLessThanOrEqual(1000);
    const huge = { ...KNOWN_ACCOUNTS[0]!, account: 'x'.repeat(900) };
    const alone = encodeMigrationUris([huge, KNOWN_ACCOUNTS[0]!], { batchId: 7, maxUriChars: 500 });
    expect(alone.uris).toHaveLength(2);
  });

  it('skips what Google Authenticator cannot show, with the reason, and exports the rest', () => {
    const { uris, skipped } = encodeMigrationUris([...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS], { batchId: 1 });
    expect(skipped.map((s) => [s.account, s.index])).toEqual([
      ['dave', KNOWN_ACCOUNTS.length],
      ['erin', KNOWN_ACCOUNTS.length + 1],
    ]);
    expect(skipped[0]?.message).toMatch(/7 digits/);
    expect(skipped[1]?.message).toMatch(/every 15 seconds/);
    expect(migrationBatchContents(collect(uris)).accounts).toEqual(KNOWN_ACCOUNTS);
  });

  it('refuses a batch id that is not an int32', () => {
    expect(() => encodeMigrationUris(KNOWN_ACCOUNTS, { batchId: 2 ** 31 })).toThrow(RangeError);
  });
});

describe('collecting an export over several QR codes', () => {
  const many = Array.from({ length: 30 }, (_, i) => ({ ...KNOWN_ACCOUNTS[i % KNOWN_ACCOUNTS.length]!, account: `user${i}` }));
  const { uris } = encodeMigrationUris(many, { batchId: 99, maxUriChars: 900 });

  it('reports "2 of 3 scanned" as data, in any scanning order, and tolerates a code scanned twice', () => {
    expect(uris.length).toBe(3);
    let state = addMigrationPart(null, decodeMigrationUri(uris[2]!));
    state = addMigrationPart(state, decodeMigrationUri(uris[0]!));
    state = addMigrationPart(state, decodeMigrationUri(uris[0]!));
    const progress = migrationBatchProgress(state);
    expect(progress).toEqual({ scanned: 2, total: 3, complete: false, missing: [2] });
    expect(describeMigrationProgress(progress)).toBe('2 of 3 QR codes scanned; still to scan: 2.');
    // The state survives JSON (storage.session) unchanged.
    state = JSON.parse(JSON.stringify(state)) as MigrationBatchState;
    state = addMigrationPart(state, decodeMigrationUri(uris[1]!));
    expect(describeMigrationProgress(migrationBatchProgress(state))).toBe('All 3 QR codes scanned.');
    expect(migrationBatchContents(state).accounts).toEqual(many);
  });

  it('refuses a code from another export, naming the progress, without changing the state', () => {
    const state = addMigrationPart(null, decodeMigrationUri(uris[0]!));
    const before = JSON.stringify(state);
    const other = encodeMigrationUris(many, { batchId: 100, maxUriChars: 900 }).uris[1]!;
    try {
      addMigrationPart(state, decodeMigrationUri(other));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).code).toBe('batch_mismatch');
      expect((error as MigrationError).message).toMatch(/1 of 3 scanned/);
    }
    expect(JSON.stringify(state)).toBe(before);
  });
});

describe.skipIf(oathtoolMissing)('imported codes agree with oathtool', () => {
  it('for every known account after an export and import', () => {
    const state = collect(encodeMigrationUris(KNOWN_ACCOUNTS, { batchId: 5 }).uris);
    const imported = migrationBatchContents(state).accounts;
    expect(imported).toHaveLength(KNOWN_ACCOUNTS.length);
    for (const p of imported) {
      // oathtool's HOTP mode is SHA1 only; the known HOTP accounts are SHA1.
      expect(generateCode(p, CHECK_TIME_MS), `${p.issuer}/${p.account}`).toBe(oathtoolCode(p, CHECK_TIME_MS));
    }
  });
});
