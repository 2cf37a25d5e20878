/**
 * Every import format, from fixtures generated with each format's published structure: the
 * accounts come back exactly, the format is detected, and the codes match oathtool.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { detectFormat, readImport, type ParsedImport } from '../../../extension/backup';
import { encodeMigrationUris } from '../../../shared/migration';
import { generateCode, type OtpParams } from '../../../shared/otp';
import {
  aegisEncryptedFile,
  aegisPlainFile,
  authenticatorExtensionFile,
  twoFasEncryptedFile,
  twoFasPlainFile,
  uriListFile,
} from './support/fixtures';
import { CHECK_TIME_MS, KNOWN_ACCOUNTS, RICH_ACCOUNTS } from './support/known-accounts';
import { oathtoolCode, oathtoolMissing } from '../../support/oathtool';

const ALL = [...KNOWN_ACCOUNTS, ...RICH_ACCOUNTS];
const PASSWORD = 'correct horse battery staple ✓';
/** 2FAS always names a service; without an issuer that name (here the account) is what the user saw. */
const ALL_2FAS = ALL.map((p) => ({ ...p, issuer: p.issuer || p.account }));

type Case = { name: string; file: () => string; format: string; encrypted: boolean; accounts: readonly OtpParams[]; password?: string };

const cases: Case[] = [
  { name: 'otpauth:// list', file: () => uriListFile(ALL), format: 'otpauth-list', encrypted: false, accounts: ALL },
  {
    name: 'Google Authenticator export (3 codes)',
    file: () => encodeMigrationUris(KNOWN_ACCOUNTS, { batchId: 11, maxUriChars: 300 }).uris.join('\n'),
    format: 'google-migration',
    encrypted: false,
    accounts: KNOWN_ACCOUNTS,
  },
  { name: 'Aegis plain', file: () => aegisPlainFile(ALL), format: 'aegis', encrypted: false, accounts: ALL },
  { name: 'Aegis encrypted', file: () => aegisEncryptedFile(ALL, PASSWORD), format: 'aegis', encrypted: true, accounts: ALL, password: PASSWORD },
  { name: '2FAS plain', file: () => twoFasPlainFile(ALL), format: '2fas', encrypted: false, accounts: ALL_2FAS },
  { name: '2FAS encrypted', file: () => twoFasEncryptedFile(ALL, PASSWORD), format: '2fas', encrypted: true, accounts: ALL_2FAS, password: PASSWORD },
  { name: 'Authenticator extension', file: () => authenticatorExtensionFile(ALL), format: 'authenticator-extension', encrypted: false, accounts: ALL },
];

const imported = new Map<string, ParsedImport>();

describe.each(cases)('$name', (c) => {
  it('is detected and imports every account exactly, in order', async () => {
    const file = c.file();
    const detected = detectFormat(new TextEncoder().encode(file));
    expect(detected.format).toBe(c.format);
    expect(detected.encrypted).toBe(c.encrypted);
    const parsed = await readImport(new TextEncoder().encode(file), c.password === undefined ? {} : { password: c.password });
    expect(parsed.invalid).toEqual([]);
    expect(parsed.candidates.map((x) => x.params)).toEqual(c.accounts);
    for (const candidate of parsed.candidates) {
      // Other apps' files never bind a site: the user assigns one.
      expect(candidate.meta.origin).toBeNull();
      expect(candidate.meta.site).toBeNull();
    }
    imported.set(c.name, parsed);
  });

  it.skipIf(oathtoolMissing)('gives codes that match oathtool', async () => {
    const parsed = imported.get(c.name) ?? (await readImport(c.file(), { password: c.password }));
    for (const { params } of parsed.candidates) {
      for (const t of [CHECK_TIME_MS, CHECK_TIME_MS + 90_000]) {
        expect(generateCode(params, t), `${params.issuer}/${params.account}`).toBe(oathtoolCode(params, t));
      }
    }
  });
});

