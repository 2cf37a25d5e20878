/**
 * The vault's account rules: encryption round trips, duplicates, replaced tokens, soft
 * delete with undo, names and order, HOTP counters and damaged records.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { Secret } from 'otpauth';
import { generateCode, stepEndsAt } from '../../../shared/otp';
import { UNDO_WINDOW_MS, type Vault } from '../../../extension/vault';
import { EXAMPLE, OTHER, account, rejectionOf, resetWorld, snapshot, testClock, vaultWith, type TestClock } from './vault-test-kit';

let clock: TestClock;
let vault: Vault;
beforeEach(() => {
  resetWorld();
  clock = testClock();
  vault = vaultWith(clock);
});

describe('encryption', () => {
  it.each([
    { algorithm: 'SHA1' as const, digits: 6, period: 30 },
    { algorithm: 'SHA256' as const, digits: 8, period: 60 },
    { algorithm: 'SHA512' as const, digits: 7, period: 15 },
  ])('stores $algorithm/$digits/$period and gives the same codes as the plain parameters', async (shape) => {
    const params = account(shape);
    const { account: view, outcome } = await vault.addAccount(params, EXAMPLE);
    expect(outcome).toBe('added');
    expect(await vault.readOtpParams(view.id)).toEqual(params);
    for (const t of [clock.now(), clock.now() + 3_600_000, 0]) {
      expect(await vault.code(view.id, t)).toEqual({ code: generateCode(params, t), expiresAt: stepEndsAt(shape.period, t) });
    }
  });

  it('keeps no secret in IndexedDB, neither as base32 nor as raw bytes, and uses a fresh nonce each time', async () => {
    const a = account();
    const b = account({ account: 'bob@example.com' });
    await vault.addAccount(a, EXAMPLE);
    await vault.addAccount(b, EXAMPLE);
    const db = await openDB('authenticator-vault');
    const records = await db.getAll('accounts');
    db.close();
    const stored = JSON.stringify(records, (_k, v) => (v instanceof Uint8Array ? Array.from(v) : v));
    for (const params of [a, b]) {
      expect(stored).not.toContain(params.secret);
      const raw = Array.from(new Uint8Array(Secret.fromBase32(params.secret).buffer)).join(',');
      expect(stored).not.toContain(raw);
    }
    expect(records[0].secret.iv).toHaveLength(12);
    expect(Array.from(records[0].secret.iv)).not.toEqual(Array.from(records[1].secret.iv));
  });

  it('binds each ciphertext to its account: moved to another record it does not decrypt', async () => {
    const first = (await vault.addAccount(account(), EXAMPLE)).account;
    const second = (await vault.addAccount(account({ account: 'bob' }), EXAMPLE)).account;
    const db = await openDB('authenticator-vault');
    const a = await db.get('accounts', first.id);
    const b = await db.get('accounts', second.id);
    await db.put('accounts', { ...b, secret: a.secret });
    db.close();
    expect((await rejectionOf(() => vault.code(second.id))).code).toBe('corrupted_record');
    expect((await vault.code(first.id)).code).toMatch(/^\d{6}$/);
  });

  it('refuses parameters no key URI could carry, with the parser\'s message', async () => {
    const error = await rejectionOf(() => vault.addAccount(account({ secret: 'NOT-BASE32-1890' }), EXAMPLE));
    expect(error.code).toBe('bad_secret');
    expect(error.message).toMatch(/base32/);
    expect((await vault.list()).accounts).toEqual([]);
  });
});

describe('duplicates and replaced tokens', () => {
  it('returns the existing account for the same type, secret, issuer and account name', async () => {
    const params = account();
    const first = await vault.addAccount(params, EXAMPLE);
    const again = await vault.addAccount({ ...params, secret: params.secret.toLowerCase() }, OTHER);
    expect(again.outcome).toBe('duplicate');
    expect(again.account.id).toBe(first.account.id);
    expect(again.account.site).toBe('example.com');
    expect((await vault.list()).accounts).toHaveLength(1);
  });

  it('keeps accounts that only share a secret (other names, another type) as separate accounts', async () => {
    const params = account();
    await vault.addAccount(params, EXAMPLE);
    const renamed = await vault.addAccount({ ...params, issuer: 'Renamed', account: 'someone' }, OTHER);
    const counter = await vault.addAccount({ ...params, type: 'hotp', counter: 4 }, null);
    expect([renamed.outcome, counter.outcome]).toEqual(['added', 'added']);
    expect((await vault.list()).accounts.map((a) => a.type).sort()).toEqual(['hotp', 'totp', 'totp']);
  });

  it('of two copies of a HOTP account keeps the newer counter', async () => {
    const hotp = account({ type: 'hotp', counter: 10 });
    const first = (await vault.addAccount(hotp, null)).account;
    const counter = async () => (await vault.exportAccounts()).accounts.map((a) => a.params.counter);
    expect((await vault.addAccount({ ...hotp, counter: 3 }, null)).outcome).toBe('duplicate');
    expect(await counter()).toEqual([10]);
    const newer = await vault.addAccount({ ...hotp, counter: 25 }, null);
    expect(newer).toMatchObject({ outcome: 'duplicate', account: { id: first.id } });
    expect(await counter()).toEqual([25]);
  });

  it('binds an unbound duplicate (an import) to the site it is scanned on, and restores a deleted one', async () => {
    const params = account();
    const imported = (await vault.addAccount(params, null)).account;
    await vault.remove(imported.id);
    const scanned = await vault.addAccount(params, EXAMPLE);
    expect(scanned).toMatchObject({ outcome: 'duplicate', account: { id: imported.id, site: 'example.com', origin: EXAMPLE.origin, deletedAt: null } });
  });

  it('makes a new token for the same site, issuer and account the default and keeps the old one as previous', async () => {
    const old = (await vault.addAccount(account(), EXAMPLE)).account;
    await vault.pin(old.id, true);
    const renewed = await vault.addAccount(account({ issuer: 'EXAMPLE', account: 'Alice@Example.com' }), EXAMPLE);
    expect(renewed.outcome).toBe('replaced');
    const { accounts } = await vault.list();
    expect(accounts.map((a) => [a.id, a.previous])).toEqual(
      expect.arrayContaining([
        [renewed.account.id, false],
        [old.id, true],
      ]),
    );
    // The new token takes the old one's place and pin; both still give codes.
    expect(accounts.find((a) => a.id === renewed.account.id)).toMatchObject({ pinned: true, order: old.order });
    expect((await vault.code(old.id)).code).toMatch(/^\d{6}$/);
  });

  it('treats other sites and other account names as separate logins', async () => {
    await vault.addAccount(account(), EXAMPLE);
    await vault.addAccount(account(), OTHER);
    await vault.addAccount(account({ account: 'bob@example.com' }), EXAMPLE);
    expect((await vault.list()).accounts.every((a) => !a.previous)).toBe(true);
  });

  it('brings the previous token back as default when the new one is deleted, and back again on undo', async () => {
    const old = (await vault.addAccount(account(), EXAMPLE)).account;
    const renewed = (await vault.addAccount(account(), EXAMPLE)).account;
    await vault.remove(renewed.id);
    expect((await vault.list()).accounts).toMatchObject([{ id: old.id, previous: false }]);
    await vault.restore(renewed.id);
    const flags = Object.fromEntries((await vault.list()).accounts.map((a) => [a.id, a.previous]));
    expect(flags).toEqual({ [old.id]: true, [renewed.id]: false });
  });

  it('adds a batch (an import) in one go with per-item outcomes', async () => {
    const a = account();
    const results = await vault.addAccounts([
      { params: a, binding: null },
      { params: a, binding: null },
      { params: account({ account: 'bob' }), binding: null },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['added', 'duplicate', 'added']);
    expect(results[1]!.account.id).toBe(results[0]!.account.id);
  });
});

describe('head: the first screenful without reading the rest', () => {
  it('is always the start of list(), through adds, pins, reorders, deletes, restores and replaced tokens', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await vault.addAccount(account({ account: `user${i}` }), EXAMPLE)).account.id);
    const same = async () => {
      const { accounts } = await vault.list();
      expect((await vault.head(5)).map((a) => a.id)).toEqual(accounts.slice(0, 5).map((a) => a.id));
      expect((await vault.head(100)).map((a) => a.id)).toEqual(accounts.map((a) => a.id));
    };
    await same();
    await vault.pin(ids[6]!, true);
    await same();
    await vault.reorder([ids[3]!, ids[1]!, ids[0]!]);
    await same();
    await vault.remove(ids[3]!);
    await same();
    await vault.restore(ids[3]!);
    await same();
    // A new token for a login takes the old one's place; the old one stays, as previous.
    await vault.addAccount(account({ account: 'user1' }), EXAMPLE);
    await same();
    await vault.pin(ids[6]!, false);
    await same();
  });
  it('completes while a whole-list read of many accounts is still in progress (it never waits for one)', async () => {
    await vault.addAccounts(Array.from({ length: 2_000 }, (_, i) => ({ params: account({ issuer: `Service ${i}`, account: `user${i}` }), binding: null })));
    let wholeDone = false;
    const whole = vault.list().then((list) => {
      wholeDone = true;
      return list;
    });
    const head = await vault.head(30);
    expect(wholeDone).toBe(false);
    const { accounts } = await whole;
    expect(accounts).toHaveLength(2_000);
    expect(head).toEqual(accounts.slice(0, 30));
  });
});

describe('soft delete', () => {
  it('hides a deleted account, keeps it restorable for 30 days, then purges it', async () => {
    const kept = (await vault.addAccount(account({ account: 'kept' }), EXAMPLE)).account;
    const gone = (await vault.addAccount(account({ account: 'gone' }), EXAMPLE)).account;
    await vault.remove(gone.id);
    expect((await vault.status()).accountCount).toBe(1);
    let list = await vault.list();
    expect(list.accounts.map((a) => a.id)).toEqual([kept.id]);
    expect(list.deleted).toMatchObject([{ id: gone.id, deletedAt: clock.now() }]);
    expect((await rejectionOf(() => vault.code(gone.id))).code).toBe('account_not_found');
    expect((await vault.summaries()).map((s) => s.id)).toEqual([kept.id]);

    clock.advance(UNDO_WINDOW_MS - 1000);
    expect((await vault.restore(gone.id)).deletedAt).toBeNull();
    await vault.remove(gone.id);

    clock.advance(UNDO_WINDOW_MS + 1);
    list = await vault.list();
    expect(list.deleted).toEqual([]);
    expect((await rejectionOf(() => vault.restore(gone.id))).code).toBe('account_not_found');
    expect(await vault.purgeDeleted()).toBe(1);
    expect((await vault.exportAccounts()).accounts.map((a) => a.account.id)).toEqual([kept.id]);
  });

  it('says which id it does not know', async () => {
    const error = await rejectionOf(() => vault.remove('nope'));
    expect(error.code).toBe('account_not_found');
    expect(error.message).toBe('[account_not_found] There is no account with id "nope" (it may have been deleted).');
  });
});

describe('names, pins and order', () => {
  it('renames (trimmed) and refuses an empty account name', async () => {
    const a = (await vault.addAccount(account(), EXAMPLE)).account;
    expect(await vault.rename(a.id, '  Work  ', ' me@work ')).toMatchObject({ issuer: 'Work', account: 'me@work' });
    expect((await rejectionOf(() => vault.rename(a.id, 'Work', '   '))).code).toBe('bad_request');
  });

  it('lists pinned accounts first, then in the chosen order', async () => {
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) ids.push((await vault.addAccount(account({ account: name }), EXAMPLE)).account.id);
    const [a, b, c, d] = ids as [string, string, string, string];
    await vault.reorder([c, a]);
    expect((await vault.list()).accounts.map((x) => x.id)).toEqual([c, a, b, d]);
    await vault.pin(d, true);
    expect((await vault.list()).accounts.map((x) => x.id)).toEqual([d, c, a, b]);
    expect((await rejectionOf(() => vault.reorder(['missing']))).code).toBe('account_not_found');
    expect((await vault.list()).accounts.map((x) => x.id)).toEqual([d, c, a, b]);
  });
});

describe('codes', () => {
  it('advances an HOTP counter with each code, as RFC 4226 expects', async () => {
    const params = account({ type: 'hotp', counter: 5 });
    const { id } = (await vault.addAccount(params, EXAMPLE)).account;
    const first = await vault.code(id);
    const second = await vault.code(id);
    expect(first).toEqual({ code: generateCode({ ...params, counter: 5 }, 0), expiresAt: 0 });
    expect(second.code).toBe(generateCode({ ...params, counter: 6 }, 0));
    expect((await vault.readOtpParams(id)).counter).toBe(7);
  });

  it('gives codes for the listed accounts, each failure apart', async () => {
    const a = (await vault.addAccount(account(), EXAMPLE)).account;
    const h = (await vault.addAccount(account({ type: 'hotp', account: 'h' }), EXAMPLE)).account;
    const codes = await vault.codes([a.id, h.id, 'missing'], clock.now());
    expect(codes[0]).toMatchObject({ id: a.id, code: expect.stringMatching(/^\d{6}$/) });
    expect(codes[1]).toMatchObject({ id: h.id, error: { code: 'bad_request' } });
    expect(codes[2]).toMatchObject({ id: 'missing', error: { code: 'account_not_found' } });
  });

  it('offers a page only the default TOTP accounts of its own site, origin matches first', async () => {
    const sameOrigin = (await vault.addAccount(account({ account: 'origin' }), EXAMPLE)).account;
    const sameSite = (await vault.addAccount(account({ account: 'site' }), { origin: 'https://www.example.com', site: 'example.com' })).account;
    await vault.addAccount(account({ account: 'elsewhere' }), OTHER);
    await vault.addAccount(account({ account: 'unbound' }), null);
    const replaced = (await vault.addAccount(account({ account: 'site' }), { origin: 'https://www.example.com', site: 'example.com' })).account;
    const codes = await vault.codesForPage(EXAMPLE, clock.now());
    expect(codes.map((c) => [c.accountId, c.match])).toEqual([
      [sameOrigin.id, 'origin'],
      [replaced.id, 'site'],
    ]);
    expect(codes.map((c) => c.accountId)).not.toContain(sameSite.id);
    expect(JSON.stringify(codes)).not.toMatch(/secret/i);
  });
});

describe('damaged records', () => {
  it('reports a corrupted secret for that account only and changes nothing', async () => {
    const good = (await vault.addAccount(account({ account: 'good' }), EXAMPLE)).account;
    const bad = (await vault.addAccount(account({ account: 'bad' }), EXAMPLE)).account;
    const db = await openDB('authenticator-vault');
    const record = await db.get('accounts', bad.id);
    record.secret.data[3] ^= 0xff;
    await db.put('accounts', record);
    db.close();
    const before = await snapshot();

    const error = await rejectionOf(() => vault.code(bad.id));
    expect(error.code).toBe('corrupted_record');
    expect(error.message).toMatch(/Example \(bad\).*damaged.*other accounts are unaffected/);
    expect((await vault.code(good.id)).code).toMatch(/^\d{6}$/);
    expect((await vault.list()).accounts).toHaveLength(2);
    expect(await vault.codes([good.id, bad.id])).toMatchObject([{ id: good.id }, { id: bad.id, error: { code: 'corrupted_record' } }]);
    const exported = await vault.exportAccounts();
    expect(exported.accounts.map((a) => a.account.id)).toEqual([good.id]);
    expect(exported.failed.map((f) => f.account.id)).toEqual([bad.id]);
    expect(await snapshot()).toEqual(before);
  });

  it('skips a record that is not an account at all, and names it when asked for', async () => {
    const good = (await vault.addAccount(account(), EXAMPLE)).account;
    const db = await openDB('authenticator-vault');
    await db.put('accounts', { id: 'garbage', issuer: 42 });
    db.close();
    expect((await vault.list()).accounts.map((a) => a.id)).toEqual([good.id]);
    // Counted from keys alone, the damaged record is still one of the stored accounts.
    expect((await vault.status()).accountCount).toBe(2);
    expect((await rejectionOf(() => vault.code('garbage'))).code).toBe('corrupted_record');
    expect((await rejectionOf(() => vault.remove('garbage'))).code).toBe('corrupted_record');
  });
});

describe('reset', () => {
  it('wipes accounts, key and settings; the next use starts a fresh vault', async () => {
    await vault.addAccount(account(), EXAMPLE);
    await vault.updateSettings({ autoFill: false });
    await vault.setPassphrase(null, 'correct horse battery');
    await vault.reset();
    expect(await vault.status()).toEqual({ hasPassphrase: false, locked: false, accountCount: 0, lastBackupAt: null });
    expect((await vault.settings()).autoFill).toBe(true);
    expect((await vault.list()).accounts).toEqual([]);
  });
});
