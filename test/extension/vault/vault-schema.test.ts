/** The IndexedDB schema upgrades: a vault written by version 1 opens in the current version, whole. */
import { beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { generateCode } from '../../../shared/otp';
import { VAULT_DB_NAME, VAULT_DB_VERSION, identityOf, openVaultDb } from '../../../extension/vault/vault-schema';
import { fingerprintSecret, generateVaultKey, importVaultKey, sealSecret } from '../../../extension/vault/vault-crypto';
import { EXAMPLE, account, resetWorld, testClock, vaultWith } from './vault-test-kit';

beforeEach(resetWorld);

/** Writes accounts the way version 1 stored them (no order, pin, previous or delete fields). */
async function writeVersion1(accounts: Array<{ id: string; params: ReturnType<typeof account>; createdAt: number }>) {
  const raw = generateVaultKey();
  const keys = await importVaultKey(raw);
  const records = [];
  for (const { id, params, createdAt } of accounts) {
    records.push({
      id,
      issuer: params.issuer,
      account: params.account,
      type: params.type,
      algorithm: params.algorithm,
      digits: params.digits,
      period: params.period,
      counter: params.counter,
      secret: await sealSecret(keys, id, params.secret),
      fingerprint: await fingerprintSecret(keys, params.secret),
      origin: EXAMPLE.origin,
      site: EXAMPLE.site,
      createdAt,
      updatedAt: createdAt,
    });
  }
  const db = await openVaultDb(1);
  expect(db.version).toBe(1);
  expect([...db.objectStoreNames].sort()).toEqual(['accounts', 'meta']);
  const tx = db.transaction(['accounts', 'meta'], 'readwrite');
  for (const record of records) void tx.objectStore('accounts').put(record as never);
  void tx.objectStore('meta').put({ kind: 'plain', key: raw, createdAt: 1 }, 'key');
  await tx.done;
  db.close();
}

describe('schema upgrade', () => {
  it('is at version 4', () => {
    expect(VAULT_DB_VERSION).toBe(4);
  });

  it('opens a version 1 vault: every account readable, in creation order, with the new fields filled in', async () => {
    const older = account({ account: 'older' });
    const newer = account({ account: 'newer', algorithm: 'SHA256', digits: 8 });
    await writeVersion1([
      { id: 'b', params: newer, createdAt: 2000 },
      { id: 'a', params: older, createdAt: 1000 },
    ]);
    const clock = testClock();
    const vault = vaultWith(clock);
    const { accounts } = await vault.list();
    expect(accounts.map((a) => [a.id, a.order, a.pinned, a.previous, a.deletedAt])).toEqual([
      ['a', 0, false, false, null],
      ['b', 1, false, false, null],
    ]);
    expect((await vault.code('b', clock.now())).code).toBe(generateCode(newer, clock.now()));

    const db = await openDB(VAULT_DB_NAME);
    expect(db.version).toBe(4);
    expect(await db.get('accounts', 'a')).toMatchObject({ identity: identityOf('example.com', 'Example', 'older'), listKey: [1, 0, 1000] });
    expect([...db.transaction('accounts').store.indexNames].sort()).toEqual(['by-deleted', 'by-fingerprint', 'by-identity', 'by-list', 'by-order']);
    db.close();

    // The upgraded records take part in the current rules: duplicates, replacement, order.
    expect((await vault.addAccount(older, null)).outcome).toBe('duplicate');
    const replacement = await vault.addAccount(account({ account: 'older' }), EXAMPLE);
    expect(replacement.outcome).toBe('replaced');
    expect((await vault.addAccount(account({ account: 'third' }), EXAMPLE)).account.order).toBe(2);
    await vault.remove('a');
    expect((await vault.status()).accountCount).toBe(3);
  });

  it('opens a version 2 vault and indexes its deleted accounts', async () => {
    await writeVersion1([{ id: 'a', params: account(), createdAt: 1000 }]);
    const v2 = await openVaultDb(2);
    const record = await v2.get('accounts', 'a');
    await v2.put('accounts', { ...record!, deletedAt: 5000 });
    v2.close();
    const vault = vaultWith(testClock(6000));
    expect(await vault.status()).toMatchObject({ accountCount: 0 });
    expect((await vault.list()).deleted.map((a) => a.id)).toEqual(['a']);
  });

  it('opens a version 3 vault and lists its active accounts in the popup\'s order, deleted ones left out', async () => {
    await writeVersion1([
      { id: 'a', params: account({ account: 'a' }), createdAt: 1000 },
      { id: 'b', params: account({ account: 'b' }), createdAt: 2000 },
      { id: 'c', params: account({ account: 'c' }), createdAt: 3000 },
    ]);
    const v3 = await openVaultDb(3);
    await v3.put('accounts', { ...(await v3.get('accounts', 'c'))!, pinned: true });
    await v3.put('accounts', { ...(await v3.get('accounts', 'a'))!, deletedAt: 5000 });
    v3.close();
    const vault = vaultWith(testClock(6000));
    expect((await vault.head(10)).map((a) => a.id)).toEqual(['c', 'b']);
    expect((await vault.list()).accounts.map((a) => a.id)).toEqual(['c', 'b']);
  });

  it('creates an empty current-version vault from nothing', async () => {
    const vault = vaultWith(testClock());
    expect(await vault.status()).toEqual({ hasPassphrase: false, locked: false, accountCount: 0, lastBackupAt: null });
    const db = await openDB(VAULT_DB_NAME);
    expect(db.version).toBe(VAULT_DB_VERSION);
    db.close();
  });
});