describe('format details', () => {
  it('Aegis: favourites become pinned; Steam, Yandex and mOTP entries are named and left out', async () => {
    const steam = { type: 'steam', uuid: randomUUID(), name: 'gaben', issuer: 'Steam', info: { secret: 'JBSWY3DPEHPK3PXP', algo: 'SHA1', digits: 5, period: 30 } };
    const parsed = await readImport(aegisPlainFile(KNOWN_ACCOUNTS.slice(0, 2), [steam]));
    expect(parsed.candidates.map((c) => c.meta.pinned)).toEqual([true, false]);
    expect(parsed.invalid).toEqual([{ where: 'entry 3', label: 'Steam (gaben)', code: 'bad_type', message: expect.stringMatching(/steam codes are not standard/) }]);
  });

  it('Aegis: a vault with a biometric slot besides the password slot opens with the password', async () => {
    const biometric = { type: 2, uuid: randomUUID(), key: '00'.repeat(32), key_params: { nonce: '00'.repeat(12), tag: '00'.repeat(16) } };
    const parsed = await readImport(aegisEncryptedFile(KNOWN_ACCOUNTS, PASSWORD, { extraSlots: [biometric] }), { password: PASSWORD });
    expect(parsed.candidates).toHaveLength(KNOWN_ACCOUNTS.length);
  });

  it('Aegis: the default scrypt cost (N=2^15) opens too', async () => {
    const parsed = await readImport(aegisEncryptedFile(KNOWN_ACCOUNTS.slice(0, 1), PASSWORD, { n: 2 ** 15 }), { password: PASSWORD });
    expect(parsed.candidates).toHaveLength(1);
  });

  it('2FAS: an encrypted file without a reference still opens; Steam services are named and left out', async () => {
    const parsed = await readImport(twoFasEncryptedFile(KNOWN_ACCOUNTS, PASSWORD, { withReference: false }), { password: PASSWORD });
    expect(parsed.candidates).toHaveLength(KNOWN_ACCOUNTS.length);
    const steam = { name: 'Steam', secret: 'JBSWY3DPEHPK3PXP', otp: { account: 'gaben', tokenType: 'STEAM', digits: 5, period: 30 } };
    const plain = await readImport(twoFasPlainFile([], [steam]));
    expect(plain.invalid).toEqual([{ where: 'service 1', label: 'Steam (gaben)', code: 'bad_type', message: expect.stringContaining('STEAM codes') }]);
  });

  it('Authenticator extension: pinned entries, hex secrets, Steam/Battle.net refused, key and settings records ignored', async () => {
    const file = authenticatorExtensionFile(KNOWN_ACCOUNTS.slice(0, 2), {
      hexOne: { encrypted: false, index: 5, type: 'hex', secret: '48656c6c6f21deadbeef', issuer: 'Hex', account: 'h' },
      steamOne: { encrypted: false, index: 6, type: 'steam', secret: 'JBSWY3DPEHPK3PXP', issuer: 'Steam', account: 's' },
      UserSettings: { theme: 'dark' },
      someKey: { dataType: 'Key', id: 'k', salt: 'x', hash: 'y' },
    });
    const parsed = await readImport(file);
    expect(parsed.candidates.map((c) => [c.params.issuer, c.meta.pinned])).toEqual([
      ['Example', false],
      ['Bänk Größe', true],
      ['Hex', false],
    ]);
    expect(parsed.candidates[2]?.params.secret).toBe('JBSWY3DPEHPK3PXP');
    expect(parsed.invalid.map((p) => [p.label, p.code])).toEqual([['Steam (s)', 'bad_type']]);
  });

  it('Authenticator extension: an encrypted backup is refused with what to do', async () => {
    const file = JSON.stringify({ a: { dataType: 'EncOTPStorage', keyId: 'k', data: 'xxx', index: 0 }, k: { dataType: 'Key', id: 'k', salt: 's', hash: 'h' } });
    await expect(readImport(file)).rejects.toMatchObject({ code: 'unsupported_encryption', message: expect.stringContaining('without encryption') });
  });

  it('otpauth lists may mix in Google Authenticator exports', async () => {
    const migration = encodeMigrationUris(KNOWN_ACCOUNTS.slice(0, 2), { batchId: 1 }).uris[0]!;
    const parsed = await readImport(`${uriListFile(RICH_ACCOUNTS)}\n${migration}\n`);
    expect(parsed.format).toBe('otpauth-list');
    expect(parsed.candidates.map((c) => c.params)).toEqual([...RICH_ACCOUNTS, ...KNOWN_ACCOUNTS.slice(0, 2)]);
  });

  it('a Google Authenticator export with codes missing imports what is there and says what is missing', async () => {
    const uris = encodeMigrationUris(KNOWN_ACCOUNTS, { batchId: 11, maxUriChars: 300 }).uris;
    expect(uris.length).toBeGreaterThanOrEqual(3);
    const parsed = await readImport(uris.slice(0, 2).join('\n'));
    expect(parsed.candidates.length).toBeGreaterThan(0);
    expect(parsed.notes).toEqual([expect.stringContaining(`2 of ${uris.length} QR codes scanned`)]);
  });
});
