/**
 * The backup service against the real vault (fake-indexeddb, WXT's fake browser): a preview
 * writes nothing, a commit is one transaction (a failure injected part-way leaves the vault
 * exactly as it was), imported accounts fill nowhere until a site is assigned, export -> wipe
 * -> import gives the same vault, and scanned Google Authenticator exports collect code by
 * code and wait for the user's yes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createBackupService, type BackupService } from '../../../extension/backup/backup-service';
import { createHandlers } from '../../../extension/background/handlers';
import { createRoute } from '../../../extension/background/route-message';
import { scanNotAvailable } from '../../../extension/background/not-available';
import { Vault } from '../../../extension/vault';
import { fillPolicy } from '../../../extension/fill/fill-policy';
import { encodeMigrationUris } from '../../../shared/migration';
import { generateCode, formatKeyUri } from '../../../shared/otp';
import { EXAMPLE, OTHER, account, rejectionOf, resetWorld, snapshot, testClock, vaultWith, type TestClock } from '../vault/vault-test-kit';
import { aegisPlainFile, uriListFile } from './support/fixtures';
import { KNOWN_ACCOUNTS, RICH_ACCOUNTS } from './support/known-accounts';

let clock: TestClock;
let vault: Vault;
let backup: BackupService;

beforeEach(() => {
  resetWorld();
  clock = testClock();
  vault = vaultWith(clock);
  backup = createBackupService(vault, { now: clock.now });
});

afterEach(async () => {
  await vault.close();
});

/** Makes the `n`th IndexedDB put from now on throw, as a full disk or a crash would. */
function failPut(n: number): () => void {
  // fake-indexeddb/auto (loaded by the vault test kit) installs its IDBObjectStore globally.
  const proto = globalThis.IDBObjectStore.prototype;
  const original = proto.put;
  let calls = 0;
  proto.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (++calls === n) throw new DOMException('Injected failure: the disk is full.', 'QuotaExceededError');
    return original.apply(this, args);
  };
  return () => {
    proto.put = original;
  };
}

