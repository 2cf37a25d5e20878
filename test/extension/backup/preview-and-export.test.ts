/**
 * The preview (to add / duplicate / invalid, with site suggestions; never a secret in what a
 * page sees) and the exports (otpauth list, Google Authenticator codes) read back by our own
 * importer.
 */
import { describe, expect, it } from 'vitest';
import {
  buildPreview,
  exportMigrationCodes,
  exportUriList,
  previewView,
  readImport,
  suggestSite,
} from '../../../extension/backup';
import { encodeMigrationUris } from '../../../shared/migration';
import { formatKeyUri, type OtpParams } from '../../../shared/otp';
import { uriListFile } from './support/fixtures';
import { KNOWN_ACCOUNTS, RICH_ACCOUNTS } from './support/known-accounts';

describe('buildPreview', () => {
  it('sorts accounts into to add, exact duplicates of the vault, exact duplicates within the file, and invalid', async () => {
    const [a, b, c] = KNOWN_ACCOUNTS as [typeof KNOWN_ACCOUNTS[0], typeof KNOWN_ACCOUNTS[0], typeof KNOWN_ACCOUNTS[0]];
    // The same account with its secret written differently (lower case, padded) is still the same account.
    const again = formatKeyUri(b).replace(b.secret, `${b.secret.toLowerCase()}====`);
    const text = [uriListFile([a, b, c]), again, 'otpauth://totp/x?secret=1'].join('\n');
    const parsed = await readImport(text);
    const preview = buildPreview(parsed, [{ id: 'vault-7', params: a }]);
    expect(preview.toAdd.map((e) => e.params.account)).toEqual([b.account, c.account]);
    expect(preview.duplicates.map((d) => [d.params.account, d.duplicateOf])).toEqual([
      [a.account, { kind: 'vault', id: 'vault-7' }],
      [b.account, { kind: 'file', where: 'line 4' }],
    ]);
    expect(preview.invalid.map((p) => p.code)).toEqual(['bad_secret']);
  });

  it('keeps accounts that share a secret but differ in name, issuer or type, and says which secret they share', async () => {
    const a = KNOWN_ACCOUNTS[0]!;
    const entries: OtpParams[] = [
      { ...a, account: 'other name' },
      { ...a, issuer: 'Other issuer' },
      { ...a, type: 'hotp', counter: 5 },
    ];
    const parsed = await readImport(uriListFile(entries));
    const preview = buildPreview(parsed, [{ id: 'vault-1', params: a }]);
    expect(preview.duplicates).toEqual([]);
    expect(preview.toAdd.map((e) => [e.params.type, e.params.issuer, e.params.account])).toEqual([
      ['totp', a.issuer, 'other name'],
      ['totp', 'Other issuer', a.account],
      ['hotp', a.issuer, a.account],
    ]);
    expect(preview.toAdd.map((e) => e.sharesSecretWith)).toEqual(Array(3).fill(`Example (alice@example.com), in your vault`));
  });

  it('of two exact HOTP duplicates keeps the newer counter, in the file and against the vault', async () => {
    const h = KNOWN_ACCOUNTS.find((p) => p.type === 'hotp')!;
    const inFile = buildPreview(await readImport(uriListFile([{ ...h, counter: 3 }, { ...h, counter: 9 }, { ...h, counter: 4 }])), []);
    expect(inFile.toAdd.map((e) => e.params.counter)).toEqual([9]);
    expect(inFile.duplicates).toHaveLength(2);
    const vault = buildPreview(await readImport(uriListFile([{ ...h, counter: 50 }])), [{ id: 'v', params: { ...h, counter: 42 } }]);
    expect(vault.duplicates.map((d) => [d.duplicateOf, d.advancesCounter])).toEqual([[{ kind: 'vault', id: 'v' }, true]]);
    const older = buildPreview(await readImport(uriListFile([{ ...h, counter: 1 }])), [{ id: 'v', params: { ...h, counter: 42 } }]);
    expect(older.duplicates.map((d) => d.advancesCounter)).toEqual([false]);
  });

  it('a Google Authenticator export of 20 accounts, 8 of them sharing secrets, offers all 20', async () => {
    const shared = ['JBSWY3DPEHPK3PXP', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'];
    const accounts: OtpParams[] = Array.from({ length: 20 }, (_, i) => ({
      type: i === 3 ? 'hotp' : 'totp',
      secret: i < 8 ? shared[i % 2]! : `${'MFRGGZDFMZTWQ2LK'}${String.fromCharCode(65 + i)}${'A'.repeat(7)}`,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: i === 3 ? 7 : 0,
      issuer: i % 3 === 0 ? 'Google' : `Service ${i}`,
      account: `user${i}@example.com`,
    }));
    const uris = encodeMigrationUris(accounts, { batchId: 20 }).uris;
    const preview = buildPreview(await readImport(uris.join('\n')), []);
    expect(preview.invalid).toEqual([]);
    expect(preview.duplicates).toEqual([]);
    expect(preview.toAdd).toHaveLength(20);
    expect(preview.toAdd.filter((e) => e.sharesSecretWith !== null)).toHaveLength(6);
  });

  it('suggests a site from the issuer for unbound accounts only', async () => {
    const parsed = await readImport(uriListFile(KNOWN_ACCOUNTS));
    const preview = buildPreview(parsed, []);
    expect(preview.toAdd.map((e) => e.suggestedSite)).toEqual(['example.com', null, null, null, null, null]);
  });

  it('shows pages no secret', async () => {
    const parsed = await readImport(uriListFile([...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS]));
    const shown = JSON.stringify(previewView(buildPreview(parsed, [{ id: 'x', params: KNOWN_ACCOUNTS[0]! }]), { id: 'p', source: 'file', createdAt: 0 }));
    for (const account of [...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS]) expect(shown).not.toContain(account.secret);
    expect(shown).toContain('"issuer":"Sixty"');
  });
});

describe('suggestSite', () => {
  it.each([
    ['GitHub', 'github.com'],
    ['accounts.google.co.uk', 'google.co.uk'],
    ['Example (login.example.org)', 'example.org'],
    ['Amazon Web Services', 'aws.amazon.com'],
    ['npm', 'npmjs.com'],
    ['', null],
    ['東京 Mail', null],
    ['  ', null],
  ])('%s -> %s', (issuer, site) => {
    expect(suggestSite(issuer)).toBe(site);
  });
});

describe('exports', () => {
  it('an otpauth list reads back to the same accounts and warns in its header', async () => {
    const text = exportUriList([...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS], Date.UTC(2026, 0, 1));
    expect(text.split('\n')[1]).toMatch(/^# Anyone who has this file can generate your codes/);
    const parsed = await readImport(text);
    expect(parsed.candidates.map((c) => c.params)).toEqual([...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS]);
  });

  it('Google Authenticator codes carry what the format can, and say what it cannot', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...KNOWN_ACCOUNTS[i % KNOWN_ACCOUNTS.length]!, account: `user${i}` }));
    const { uris, skipped } = exportMigrationCodes([...many, ...RICH_ACCOUNTS]);
    expect(uris.length).toBeGreaterThan(1);
    expect(skipped.map((s) => s.account)).toEqual(['dave', 'erin']);
    const ids = new Set(uris.map((u) => u.length));
    expect(ids.size).toBeGreaterThan(0);
    const parsed = await readImport(uris.join('\n'));
    expect(parsed.format).toBe('google-migration');
    expect(parsed.notes).toEqual([]);
    expect(parsed.candidates.map((c) => c.params)).toEqual(many);
  });
});
