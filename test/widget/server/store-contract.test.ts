/**
 * The `TwoFactorStore` contract, run against both stores: each risky step is atomic in the
 * store (enrolment save, swap-in, last-step compare-and-set, recovery code consumption, attempt
 * claim), which is what lets another store (PostgreSQL, Redis) be written against this file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryStore, sqliteStore, TwoFactorError, type StoredEnrollment, type TwoFactorStore } from '../../../widget/server';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'two-factor-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const stores: Array<[string, () => TwoFactorStore]> = [
  ['memoryStore', () => memoryStore()],
  ['sqliteStore', () => sqliteStore(join(dir, 'store.sqlite'))],
];

const enrollment = (id: string, userId = 'u', createdAt = 1000): StoredEnrollment => ({
  id,
  userId,
  sealedSecret: `sealed-${id}`,
  issuer: 'I',
  account: 'a',
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  createdAt,
  expiresAt: createdAt + 600_000,
});
const wait = (failures: number) => (failures >= 5 ? 30_000 : 0);

describe.each(stores)('%s', (_name, open) => {
  let store: TwoFactorStore;
  beforeEach(() => {
    store = open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('saveEnrollment keeps an unexpired pending one, replaces an expired one, and replaces on request', async () => {
    expect((await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 })).id).toBe('e1');
    expect((await store.saveEnrollment(enrollment('e2'), { replace: false, now: 2000 })).id).toBe('e1');
    expect((await store.saveEnrollment(enrollment('e3'), { replace: true, now: 2000 })).id).toBe('e3');
    expect((await store.saveEnrollment(enrollment('e4', 'u', 700_000), { replace: false, now: 700_000 })).id).toBe('e4');
    expect((await store.getEnrollment('u'))?.id).toBe('e4');
  });

  it('activateEnrollment: first enable stores the codes; a swap keeps them and enabledAt; the enrolment is gone', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    expect(await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 7, now: 1500, recoveryCodeHashes: ['h1', 'h2'] })).toEqual({
      outcome: 'activated',
      firstEnable: true,
      enabledAt: 1500,
    });
    expect(await store.getFactor('u')).toMatchObject({ id: 'e1', sealedSecret: 'sealed-e1', lastStep: 7, enabledAt: 1500 });
    expect(await store.getEnrollment('u')).toBeNull();
    await store.saveEnrollment(enrollment('e2', 'u', 2000), { replace: false, now: 2000 });
    expect(await store.activateEnrollment({ userId: 'u', enrollmentId: 'e2', acceptedStep: 9, now: 2500, recoveryCodeHashes: ['x'] })).toEqual({
      outcome: 'activated',
      firstEnable: false,
      enabledAt: 1500,
    });
    expect(await store.getFactor('u')).toMatchObject({ id: 'e2', sealedSecret: 'sealed-e2', lastStep: 9, enabledAt: 1500 });
    expect(await store.countRecoveryCodes('u')).toBe(2);
  });

  it('activateEnrollment refuses a wrong id and an expired enrolment (deleting it)', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    expect(await store.activateEnrollment({ userId: 'u', enrollmentId: 'zz', acceptedStep: 1, now: 1000, recoveryCodeHashes: [] })).toEqual({ outcome: 'not_found' });
    expect(await store.activateEnrollment({ userId: 'other', enrollmentId: 'e1', acceptedStep: 1, now: 1000, recoveryCodeHashes: [] })).toEqual({ outcome: 'not_found' });
    expect(await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, now: 601_000, recoveryCodeHashes: [] })).toEqual({ outcome: 'expired' });
    expect(await store.getEnrollment('u')).toBeNull();
    expect(await store.getFactor('u')).toBeNull();
  });

  it('activateEnrollment twice in parallel: one activation', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    const input = { userId: 'u', enrollmentId: 'e1', acceptedStep: 1, now: 1000, recoveryCodeHashes: ['h'] };
    const results = await Promise.all([store.activateEnrollment(input), store.activateEnrollment(input)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['activated', 'not_found']);
  });

  it('acceptStep is a compare-and-set on the current factor', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 10, now: 1000, recoveryCodeHashes: [] });
    expect(await store.acceptStep('u', 'e1', 10)).toBe(false);
    expect(await store.acceptStep('u', 'e1', 9)).toBe(false);
    expect(await store.acceptStep('u', 'e1', 11)).toBe(true);
    expect(await store.acceptStep('u', 'old-factor', 12)).toBe(false);
    expect(await store.acceptStep('nobody', 'e1', 12)).toBe(false);
    const parallel = await Promise.all([12, 12, 12].map((s) => store.acceptStep('u', 'e1', s)));
    expect(parallel.filter(Boolean)).toHaveLength(1);
  });

  it('consumeRecoveryCode deletes one code, once; replaceRecoveryCodes needs a factor', async () => {
    expect(await store.replaceRecoveryCodes('u', ['a'])).toBe(false);
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, now: 1000, recoveryCodeHashes: ['a', 'b'] });
    expect(await Promise.all([store.consumeRecoveryCode('u', 'a'), store.consumeRecoveryCode('u', 'a')])).toEqual([true, false]);
    expect(await store.consumeRecoveryCode('other', 'b')).toBe(false);
    expect(await store.replaceRecoveryCodes('u', ['c', 'd', 'e'])).toBe(true);
    expect(await store.consumeRecoveryCode('u', 'b')).toBe(false);
    expect(await store.countRecoveryCodes('u')).toBe(3);
  });

  it('claimAttempt counts every attempt until cleared and refuses while waiting', async () => {
    for (let i = 1; i <= 5; i++) expect(await store.claimAttempt('u', 1000, wait)).toEqual({ allowed: true, failures: i });
    expect(await store.claimAttempt('u', 1000, wait)).toEqual({ allowed: false, retryAt: 31_000 });
    expect(await store.claimAttempt('u', 31_000, wait)).toEqual({ allowed: true, failures: 6 });
    await store.clearFailures('u');
    expect(await store.claimAttempt('u', 31_000, wait)).toEqual({ allowed: true, failures: 1 });
    expect(await store.claimAttempt('v', 31_000, wait)).toEqual({ allowed: true, failures: 1 });
  });

  it('resealFactor only touches the factor it names', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, now: 1000, recoveryCodeHashes: [] });
    await store.resealFactor('u', 'other', 'nope');
    expect((await store.getFactor('u'))?.sealedSecret).toBe('sealed-e1');
    await store.resealFactor('u', 'e1', 'resealed');
    expect((await store.getFactor('u'))?.sealedSecret).toBe('resealed');
  });

  it('deleteUser removes everything of that user only', async () => {
    for (const user of ['u', 'v']) {
      await store.saveEnrollment(enrollment(`e-${user}`, user), { replace: false, now: 1000 });
      await store.activateEnrollment({ userId: user, enrollmentId: `e-${user}`, acceptedStep: 1, now: 1000, recoveryCodeHashes: ['h'] });
      await store.saveEnrollment(enrollment(`p-${user}`, user), { replace: false, now: 1000 });
      await store.claimAttempt(user, 1000, wait);
    }
    expect(await store.deleteUser('u')).toEqual({ hadFactor: true });
    expect(await store.deleteUser('u')).toEqual({ hadFactor: false });
    expect([await store.getFactor('u'), await store.getEnrollment('u'), await store.countRecoveryCodes('u')]).toEqual([null, null, 0]);
    expect(await store.claimAttempt('u', 1000, wait)).toEqual({ allowed: true, failures: 1 });
    expect(await store.getFactor('v')).not.toBeNull();
    expect(await store.countRecoveryCodes('v')).toBe(1);
  });

  it('hands out copies: editing a returned record changes nothing stored', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    const copy = (await store.getEnrollment('u'))!;
    copy.sealedSecret = 'tampered';
    expect((await store.getEnrollment('u'))?.sealedSecret).toBe('sealed-e1');
  });
});

describe('sqliteStore', () => {
  it('uses WAL and keeps data across reopening', async () => {
    const path = join(dir, 'a.sqlite');
    const first = sqliteStore(path);
    await first.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await first.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const second = sqliteStore(path);
    expect((await second.getEnrollment('u'))?.id).toBe('e1');
    await second.close();
  });

  it('refuses a database written by a newer schema, saying what to do', () => {
    const path = join(dir, 'b.sqlite');
    sqliteStore(path).close();
    const db = new Database(path);
    db.prepare("UPDATE two_factor_meta SET value = 99 WHERE key = 'schema_version'").run();
    db.close();
    expect(() => sqliteStore(path)).toThrow(TwoFactorError);
    expect(() => sqliteStore(path)).toThrow(/Upgrade the library/);
  });
});