describe('import: preview, then one atomic commit', () => {
  it('a preview writes nothing; the commit adds every account, unbound', async () => {
    await vault.addAccount(account({ issuer: 'Existing' }), EXAMPLE);
    const before = await snapshot();
    const preview = await backup.preview({ text: uriListFile([...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS]) });
    expect(await snapshot()).toEqual(before);
    expect(preview).toMatchObject({ source: 'file', format: 'otpauth-list', formatName: 'list of otpauth:// addresses', duplicates: [], invalid: [] });
    expect(JSON.stringify(preview)).not.toContain(KNOWN_ACCOUNTS[0]!.secret);

    const result = await backup.commit({ id: preview.id });
    expect(result.added.map((a) => [a.issuer, a.account, a.origin, a.site])).toEqual([...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS].map((p) => [p.issuer, p.account, null, null]));
    const exported = await vault.exportAccounts();
    expect(exported.accounts.slice(1).map((a) => a.params)).toEqual([...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS]);
    // The preview is used up.
    expect((await rejectionOf(() => backup.commit({ id: preview.id }))).code).toBe('import_expired');
  });

  it('imported accounts fill nowhere until a site is assigned, and the assigned site fills', async () => {
    const preview = await backup.preview({ text: uriListFile(KNOWN_ACCOUNTS.slice(0, 2)) });
    expect(preview.toAdd.map((e) => e.suggestedSite)).toEqual(['example.com', null]);
    const [unbound] = (await backup.commit({ id: preview.id, include: [preview.toAdd[1]!.where] })).added;
    expect(await vault.codesForPage(EXAMPLE)).toEqual([]);
    // The fill policy, on any page, with automatic filling on: never in the page.
    for (const page of [EXAMPLE, OTHER]) expect(fillPolicy(page, unbound!, { autoFill: true })).toBe('popup-only');

    const again = await backup.preview({ text: uriListFile(KNOWN_ACCOUNTS.slice(0, 1)) });
    const first = again.toAdd[0]!;
    await backup.commit({ id: again.id, sites: { [first.where]: first.suggestedSite! } });
    const codes = await vault.codesForPage({ origin: 'https://example.com', site: 'example.com' }, clock.now());
    expect(codes).toEqual([expect.objectContaining({ issuer: 'Example', match: 'origin', code: generateCode(KNOWN_ACCOUNTS[0]!, clock.now()) })]);
    expect(await vault.codesForPage(OTHER)).toEqual([]);
  });

  it('an unbound account gets its site later, once; a bound one is never moved', async () => {
    const preview = await backup.preview({ text: uriListFile(KNOWN_ACCOUNTS.slice(0, 1)) });
    const [added] = (await backup.commit({ id: preview.id })).added;
    expect((await rejectionOf(() => backup.assignSite(added!.id, 'localhost-ish'))).code).toBe('bad_site');
    const bound = await backup.assignSite(added!.id, 'https://login.example.com/signin');
    expect(bound).toMatchObject({ origin: 'https://login.example.com', site: 'example.com' });
    expect(await vault.codesForPage({ origin: 'https://login.example.com', site: 'example.com' })).toHaveLength(1);
    expect((await rejectionOf(() => backup.assignSite(added!.id, 'other.test'))).message).toMatch(/not moved/);
    expect(await backup.assignSite(added!.id, 'login.example.com')).toMatchObject({ site: 'example.com' });
  });

  it('refuses a typed site that is not a web site, before writing anything', async () => {
    const preview = await backup.preview({ text: uriListFile(KNOWN_ACCOUNTS.slice(0, 2)) });
    const before = await snapshot();
    const error = await rejectionOf(() => backup.commit({ id: preview.id, sites: { [preview.toAdd[1]!.where]: 'not a site' } }));
    expect(error).toMatchObject({ code: 'bad_site', message: expect.stringContaining('not a web site') });
    expect(await snapshot()).toEqual(before);
  });

  it('a failure injected part-way through the commit leaves the vault unchanged, and the import can be retried', async () => {
    await vault.addAccount(account({ issuer: 'Existing' }), EXAMPLE);
    const preview = await backup.preview({ text: aegisPlainFile([...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS]) });
    const before = await snapshot();
    for (const n of [1, 3, 6]) {
      const restore = failPut(n);
      try {
        const error = await rejectionOf(() => backup.commit({ id: preview.id }));
        expect(error.message).toMatch(/disk is full/);
      } finally {
        restore();
      }
      expect(await snapshot()).toEqual(before);
    }
    const result = await backup.commit({ id: preview.id });
    expect(result.added).toHaveLength(KNOWN_ACCOUNTS.length + RICH_ACCOUNTS.length);
  });

  it('never leaves the vault partly written: a failure at any put, or any input, is all or nothing', async () => {
    await vault.addAccount(account({ issuer: 'Existing' }), EXAMPLE);
    const file = aegisPlainFile([...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS]);
    let empty = await snapshot();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.string({ maxLength: 200 }), async (failAt, junk) => {
        // Junk never writes.
        await backup.preview({ text: junk }).catch(() => undefined);
        expect(await snapshot()).toEqual(empty);
        const preview = await backup.preview({ text: file });
        const restore = failPut(failAt);
        let committed = false;
        try {
          await backup.commit({ id: preview.id });
          committed = true;
        } catch {
          // The injected failure.
        } finally {
          restore();
        }
        const after = (await snapshot()) as { accounts: unknown[] };
        if (committed) expect(after.accounts).toHaveLength(1 + KNOWN_ACCOUNTS.length + RICH_ACCOUNTS.length);
        else expect(after).toEqual(empty);
        // Back to the starting vault for the next run.
        if (committed) {
          await vault.reset();
          await vault.addAccount(account({ issuer: 'Existing' }), EXAMPLE);
          empty = await snapshot();
        }
      }),
      { numRuns: 25, seed: 21 },
    );
  });

  it('duplicates of the vault are shown apart and never added twice', async () => {
    await vault.addAccount(KNOWN_ACCOUNTS[0]!, EXAMPLE);
    const preview = await backup.preview({ text: uriListFile(KNOWN_ACCOUNTS.slice(0, 3)) });
    expect(preview.duplicates.map((d) => [d.account, d.duplicateOf.kind])).toEqual([[KNOWN_ACCOUNTS[0]!.account, 'vault']]);
    expect(preview.toAdd).toHaveLength(2);
    // The same file imported twice: the second commit finds the accounts already there.
    const twice = await backup.preview({ text: uriListFile(KNOWN_ACCOUNTS.slice(1, 3)) });
    await backup.commit({ id: preview.id });
    const second = await backup.commit({ id: twice.id });
    expect(second).toMatchObject({ added: [], duplicates: 2 });
    expect((await vault.list()).accounts).toHaveLength(3);
  });

  it('a Google Authenticator export of 20 accounts sharing secrets imports 20; an exact HOTP duplicate moves the counter on', async () => {
    const shared = KNOWN_ACCOUNTS[0]!.secret;
    const accounts = Array.from({ length: 20 }, (_, i) => ({
      ...KNOWN_ACCOUNTS[0]!,
      secret: i < 6 ? shared : KNOWN_ACCOUNTS[1 + (i % 5)]!.secret,
      issuer: i % 4 === 0 ? 'Google' : `Service ${i}`,
      account: `user${i}@example.com`,
      ...(i === 19 ? { type: 'hotp' as const, counter: 5 } : {}),
    }));
    const preview = await backup.preview({ text: encodeMigrationUris(accounts, { batchId: 7 }).uris.join('\n') });
    expect([preview.toAdd.length, preview.duplicates.length]).toEqual([20, 0]);
    expect(preview.toAdd.filter((e) => e.sharesSecretWith !== null).length).toBeGreaterThan(4);
    expect((await backup.commit({ id: preview.id })).added).toHaveLength(20);
    expect((await vault.list()).accounts).toHaveLength(20);

    const hotp = accounts[19]!;
    const again = await backup.preview({ text: uriListFile([{ ...hotp, counter: 40 }]) });
    expect(again.duplicates.map((d) => [d.duplicateOf.kind, d.advancesCounter])).toEqual([['vault', true]]);
    expect(await backup.commit({ id: again.id })).toMatchObject({ added: [] });
    const stored = (await vault.exportAccounts()).accounts.filter((a) => a.params.type === 'hotp');
    expect(stored.map((a) => a.params.counter)).toEqual([40]);
  });

  it('files that cannot be read change nothing and say why', async () => {
    await vault.addAccount(account(), EXAMPLE);
    const before = await snapshot();
    expect((await rejectionOf(() => backup.preview({ text: 'hello' }))).code).toBe('unknown_format');
    expect((await rejectionOf(() => backup.preview({ base64: '!!!' }))).code).toBe('corrupted');
    expect((await rejectionOf(() => backup.preview({}))).code).toBe('empty');
    expect((await rejectionOf(() => backup.preview({ base64: 'A'.repeat(14 * 1024 * 1024) }))).code).toBe('too_large');
    expect(await snapshot()).toEqual(before);
  });
});

