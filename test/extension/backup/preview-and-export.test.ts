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
import { uriListFile } from './support/fixtures';
import { KNOWN_ACCOUNTS, RICH_ACCOUNTS } from './support/known-accounts';

describe('buildPreview', () => {
  it('sorts accounts into to add, duplicates of the vault, duplicates within the file, and invalid', async () => {
    const [a, b, c] = KNOWN_ACCOUNTS as [typeof KNOWN_ACCOUNTS[0], typeof KNOWN_ACCOUNTS[0], typeof KNOWN_ACCOUNTS[0]];
    // The same secret written differently (lower case, padded) is still the same secret.
    const text = [uriListFile([a, b, c]), `otpauth://totp/Other:name?secret=${b.secret.toLowerCase()}====&issuer=Other`, 'otpauth://totp/x?secret=1'].join('\n');
    const parsed = await readImport(text);
    const preview = buildPreview(parsed, [{ id: 'vault-7', secret: a.secret }]);
    expect(preview.toAdd.map((e) => e.params.account)).toEqual([b.account, c.account]);
    expect(preview.duplicates.map((d) => [d.params.account, d.duplicateOf])).toEqual([
      [a.account, { kind: 'vault', id: 'vault-7' }],
      ['name', { kind: 'file', where: 'line 4' }],
    ]);
    expect(preview.invalid.map((p) => p.code)).toEqual(['bad_secret']);
  });

  it('suggests a site from the issuer for unbound accounts only', async () => {
    const parsed = await readImport(uriListFile(KNOWN_ACCOUNTS));
    const preview = buildPreview(parsed, []);
    expect(preview.toAdd.map((e) => e.suggestedSite)).toEqual(['example.com', null, null, null, null, null]);
  });

  it('shows pages no secret', async () => {
    const parsed = await readImport(uriListFile([...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS]));
    const shown = JSON.stringify(previewView(buildPreview(parsed, [{ id: 'x', secret: KNOWN_ACCOUNTS[0]!.secret }]), { id: 'p', source: 'file', createdAt: 0 }));
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
