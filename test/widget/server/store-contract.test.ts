/**
 * The `TwoFactorStore` contract, run against every store (memory, SQLite, PostgreSQL): each risky step is atomic in the
 * store (enrolment save, swap-in, last-step compare-and-set, recovery code consumption, failure
 * count), each gated by the throttle in the same step, which is what lets another store (PostgreSQL, Redis) be written against this file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryStore, sqliteStore, TwoFactorError, type StoredEnrollment, type TwoFactorStore } from '../../../widget/server';
import { postgresStore } from '../../../widget/server/postgres-store';
import { freshSchema, pgTestUrl } from '../../support/postgres-test-db';

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
  ['postgresStore', () => postgresStore(pgTestUrl(), { schema: freshSchema(), maxConnections: 4 })],
];

const enrollment = (id: string, userId = 'u', createdAt = 1000, replacesFactorId: string | null = null): StoredEnrollment => ({
  id,
  userId,
  replacesFactorId,
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
const at = (now: number) => ({ now, waitMs: wait });

describe.each(stores)('%s', (_name, open) => {
  let store: TwoFactorStore;
  beforeEach(() => {
    store = open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('saveEnrollment: 8 concurrent first saves for one user all get the one that is pending', async () => {
    for (const user of ['r1', 'r2', 'r3']) {
      const saved = await Promise.all(Array.from({ length: 8 }, (_, i) => store.saveEnrollment(enrollment(`${user}-e${i}`, user), { replace: false, now: 1000 })));
      const pending = (await store.getEnrollment(user))!.id;
      expect(saved.map((r) => (r.outcome === 'pending' ? r.enrollment.id : r.outcome))).toEqual(saved.map(() => pending));
    }
  });

  it('saveEnrollment keeps an unexpired pending one, replaces an expired one, and replaces on request', async () => {
    const saved = async (e: StoredEnrollment, replace: boolean, now: number) => {
      const result = await store.saveEnrollment(e, { replace, now });
      return result.outcome === 'pending' ? result.enrollment.id : result.outcome;
    };
    expect(await saved(enrollment('e1'), false, 1000)).toBe('e1');
    expect(await saved(enrollment('e2'), false, 2000)).toBe('e1');
    expect(await saved(enrollment('e3'), true, 2000)).toBe('e3');
    expect(await saved(enrollment('e4', 'u', 700_000), false, 700_000)).toBe('e4');
    expect(await store.getEnrollment('u')).toMatchObject({ id: 'e4', replacesFactorId: null });
  });

  it('saveEnrollment stores an enrolment only while the factor is the one it replaces (none for null)', async () => {
    expect(await store.saveEnrollment(enrollment('r1', 'u', 1000, 'f0'), { replace: false, now: 1000 })).toEqual({ outcome: 'factor_changed' });
    expect(await store.getEnrollment('u')).toBeNull();
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, recoveryCodeHashes: [], gate: at(1000) });
    // Enabled now: a first enrolment (made without a code) is refused, a reset of this factor is kept.
    expect(await store.saveEnrollment(enrollment('e2'), { replace: true, now: 2000 })).toEqual({ outcome: 'factor_changed' });
    expect(await store.saveEnrollment(enrollment('r2', 'u', 2000, 'other'), { replace: false, now: 2000 })).toEqual({ outcome: 'factor_changed' });
    expect(await store.getEnrollment('u')).toBeNull();
    const reset = await store.saveEnrollment(enrollment('r3', 'u', 2000, 'e1'), { replace: false, now: 2000 });
    expect(reset).toEqual({ outcome: 'pending', enrollment: enrollment('r3', 'u', 2000, 'e1') });
    expect(await store.getEnrollment('u')).toEqual(enrollment('r3', 'u', 2000, 'e1'));
  });

  it('saveEnrollment does not hand back a pending enrolment made for another factor: it replaces it', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, recoveryCodeHashes: [], gate: at(1000) });
    await store.saveEnrollment(enrollment('r1', 'u', 1000, 'e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'r1', acceptedStep: 2, recoveryCodeHashes: [], gate: at(1000) });
    // A pending enrolment for factor e1 left behind (as a race could) while r1 is the factor.
    await store.saveEnrollment(enrollment('r2', 'u', 1000, 'r1'), { replace: false, now: 1000 });
    expect((await store.getEnrollment('u'))?.replacesFactorId).toBe('r1');
    const again = await store.saveEnrollment(enrollment('r3', 'u', 1000, 'r1'), { replace: false, now: 1000 });
    expect(again.outcome === 'pending' && again.enrollment.id).toBe('r2');
  });

  it('activateEnrollment: first enable stores the codes; a swap keeps them and enabledAt; the enrolment is gone', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    expect(await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 7, recoveryCodeHashes: ['h1', 'h2'], gate: at(1500) })).toEqual({
      outcome: 'activated',
      firstEnable: true,
      enabledAt: 1500,
    });
    expect(await store.getFactor('u')).toMatchObject({ id: 'e1', sealedSecret: 'sealed-e1', lastStep: 7, enabledAt: 1500 });
    expect(await store.getEnrollment('u')).toBeNull();
    await store.saveEnrollment(enrollment('e2', 'u', 2000, 'e1'), { replace: false, now: 2000 });
    expect(await store.activateEnrollment({ userId: 'u', enrollmentId: 'e2', acceptedStep: 9, recoveryCodeHashes: ['x'], gate: at(2500) })).toEqual({
      outcome: 'activated',
      firstEnable: false,
      enabledAt: 1500,
    });
    expect(await store.getFactor('u')).toMatchObject({ id: 'e2', sealedSecret: 'sealed-e2', lastStep: 9, enabledAt: 1500 });
    expect(await store.countRecoveryCodes('u')).toBe(2);
  });

  it('activateEnrollment refuses a wrong id and an expired enrolment (deleting it)', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    expect(await store.activateEnrollment({ userId: 'u', enrollmentId: 'zz', acceptedStep: 1, recoveryCodeHashes: [], gate: at(1000) })).toEqual({ outcome: 'not_found' });
    expect(await store.activateEnrollment({ userId: 'other', enrollmentId: 'e1', acceptedStep: 1, recoveryCodeHashes: [], gate: at(1000) })).toEqual({ outcome: 'not_found' });
    expect(await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, recoveryCodeHashes: [], gate: at(601_000) })).toEqual({ outcome: 'expired' });
    expect(await store.getEnrollment('u')).toBeNull();
    expect(await store.getFactor('u')).toBeNull();
  });

  it('activateEnrollment twice in parallel: one activation', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    const input = { userId: 'u', enrollmentId: 'e1', acceptedStep: 1, recoveryCodeHashes: ['h'], gate: at(1000) };
    const results = await Promise.all([store.activateEnrollment(input), store.activateEnrollment(input)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['activated', 'not_found']);
  });

  it('acceptStep is a compare-and-set on the current factor', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 10, recoveryCodeHashes: [], gate: at(1000) });
    const accept = (factorId: string, step: number, user = 'u') => store.acceptStep(user, factorId, step, at(1000));
    expect(await accept('e1', 10)).toEqual({ outcome: 'used' });
    expect(await accept('e1', 9)).toEqual({ outcome: 'used' });
    expect(await accept('e1', 11)).toEqual({ outcome: 'accepted' });
    expect(await accept('old-factor', 12)).toEqual({ outcome: 'used' });
    expect(await accept('e1', 12, 'nobody')).toEqual({ outcome: 'used' });
    const parallel = await Promise.all([12, 12, 12].map((s) => accept('e1', s)));
    expect(parallel.filter((r) => r.outcome === 'accepted')).toHaveLength(1);
  });

  it('consumeRecoveryCode deletes one code, once; replaceRecoveryCodes needs a factor', async () => {
    expect(await store.replaceRecoveryCodes('u', ['a'])).toBe(false);
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, recoveryCodeHashes: ['a', 'b'], gate: at(1000) });
    const consume = (hash: string, user = 'u') => store.consumeRecoveryCode(user, hash, at(1000));
    expect(await Promise.all([consume('a'), consume('a')])).toEqual([{ outcome: 'consumed' }, { outcome: 'unknown' }]);
    expect(await consume('b', 'other')).toEqual({ outcome: 'unknown' });
    expect(await store.replaceRecoveryCodes('u', ['c', 'd', 'e'])).toBe(true);
    expect(await consume('b')).toEqual({ outcome: 'unknown' });
    expect(await store.countRecoveryCodes('u')).toBe(3);
  });

  it('recordFailure counts consecutive failures and refuses while the user must wait', async () => {
    for (let i = 1; i <= 5; i++) expect(await store.recordFailure('u', at(1000))).toEqual({ outcome: 'counted', failures: i });
    expect(await store.recordFailure('u', at(30_999))).toEqual({ outcome: 'throttled', retryAt: 31_000 });
    expect(await store.recordFailure('u', at(31_000))).toEqual({ outcome: 'counted', failures: 6 });
    expect(await store.recordFailure('v', at(31_000))).toEqual({ outcome: 'counted', failures: 1 });
  });

  it('every success step refuses while the user must wait, changing nothing, and clears the counter once allowed', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, recoveryCodeHashes: ['a', 'b'], gate: at(1000) });
    await store.saveEnrollment(enrollment('e2', 'u', 1000, 'e1'), { replace: false, now: 1000 });
    for (let i = 0; i < 5; i++) await store.recordFailure('u', at(1000));
    const waiting = { outcome: 'throttled', retryAt: 31_000 };
    expect(await store.acceptStep('u', 'e1', 2, at(2000))).toEqual(waiting);
    expect(await store.consumeRecoveryCode('u', 'a', at(2000))).toEqual(waiting);
    expect(await store.activateEnrollment({ userId: 'u', enrollmentId: 'e2', acceptedStep: 3, recoveryCodeHashes: [], gate: at(2000) })).toEqual(waiting);
    expect(await store.getFactor('u')).toMatchObject({ id: 'e1', lastStep: 1 });
    expect(await store.countRecoveryCodes('u')).toBe(2);
    expect((await store.getEnrollment('u'))?.id).toBe('e2');

    expect(await store.acceptStep('u', 'e1', 2, at(31_000))).toEqual({ outcome: 'accepted' });
    expect(await store.recordFailure('u', at(31_000))).toEqual({ outcome: 'counted', failures: 1 });
    for (let i = 0; i < 4; i++) await store.recordFailure('u', at(31_000));
    expect(await store.consumeRecoveryCode('u', 'a', at(61_000))).toEqual({ outcome: 'consumed' });
    expect(await store.recordFailure('u', at(61_000))).toEqual({ outcome: 'counted', failures: 1 });
    for (let i = 0; i < 4; i++) await store.recordFailure('u', at(61_000));
    expect((await store.activateEnrollment({ userId: 'u', enrollmentId: 'e2', acceptedStep: 3, recoveryCodeHashes: [], gate: at(91_000) })).outcome).toBe('activated');
    expect(await store.recordFailure('u', at(91_000))).toEqual({ outcome: 'counted', failures: 1 });
  });

  it('a locking gate: once lockAfter failures are on record, acceptStep and recordFailure answer locked and change nothing', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, recoveryCodeHashes: ['a'], gate: at(1000) });
    const locking = (now: number) => ({ ...at(now), lockAfter: 7 });
    let t = 1000;
    for (let i = 1; i <= 7; i++) {
      t += 60_000;
      expect(await store.recordFailure('u', locking(t))).toEqual({ outcome: 'counted', failures: i });
    }
    // Locked comes before the wait: right away and much later alike.
    for (const now of [t, t + 10 * 86_400_000]) {
      expect(await store.acceptStep('u', 'e1', 5, locking(now))).toEqual({ outcome: 'locked' });
      expect(await store.recordFailure('u', locking(now))).toEqual({ outcome: 'locked' });
    }
    expect((await store.getFactor('u'))?.lastStep).toBe(1);
    // Steps without lockAfter only wait: a recovery code after the wait unlocks.
    expect(await store.recordFailure('u', at(t))).toEqual({ outcome: 'throttled', retryAt: t + 30_000 });
    expect(await store.consumeRecoveryCode('u', 'a', at(t + 30_000))).toEqual({ outcome: 'consumed' });
    expect(await store.acceptStep('u', 'e1', 5, locking(t + 30_000))).toEqual({ outcome: 'accepted' });
  });

  it('resetFailures clears the counter: no wait, no lock', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, recoveryCodeHashes: [], gate: at(1000) });
    for (let i = 0; i < 7; i++) await store.recordFailure('u', { ...at(1000 + i * 60_000), lockAfter: 7 });
    await store.recordFailure('v', at(1000));
    await store.resetFailures('u');
    expect(await store.acceptStep('u', 'e1', 2, { ...at(500_000), lockAfter: 7 })).toEqual({ outcome: 'accepted' });
    expect(await store.recordFailure('u', at(500_000))).toEqual({ outcome: 'counted', failures: 1 });
    expect(await store.recordFailure('v', at(1000))).toEqual({ outcome: 'counted', failures: 2 });
    await store.resetFailures('nobody');
  });

  it('resealFactor only touches the factor it names', async () => {
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, recoveryCodeHashes: [], gate: at(1000) });
    await store.resealFactor('u', 'other', 'nope');
    expect((await store.getFactor('u'))?.sealedSecret).toBe('sealed-e1');
    await store.resealFactor('u', 'e1', 'resealed');
    expect((await store.getFactor('u'))?.sealedSecret).toBe('resealed');
  });

  it('deleteUser removes everything of that user only', async () => {
    for (const user of ['u', 'v']) {
      await store.saveEnrollment(enrollment(`e-${user}`, user), { replace: false, now: 1000 });
      await store.activateEnrollment({ userId: user, enrollmentId: `e-${user}`, acceptedStep: 1, recoveryCodeHashes: ['h'], gate: at(1000) });
      await store.saveEnrollment(enrollment(`p-${user}`, user, 1000, `e-${user}`), { replace: false, now: 1000 });
      await store.recordFailure(user, at(1000));
    }
    expect(await store.deleteUser('u')).toEqual({ hadFactor: true });
    expect(await store.deleteUser('u')).toEqual({ hadFactor: false });
    expect([await store.getFactor('u'), await store.getEnrollment('u'), await store.countRecoveryCodes('u')]).toEqual([null, null, 0]);
    expect(await store.recordFailure('u', at(1000))).toEqual({ outcome: 'counted', failures: 1 });
    expect(await store.getFactor('v')).not.toBeNull();
    expect((await store.getEnrollment('v'))?.id).toBe('p-v');
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

  it('an enrolment pending from before the upgrade (made for no factor) is refused at confirm once the user is enabled', async () => {
    const path = join(dir, 'legacy.sqlite');
    const store = sqliteStore(path);
    await store.saveEnrollment(enrollment('e1'), { replace: false, now: 1000 });
    await store.activateEnrollment({ userId: 'u', enrollmentId: 'e1', acceptedStep: 1, recoveryCodeHashes: [], gate: at(1000) });
    await store.saveEnrollment(enrollment('r1', 'u', 1000, 'e1'), { replace: false, now: 1000 });
    // What the migration leaves on a row written by the previous version (and what a race could leave behind).
    const db = new Database(path);
    db.prepare('UPDATE two_factor_enrollments SET replaces_factor_id = NULL').run();
    db.close();
    expect(await store.activateEnrollment({ userId: 'u', enrollmentId: 'r1', acceptedStep: 2, recoveryCodeHashes: [], gate: at(1000) })).toEqual({ outcome: 'factor_changed' });
    expect(await store.getEnrollment('u')).toBeNull();
    expect(await store.getFactor('u')).toMatchObject({ id: 'e1', lastStep: 1 });
    await store.close();
  });

  it('migrates a version-1 database: its pending enrolments get no factor to replace', async () => {
    const path = join(dir, 'v1.sqlite');
    sqliteStore(path).close();
    const db = new Database(path);
    db.exec('ALTER TABLE two_factor_enrollments DROP COLUMN replaces_factor_id');
    db.prepare("UPDATE two_factor_meta SET value = 1 WHERE key = 'schema_version'").run();
    db.prepare("INSERT INTO two_factor_enrollments VALUES ('u', 'old', 's', 'I', 'a', 'SHA1', 6, 30, 1000, 601000)").run();
    db.close();
    const store = sqliteStore(path);
    expect(await store.getEnrollment('u')).toMatchObject({ id: 'old', replacesFactorId: null });
    await store.close();
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