describe('backup: export -> wipe -> import gives the same vault', () => {
  it('secrets byte for byte, bindings, order, pins, previous tokens, counters and settings', async () => {
    const [a, b, c, hotp] = [KNOWN_ACCOUNTS[0]!, KNOWN_ACCOUNTS[1]!, KNOWN_ACCOUNTS[2]!, KNOWN_ACCOUNTS[3]!];
    await vault.addAccount(a, EXAMPLE);
    clock.advance(1000);
    await vault.addAccount(b, OTHER);
    clock.advance(1000);
    await vault.addAccount(hotp, null);
    await vault.code((await vault.list()).accounts[2]!.id); // HOTP counter advances to 43
    clock.advance(1000);
    // A new token for the same login: the old one stays as previous.
    await vault.addAccount({ ...c, issuer: a.issuer, account: a.account }, EXAMPLE);
    const list = (await vault.list()).accounts;
    await vault.pin(list.find((x) => x.issuer === b.issuer)!.id, true);
    await vault.updateSettings({ autoFill: false, autoLockMinutes: 5, confirmImports: false });

    const view = async () => (await vault.list()).accounts.map(({ id: _id, ...rest }) => rest);
    const secrets = async () => (await vault.exportAccounts()).accounts.map((x) => x.params);
    const [viewBefore, secretsBefore, settingsBefore] = [await view(), await secrets(), await vault.settings()];
    expect(viewBefore.some((x) => x.previous)).toBe(true);

    const exported = await backup.export({ kind: 'encrypted', password: 'a long backup password' });
    expect(exported.file?.name).toMatch(/^phone-free-authenticator-backup-\d{4}-\d{2}-\d{2}\.json$/);
    expect((await vault.status()).lastBackupAt).toBe(clock.now());

    await vault.reset();
    expect((await vault.list()).accounts).toEqual([]);

    const preview = await backup.preview({ base64: Buffer.from(exported.file!.text).toString('base64'), password: 'a long backup password' });
    expect(preview).toMatchObject({ format: 'phone-free-backup', encrypted: true, hasSettings: true, invalid: [], duplicates: [] });
    const result = await backup.commit({ id: preview.id, restoreSettings: true });
    expect(result.settingsRestored).toBe(true);
    expect(await view()).toEqual(viewBefore);
    expect(await secrets()).toEqual(secretsBefore);
    expect(await vault.settings()).toEqual(settingsBefore);
  });

  it('unencrypted exports need the yes to the warning; encrypted ones a real password', async () => {
    await vault.addAccount(KNOWN_ACCOUNTS[0]!, EXAMPLE);
    for (const kind of ['plain', 'uris', 'migration'] as const) {
      expect((await rejectionOf(() => backup.export({ kind }))).code).toBe('confirmation_required');
    }
    expect((await rejectionOf(() => backup.export({ kind: 'encrypted', password: 'short' }))).code).toBe('weak_password');
    expect((await vault.status()).lastBackupAt).toBeNull();

    const uris = await backup.export({ kind: 'uris', confirmUnencrypted: true });
    expect(uris.file?.text).toContain(formatKeyUri(KNOWN_ACCOUNTS[0]!));
    const plain = await backup.export({ kind: 'plain', confirmUnencrypted: true });
    expect(plain.file?.name).toContain('UNENCRYPTED');
    await vault.addAccount(RICH_ACCOUNTS[0]!, null);
    const qr = await backup.export({ kind: 'migration', confirmUnencrypted: true });
    expect(qr).toMatchObject({ accountCount: 1, leftOut: [{ label: 'Sixty (dave)', message: expect.stringContaining('7 digits') }] });
    expect(qr.uris[0]).toMatch(/^otpauth-migration:\/\/offline\?data=/);
  });
});

describe('a scanned Google Authenticator export', () => {
  const uris = encodeMigrationUris(KNOWN_ACCOUNTS, { batchId: 77, maxUriChars: 300 }).uris;

  it('says "2 of 3 scanned" code by code, then adds the accounts at once when confirmImports is off', async () => {
    expect(uris.length).toBeGreaterThanOrEqual(3);
    await vault.updateSettings({ confirmImports: false });
    const results = [];
    for (const uri of uris) results.push(await backup.scannedMigration(uri));
    expect(results[1]).toMatchObject({ added: [], scanned: 2, total: uris.length, complete: false, message: `2 of ${uris.length} QR codes scanned; still to scan: 3${uris.length > 3 ? ', 4' : ''}.` });
    const last = results[results.length - 1]!;
    expect(last).toMatchObject({ complete: true, scanned: uris.length });
    expect(last.added.map((a) => [a.issuer, a.account, a.site])).toEqual(KNOWN_ACCOUNTS.map((p) => [p.issuer, p.account, null]));
  });

  it('with confirmImports on, resolves only when the user accepts the preview', async () => {
    for (const uri of uris.slice(0, -1)) await backup.scannedMigration(uri);
    let settled = false;
    const scanning = backup.scannedMigration(uris[uris.length - 1]!).then((r) => ((settled = true), r));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    expect((await vault.list()).accounts).toEqual([]);
    const [pending] = await backup.pending();
    expect(pending).toMatchObject({ source: 'scan', format: 'google-migration', toAdd: expect.any(Array) });
    expect(pending!.toAdd).toHaveLength(KNOWN_ACCOUNTS.length);
    await backup.commit({ id: pending!.id });
    expect((await scanning).added).toHaveLength(KNOWN_ACCOUNTS.length);
    expect(await backup.pending()).toEqual([]);
  });

  it('does not wait for the user when there is nothing new to add', async () => {
    await vault.addAccount(KNOWN_ACCOUNTS[0]!, EXAMPLE);
    const single = encodeMigrationUris(KNOWN_ACCOUNTS.slice(0, 1), { batchId: 6 }).uris[0]!;
    const result = await backup.scannedMigration(single);
    expect(result).toMatchObject({ added: [], complete: true, message: expect.stringContaining('1 already in your vault') });
    expect(await backup.pending()).toEqual([]);
  });

  it('rejects with import_declined when the user cancels, and adds nothing', async () => {
    const single = encodeMigrationUris(KNOWN_ACCOUNTS.slice(0, 1), { batchId: 5 }).uris[0]!;
    const scanning = backup.scannedMigration(single);
    const outcome = scanning.then(() => 'resolved', (e: { code?: string }) => e.code);
    await new Promise((r) => setTimeout(r, 20));
    const [pending] = await backup.pending();
    await backup.discard(pending!.id);
    expect(await outcome).toBe('import_declined');
    expect((await vault.list()).accounts).toEqual([]);
  });
});

describe('backup messages', () => {
  it('are refused from web pages and parsed at the boundary', async () => {
    const clipboard = { scheduleClear: async () => undefined, done: async () => undefined };
    const route = createRoute(createHandlers({ vault, clipboard, backup, scan: scanNotAvailable }));
    const page = { kind: 'content' as const, tabId: 1, frameId: 0, url: 'https://evil.test/', page: { origin: 'https://evil.test', site: 'evil.test' } };
    for (const name of ['backup.preview', 'backup.export', 'backup.commit', 'backup.pending']) {
      expect((await rejectionOf(() => route(name, {}, page))).code).toBe('forbidden');
    }
    const self = { kind: 'extension' as const, tabId: null };
    expect((await rejectionOf(() => route('backup.export', { kind: 'zip' }, self))).code).toBe('bad_request');
    const preview = (await route('backup.preview', { text: uriListFile(KNOWN_ACCOUNTS.slice(0, 1)) }, self)) as { id: string };
    const result = (await route('backup.commit', { id: preview.id, sites: { 'line 3': 'example.com' } }, self)) as { added: { site: string | null }[] };
    expect(result.added[0]?.site).toBe('example.com');
  });
});
